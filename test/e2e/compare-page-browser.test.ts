import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../gateway/auth/api-key-file.ts';
import { browserSuiteName, openObservedBrowser, SCREENSHOT_DIR, skipBrowser, type ObservedBrowser } from '../support/chromium.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

type TableRow = Record<string, string>;

/** The comparison table as the reader sees it: one object per row, keyed by column, whitespace normalised. */
function tableRows(page: Page): Promise<TableRow[]> {
  return page.locator('#comparison-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => Object.fromEntries(Array.from((row as HTMLTableRowElement).cells, (cell) => [cell.dataset.column ?? '', (cell.textContent ?? '').replace(/\s+/g, ' ').trim()]))),
  );
}

/** Waits until the page has drawn the answer for the view in its address (and, if given, that the address is `search`). */
async function waitForView(page: Page, search?: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.getElementById('results')?.getAttribute('aria-busy') === 'false' && (expected == null || location.search === expected),
    search ?? null,
    { timeout: 20_000 },
  );
}

describe('the comparison page, served by the gateway over a real cluster (PGlite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['I', 'VI', 'XII']);
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  describe.skipIf(skipBrowser)(browserSuiteName('the comparison page'), () => {
    let observed: ObservedBrowser;
    let context: BrowserContext;

    beforeAll(async () => {
      observed = await openObservedBrowser();
      context = observed.context;
    });
    afterAll(() => observed?.close());

    it('draws the ASN Professionalism Index chosen by name, with VI 2021 target 77 and XII 2024 target 82 in the table', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare`);
      await waitForView(page);

      const indicator = page.getByLabel('Indikator', { exact: true });
      const names = await indicator.locator('option').allTextContents();
      expect(names).toHaveLength(14);
      const name = names.find((text) => text.startsWith('Indeks Profesionalitas ASN'));
      expect(name, names.join(' | ')).toBeDefined();
      await indicator.selectOption({ label: name! });
      await page.getByRole('button', { name: 'Kosongkan' }).click();
      for (const region of ['VI Medan', 'XII Pekanbaru', 'I Yogyakarta']) await page.getByRole('checkbox', { name: region, exact: true }).check();
      await waitForView(page, '?indicator=IKU-09&regions=I,VI,XII');

      const rows = await tableRows(page);
      expect(rows).toContainEqual(expect.objectContaining({ region: 'VI Medan', year: '2021', code: '7.a', kind: 'Dokumen', target: '77' }));
      expect(rows).toContainEqual(expect.objectContaining({ region: 'XII Pekanbaru', year: '2024', code: 'IKU.9', target: '82' }));
      // Indonesian decimals: 81,95, not 81.95.
      expect(rows).toContainEqual(expect.objectContaining({ region: 'XII Pekanbaru', year: '2023', realisation: '81,95' }));
      expect(rows).toContainEqual(expect.objectContaining({ region: 'I Yogyakarta', year: '2021', missing: 'tidak ada rencana kerja' }));
      expect(await page.locator('#comparison-table caption').textContent()).toContain('Indeks Profesionalitas ASN Kantor Regional');

      const chart = await page.evaluate(() => {
        const drawn = (window as any).Chart.getChart('comparison-chart');
        return { labels: drawn.data.labels as string[][], targets: drawn.data.datasets[0].data as Array<number | null>, realisations: drawn.data.datasets[1].data as Array<number | null> };
      });
      const at = (region: string, year: string) => chart.labels.findIndex((label) => label[0] === region && label[1] === year);
      expect(chart.targets[at('VI Medan', '2021')]).toBe(77);
      expect(chart.targets[at('XII Pekanbaru', '2024')]).toBe(82);
      expect(chart.realisations[at('XII Pekanbaru', '2023')]).toBe(81.95);
      expect(await page.locator('#comparison-chart').getAttribute('aria-label')).toContain('Indeks Profesionalitas ASN Kantor Regional');
      expect(await page.getByRole('link', { name: 'Unduh CSV tampilan ini' }).getAttribute('href')).toBe(
        'export/indicators.csv?indicators=IKU-09&regions=I,VI,XII&years=2021,2023,2024&kinds=DOCUMENT,DERIVED,MANUAL',
      );
      expect(await page.locator('#unavailable').isHidden()).toBe(true);
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/compare.png` });
      await page.close();
    });

    it('restores the view from a shared link', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&regions=VI,XII&years=2021,2024`);
      await waitForView(page);
      expect(await page.getByLabel('Indikator', { exact: true }).inputValue()).toBe('IKU-09');
      expect(await page.getByRole('checkbox', { name: 'XII Pekanbaru', exact: true }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'I Yogyakarta', exact: true }).isChecked()).toBe(false);
      expect(await page.getByRole('checkbox', { name: '2023', exact: true }).isChecked()).toBe(false);
      const rows = await tableRows(page);
      expect(rows.map((row) => `${row.region} ${row.year} ${row.target}`)).toEqual(['VI Medan 2021 77', 'VI Medan 2024 –', 'XII Pekanbaru 2021 –', 'XII Pekanbaru 2024 82']);
      await page.close();
    });

    it('compares a budget code in Rupiah with thousands separators, and links its CSV', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?regions=VI,XII&years=2021,2024`);
      await waitForView(page);
      await page.getByRole('radio', { name: 'Pos anggaran' }).check();
      await page.getByLabel('Tingkat anggaran').selectOption('RO');
      await page.getByLabel('Kode anggaran', { exact: true }).selectOption({ label: '4843.EAA.002 · Gaji dan Tunjangan Kanreg I - XIV' });
      await waitForView(page, '?level=RO&codes=4843.EAA.002&regions=VI,XII&years=2021,2024');
      const rows = await tableRows(page);
      const medan = rows.find((row) => row.region === 'VI Medan' && row.year === '2021');
      expect(medan?.amount).toBe('Rp 6.346.733.000');
      expect(medan?.shareOfRegionTotal).toBe('51,9%');
      const csvLink = page.getByRole('link', { name: 'Unduh CSV tampilan ini' });
      expect(await csvLink.getAttribute('href')).toBe('export/budget.csv?level=RO&codes=4843.EAA.002&regions=VI,XII&years=2021,2024&kinds=DOCUMENT,DERIVED,MANUAL');
      // The table formats for the reader; the CSV of the same view keeps the raw amount.
      const csv = await page.request.get(await csvLink.evaluate((link) => (link as HTMLAnchorElement).href));
      expect(csv.status()).toBe(200);
      expect(await csv.text()).toMatch(/^VI,.*,2021,RO,4843\.EAA\.002,.*,6346733000,/m);
      await page.close();
    });

    it('loads every script, style and answer from the gateway itself, no CDN', () => {
      const origin = new URL(cluster.gatewayUrl).origin;
      expect(observed.requested.some((url) => url.endsWith('/compare/chart.umd.js'))).toBe(true);
      expect(observed.requested.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)).toEqual([]);
    });

    describe('with AUTH_MODE=required and an API key pasted in the field', () => {
      let keyDirectory: string;
      let gatewayUrl: string;
      let key: string;

      beforeAll(async () => {
        keyDirectory = mkdtempSync(join(tmpdir(), 'bkn-browser-keys-'));
        const apiKeysFile = join(keyDirectory, 'api-keys.json');
        key = createApiKey(apiKeysFile, { name: 'browser-test', roles: ['analyst'] }).key;
        gatewayUrl = (await cluster.startGateway({ AUTH_MODE: 'required', API_KEYS_FILE: apiKeysFile })).url;
      });
      afterAll(() => rmSync(keyDirectory, { recursive: true, force: true }));

      it('/compare says 401 without a key, draws the chart with it, and downloads the CSV with the key', async () => {
        const page = await context.newPage();
        await page.goto(`${gatewayUrl}/compare?indicator=IKU-09&regions=VI,XII&years=2021,2024`);
        await waitForView(page);
        expect(await page.locator('#credential-status').textContent()).toContain('401');
        expect(await page.locator('#error').textContent()).toContain('401');

        await page.getByLabel('Token atau kunci API').fill(key);
        await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Pakai', exact: true }).click()]);
        await waitForView(page, '?indicator=IKU-09&regions=VI,XII&years=2021,2024');
        const rows = await tableRows(page);
        expect(rows).toContainEqual(expect.objectContaining({ region: 'VI Medan', year: '2021', target: '77' }));
        const targets = await page.evaluate(() => (window as any).Chart.getChart('comparison-chart').data.datasets[0].data as Array<number | null>);
        expect(targets).toContain(77);
        expect(await page.locator('#error').isHidden()).toBe(true);

        const link = page.getByRole('link', { name: 'Unduh CSV tampilan ini' });
        const href = await link.evaluate((anchor) => (anchor as HTMLAnchorElement).href);
        expect((await page.request.get(href)).status()).toBe(401);
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toBe('indicators.csv');
        expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^IKU-09,.*,VI,.*,2021,7\.a,DOCUMENT,77,/m);
        await page.close();
      });
    });

    it('causes no Content Security Policy violation, with auth off or on', () => {
      expect(observed.requested.some((url) => url.endsWith('/compare/compare-page.js'))).toBe(true);
      expect(observed.cspViolations).toEqual([]);
    });

    // Last: it stops region XII for good.
    it('still shows the other regions when one is down, and names the missing one', async () => {
      await cluster.regions.get('XII')!.close();
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&regions=VI,XII&years=2021,2024`);
      await waitForView(page);
      const notice = page.locator('#unavailable');
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toContain('Kanreg XII Pekanbaru');
      expect(await notice.textContent()).not.toContain('Medan');
      const rows = await tableRows(page);
      expect(rows).toContainEqual(expect.objectContaining({ region: 'VI Medan', year: '2021', target: '77' }));
      expect(rows).toContainEqual(expect.objectContaining({ region: 'XII Pekanbaru', year: '2024', target: '–', missing: 'layanan wilayah tidak menjawab' }));
      await page.close();
    });
  });
});

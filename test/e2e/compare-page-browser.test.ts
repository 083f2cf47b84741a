import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { REGION_CODES } from '../../shared/regions/region-codes.ts';
import {
  browserSuiteName,
  openObservedBrowser,
  startGatewayRequiringKey,
  SCREENSHOT_DIR,
  skipBrowser,
  type ObservedBrowser,
} from '../support/chromium.ts';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

type TableRow = Record<string, string>;

const YEARS = [2020, 2021, 2022, 2023, 2024, 2025];
const ALL_YEARS = YEARS.join(',');

/** The comparison table as the reader sees it: one object per row, keyed by column, whitespace normalised. */
function tableRows(page: Page): Promise<TableRow[]> {
  return page
    .locator('#comparison-table tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Object.fromEntries(
          Array.from((row as HTMLTableRowElement).cells, (cell) => [
            cell.dataset.column ?? '',
            (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
          ]),
        ),
      ),
    );
}

/**
 * Waits until the page has drawn the answer for the view in its address (and, if given, that the address is `search`).
 */
async function waitForView(page: Page, search?: string): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      document.getElementById('results')?.getAttribute('aria-busy') === 'false' &&
      (expected == null || location.search === expected),
    search ?? null,
    { timeout: 20_000 },
  );
}

interface DrawnChart {
  type: string;
  labels: string[];
  datasets: Array<{ label: string; data: Array<number | null> }>;
  valueAxisMin: number;
}

/** The Chart.js chart on the page, as drawn: its data and where its value axis starts. */
function drawnChart(page: Page): Promise<DrawnChart> {
  return page.evaluate(() => {
    const chart = (window as any).Chart.getChart('comparison-chart');
    const horizontal = chart.options.indexAxis === 'y';
    return {
      type: chart.config.type,
      labels: chart.data.labels,
      datasets: chart.data.datasets.map((dataset: any) => ({ label: dataset.label, data: dataset.data })),
      valueAxisMin: chart.scales[horizontal ? 'x' : 'y'].min,
    };
  });
}

/** Parses a number as the page prints it: 81,95; Rp 6.346.733.000; 97,7%. */
function readIndonesian(text: string): number | null {
  if (text === '–' || text === '') return null;
  return Number(text.replace(/[^\d,-]/g, '').replace(',', '.'));
}

/** Clicks and waits for the file the click saves; if the page shows an error instead, fails with its text. */
async function downloadOn(page: Page, click: () => Promise<void>): Promise<Download> {
  const error = page.locator('#error');
  const [download] = await Promise.all([
    Promise.race([
      page.waitForEvent('download', { timeout: 45_000 }),
      error.waitFor({ state: 'visible', timeout: 45_000 }).then(async () => {
        throw new Error(`Expected a download, the page says: ${await error.textContent()}`);
      }),
    ]),
    click(),
  ]);
  return download;
}

async function noSidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

// The documents plus synthetic data (seed 7) for every region but I, 2020–2025: views need several years, and I
// keeps no plan at all, so that "tanpa rencana" is seen beside "sintetis tidak disertakan".
describe('the comparison page, served by the gateway over a real cluster of 14 regions (PGlite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let syntheticDirectory: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    syntheticDirectory = mkdtempSync(join(tmpdir(), 'compare-page-demo-'));
    expect(runGenerateCommand(['--seed', '7', '--out', syntheticDirectory], () => {})).toBe(0);
    cluster = await startGraphCluster(database, [...REGION_CODES], { gatewayEnv: ENTITY_CACHE_OFF });
    const files = readdirSync(syntheticDirectory)
      .filter((name) => !name.startsWith('I-'))
      .map((name) => join(syntheticDirectory, name));
    await importFiles(database.handle, files, { schemaPrefix: database.schemaPrefix });
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
    rmSync(syntheticDirectory, { recursive: true, force: true });
  });

  describe.skipIf(skipBrowser)(browserSuiteName('the comparison page'), () => {
    let observed: ObservedBrowser;
    let context: BrowserContext;

    beforeAll(async () => {
      observed = await openObservedBrowser();
      context = observed.context;
    });
    afterAll(() => observed?.close());

    it('draws the ASN Professionalism Index chosen by name, with VI 2021 target 77 and XII 2024 target 82 in the table and the trend', async () => {
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
      for (const region of ['VI', 'XII', 'I'])
        await page.getByRole('checkbox', { name: new RegExp(`^${region} `) }).check();
      await waitForView(page, '?indicator=IKU-09&regions=I,VI,XII');

      const rows = await tableRows(page);
      expect(rows).toContainEqual(
        expect.objectContaining({ region: 'VI Medan', year: '2021', code: '7.a', kind: 'Dokumen', target: '77' }),
      );
      expect(rows).toContainEqual(
        expect.objectContaining({ region: 'XII Pekanbaru', year: '2024', code: 'IKU.9', target: '82' }),
      );
      // Indonesian decimals: 81,95, not 81.95.
      expect(rows).toContainEqual(
        expect.objectContaining({ region: 'XII Pekanbaru', year: '2023', realisation: '81,95' }),
      );
      expect(rows).toContainEqual(
        expect.objectContaining({ region: 'I Yogyakarta', year: '2021', missing: 'tidak ada rencana kerja' }),
      );
      expect(await page.locator('#comparison-table caption').textContent()).toContain(
        'Indeks Profesionalitas ASN Kantor Regional',
      );

      // The trend: one line per region across the years; the target chosen as the measure.
      await page.getByLabel('Ukuran').selectOption('target');
      await waitForView(page, '?indicator=IKU-09&regions=I,VI,XII&measure=target');
      const chart = await drawnChart(page);
      expect(chart.type).toBe('line');
      expect(chart.labels).toEqual(YEARS.map(String));
      const line = (region: string) => chart.datasets.find((dataset) => dataset.label === region)!.data;
      expect(line('VI Medan')[YEARS.indexOf(2021)]).toBe(77);
      expect(line('XII Pekanbaru')[YEARS.indexOf(2024)]).toBe(82);
      expect(line('I Yogyakarta')).toEqual(YEARS.map(() => null));
      expect(await page.locator('#comparison-chart').getAttribute('aria-label')).toContain('Grafik garis');

      // Missing cells in one sentence, the region-years on demand.
      const missing = page.locator('#missing');
      const sentence = await missing.locator('summary').textContent();
      expect(sentence).toMatch(/^\d+ wilayah-tahun tanpa data: /);
      expect(sentence).toContain('6 tanpa rencana');
      expect(sentence).toContain('sintetis tidak disertakan');
      expect(await missing.locator('dd').first().isVisible()).toBe(false);
      await missing.locator('summary').click();
      expect(await missing.locator('dl').textContent()).toContain('I Yogyakarta 2021');

      expect(await page.getByRole('link', { name: 'Unduh CSV', exact: true }).getAttribute('href')).toBe(
        `export/indicators.csv?indicators=IKU-09&regions=I,VI,XII&years=${ALL_YEARS}&kinds=DOCUMENT,DERIVED,MANUAL`,
      );
      expect(await page.locator('#unavailable').isHidden()).toBe(true);
      await page.close();
    });

    it('restores the view from a shared link, and back and forward move between views', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&regions=VI,XII&years=2021,2024`);
      await waitForView(page);
      expect(await page.getByLabel('Indikator', { exact: true }).inputValue()).toBe('IKU-09');
      expect(await page.getByRole('checkbox', { name: /^XII / }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: /^I / }).isChecked()).toBe(false);
      expect(await page.getByRole('checkbox', { name: '2023', exact: true }).isChecked()).toBe(false);
      const rows = await tableRows(page);
      // VI 2024 and XII 2021 are synthetic: left out of the rows, counted in the sentence.
      expect(rows.map((row) => `${row.region} ${row.year} ${row.target}`)).toEqual([
        'VI Medan 2021 77',
        'XII Pekanbaru 2024 82',
      ]);
      expect(await page.locator('#missing summary').textContent()).toBe(
        '2 wilayah-tahun tanpa data: 2 sintetis tidak disertakan',
      );

      const views = page.getByRole('navigation', { name: 'Tampilan' });
      await views.getByRole('button', { name: 'Peta panas' }).click();
      await waitForView(page, '?indicator=IKU-09&regions=VI,XII&years=2021,2024&view=heatmap');
      await views.getByRole('button', { name: 'Peringkat' }).click();
      await waitForView(page, '?indicator=IKU-09&regions=VI,XII&years=2021,2024&view=ranking');
      await page.goBack();
      await waitForView(page, '?indicator=IKU-09&regions=VI,XII&years=2021,2024&view=heatmap');
      expect(await page.locator('#heatmap-box').isVisible()).toBe(true);
      expect(await views.getByRole('button', { name: 'Peta panas' }).getAttribute('aria-pressed')).toBe('true');
      await page.goBack();
      await waitForView(page, '?indicator=IKU-09&regions=VI,XII&years=2021,2024');
      expect(await page.locator('#heatmap-box').isHidden()).toBe(true);
      await page.goForward();
      await waitForView(page, '?indicator=IKU-09&regions=VI,XII&years=2021,2024&view=heatmap');
      await page.close();
    });

    it('draws the trend of every region across 2020–2025 with an axis that fits the index, not from zero', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&synthetic=1`);
      await waitForView(page);
      const chart = await drawnChart(page);
      expect(chart.datasets).toHaveLength(14);
      const values = chart.datasets
        .flatMap((dataset) => dataset.data)
        .filter((value): value is number => value != null);
      expect(values.length).toBeGreaterThan(60);
      const lowest = Math.min(...values);
      expect(chart.valueAxisMin).toBeGreaterThan(0);
      expect(chart.valueAxisMin).toBeLessThanOrEqual(lowest);
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-trend.png`, fullPage: true });
      await page.close();
    });

    it('colours the region × year heatmap by achievement, with a legend, one cell per region-year', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&synthetic=1&view=heatmap&measure=achievement`);
      await waitForView(page);
      expect(await page.locator('#heatmap thead th').allTextContents()).toEqual(['Wilayah', ...YEARS.map(String)]);
      expect(await page.locator('#heatmap tbody tr').count()).toBe(14);
      const cells = await page.locator('#heatmap tbody td').evaluateAll((tds) =>
        tds.map((td) => ({
          region: (td as HTMLElement).dataset.region,
          year: (td as HTMLElement).dataset.year,
          text: td.textContent,
          colour: (td as HTMLElement).style.backgroundColor,
        })),
      );
      expect(cells).toHaveLength(14 * 6);
      // I has no plan: its cells are empty and uncoloured; the others carry a percentage and a colour.
      for (const cell of cells) {
        if (cell.region === 'I') expect(cell).toMatchObject({ text: '–', colour: '' });
        else if (cell.text !== '–') expect(cell.colour, `${cell.region} ${cell.year}`).toMatch(/^rgb\(/);
      }
      expect(cells.filter((cell) => cell.text?.endsWith('%')).length).toBeGreaterThan(50);
      expect(await page.locator('#heatmap-legend').textContent()).toContain('merah di bawah target');
      expect(await page.locator('#heatmap-legend .legend-bar').isVisible()).toBe(true);
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-heatmap.png`, fullPage: true });

      // The heatmap saved as a PNG: a real image file, drawn from the same grid.
      const download = await downloadOn(page, () => page.getByRole('button', { name: 'Simpan grafik (PNG)' }).click());
      expect(download.suggestedFilename()).toBe('perbandingan-IKU-09-heatmap.png');
      const png = readFileSync((await download.path())!);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.length).toBeGreaterThan(5_000);
      await page.close();
    });

    it('ranks one year’s regions best first, and saves the chart as a PNG', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&synthetic=1&view=ranking`);
      await waitForView(page);
      // By default the latest year that has realisations.
      const rows = await tableRows(page);
      const realised = rows.filter((row) => row.realisation !== '–').map((row) => Number(row.year));
      expect(await page.getByLabel('Tahun peringkat').inputValue()).toBe(String(Math.max(...realised)));
      await page.getByLabel('Tahun peringkat').selectOption('2024');
      await waitForView(page, '?indicator=IKU-09&synthetic=1&view=ranking&year=2024');
      const chart = await drawnChart(page);
      expect(chart.type).toBe('bar');
      const bars = chart.datasets[0]!.data as number[];
      // By achievement, as the rank: the bars are the table's achievements of 2024, in the order of its ranks.
      expect(await page.getByLabel('Ukuran').inputValue()).toBe('achievement');
      const table = (await tableRows(page)).filter((row) => row.year === '2024' && row.achievement !== '–');
      expect(table.length).toBeGreaterThan(10);
      expect(bars).toHaveLength(table.length);
      expect(bars).toEqual([...bars].sort((a, b) => b - a));
      const byRank = [...table].sort((a, b) => Number.parseInt(a.rank!, 10) - Number.parseInt(b.rank!, 10));
      expect(chart.labels).toEqual(byRank.map((row, index) => `${index + 1}. ${row.region}`));
      expect(bars.map((value) => Math.round(value * 10) / 10)).toEqual(
        byRank.map((row) => readIndonesian(row.achievement!)),
      );
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-ranking.png`, fullPage: true });

      const download = await downloadOn(page, () => page.getByRole('button', { name: 'Simpan grafik (PNG)' }).click());
      expect(download.suggestedFilename()).toBe('perbandingan-IKU-09-ranking.png');
      const png = readFileSync((await download.path())!);
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(png.length).toBeGreaterThan(10_000);
      await page.close();
    });

    it('sorts the table by a column on a click of its header, empty values last', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&synthetic=1&view=table`);
      await waitForView(page);
      expect(await page.locator('#chart-section').isHidden()).toBe(true);
      const header = page.locator('#comparison-table thead th[data-column="realisation"]');
      await header.getByRole('button').click();
      await waitForView(page, '?indicator=IKU-09&synthetic=1&view=table&sort=-realisation');
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      const values = (await tableRows(page)).map((row) => readIndonesian(row.realisation!));
      const filled = values.filter((value): value is number => value != null);
      expect(filled.length).toBeGreaterThan(50);
      expect(values.slice(0, filled.length)).toEqual([...filled].sort((a, b) => b - a));
      expect(values.slice(filled.length).every((value) => value == null)).toBe(true);

      await header.getByRole('button').click();
      await waitForView(page, '?indicator=IKU-09&synthetic=1&view=table&sort=realisation');
      expect(await header.getAttribute('aria-sort')).toBe('ascending');
      const ascending = (await tableRows(page))
        .map((row) => readIndonesian(row.realisation!))
        .filter((value): value is number => value != null);
      expect(ascending).toEqual([...filled].sort((a, b) => a - b));
      expect(await page.locator('#comparison-table thead th[data-column="region"]').getAttribute('aria-sort')).toBe(
        'none',
      );
      // Nothing cut off: the table's last column ends inside its box at 1400 px.
      const overflow = await page.locator('.table-box').evaluate((box) => box.scrollWidth - box.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-table.png` });

      // Rank 1 of a year is the best achievement by default, the highest realisation on request.
      const first = (rows: TableRow[], year: string) =>
        rows.find((row) => row.year === year && row.rank?.startsWith('1 dari'))!;
      const best = (rows: TableRow[], year: string, column: string) =>
        Math.max(...rows.filter((row) => row.year === year).map((row) => readIndonesian(row[column]!) ?? -Infinity));
      const byAchievement = await tableRows(page);
      expect(readIndonesian(first(byAchievement, '2024').achievement!)).toBe(
        best(byAchievement, '2024', 'achievement'),
      );
      expect(await page.locator('#comparison-table thead th[data-column="rank"]').getAttribute('title')).toContain(
        'capaian',
      );
      await page.getByLabel('Peringkat menurut').selectOption('REALISATION');
      await waitForView(page, '?indicator=IKU-09&rankBy=REALISATION&synthetic=1&view=table&sort=realisation');
      const byRealisation = await tableRows(page);
      expect(readIndonesian(first(byRealisation, '2024').realisation!)).toBe(
        best(byRealisation, '2024', 'realisation'),
      );
      expect(await page.locator('#comparison-table thead th[data-column="rank"]').getAttribute('title')).toMatch(
        /^Menurut realisasi/,
      );
      // The CSV of the view ranks as the table does: its rank column equals the table's, row for row.
      const csvHref = await page
        .getByRole('link', { name: 'Unduh CSV', exact: true })
        .evaluate((link) => (link as HTMLAnchorElement).href);
      expect(csvHref).toContain('rank_by=REALISATION');
      const csvRows: Array<Record<string, string>> = parseCsv(await (await page.request.get(csvHref)).text(), {
        columns: true,
      });
      const csvRank = (region: string, year: string) =>
        csvRows.find((row) => row.region_code === region && row.year === year)?.rank;
      for (const row of byRealisation.filter(
        (candidate) => candidate.year === '2024' && candidate.rank?.includes(' dari '),
      )) {
        expect(csvRank(row.region!.split(' ')[0]!, '2024'), row.region).toBe(row.rank!.split(' dari ')[0]);
      }
      await page.close();
    });

    it('narrows the regions to the offices serving a province: Riau → XII', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09`);
      await waitForView(page);
      // Riau is stated by XII's 2024 document; a province known only from background knowledge says so.
      const options = await page.getByLabel('Provinsi (wilayah kerja)').locator('option').allTextContents();
      expect(options).toContain('Riau');
      expect(options.some((option) => option.endsWith('(belum terverifikasi dokumen)'))).toBe(true);
      await page.getByLabel('Provinsi (wilayah kerja)').selectOption('Riau');
      await waitForView(page, '?indicator=IKU-09&provinces=Riau');
      const checked = await page
        .locator('#region-checks input:checked')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
      expect(checked).toEqual(['XII']);
      const regions = new Set((await tableRows(page)).map((row) => row.region));
      expect([...regions]).toEqual(['XII Pekanbaru']);
      expect(await page.getByRole('link', { name: 'Unduh CSV', exact: true }).getAttribute('href')).toContain(
        'regions=XII&',
      );
      // A shared link with the province restores it.
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&provinces=Riau`);
      await waitForView(page);
      expect(await page.getByLabel('Provinsi (wilayah kerja)').inputValue()).toBe('Riau');
      await page.close();
    });

    it('compares a budget code in Rupiah with thousands separators, an axis from zero, and links its CSV and XLSX', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?regions=VI,XII&years=2021,2024`);
      await waitForView(page);
      await page.getByRole('radio', { name: 'Pos anggaran' }).check();
      await page.getByLabel('Tingkat anggaran').selectOption('RO');
      await page
        .getByLabel('Kode anggaran', { exact: true })
        .selectOption({ label: '4843.EAA.002 · Gaji dan Tunjangan Kanreg I - XIV' });
      await waitForView(page, '?level=RO&codes=4843.EAA.002&regions=VI,XII&years=2021,2024');
      const rows = await tableRows(page);
      const medan = rows.find((row) => row.region === 'VI Medan' && row.year === '2021');
      expect(medan?.amount).toBe('Rp 6.346.733.000');
      expect(medan?.shareOfRegionTotal).toBe('51,9%');
      expect((await drawnChart(page)).valueAxisMin).toBe(0);
      const csvLink = page.getByRole('link', { name: 'Unduh CSV', exact: true });
      const query = 'level=RO&codes=4843.EAA.002&regions=VI,XII&years=2021,2024&kinds=DOCUMENT,DERIVED,MANUAL';
      expect(await csvLink.getAttribute('href')).toBe(`export/budget.csv?${query}`);
      expect(await page.getByRole('link', { name: 'Unduh XLSX' }).getAttribute('href')).toBe(
        `export/budget.xlsx?${query}`,
      );
      expect(await page.getByRole('link', { name: 'CSV untuk Excel Indonesia' }).getAttribute('href')).toBe(
        `export/budget.csv?${query}&dialect=excel-id`,
      );
      // The table formats for the reader; the CSV of the same view keeps the raw amount.
      const download = await downloadOn(page, () => csvLink.click());
      expect(download.suggestedFilename()).toBe('budget.csv');
      expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^VI,.*,2021,RO,4843\.EAA\.002,.*,6346733000,/m);
      await page.close();
    });

    it('downloads the XLSX of the view on screen', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&regions=VI,XII&years=2021,2024`);
      await waitForView(page);
      const download = await downloadOn(page, () => page.getByRole('link', { name: 'Unduh XLSX' }).click());
      expect(download.suggestedFilename()).toMatch(/^indicators.*\.xlsx$/);
      const xlsx = readFileSync((await download.path())!);
      // An XLSX is a ZIP archive: PK\x03\x04.
      expect([...xlsx.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
      await page.close();
    });

    it('shows staff headcounts and the spending split beside indicators and budget', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?subject=staff&regions=VI,XII&years=2021,2024`);
      await waitForView(page);
      const staff = await tableRows(page);
      // VI 2021 states its total headcount (87); XII 2024 states none.
      expect(staff).toEqual([
        expect.objectContaining({ region: 'VI Medan', year: '2021', kind: 'Dokumen', headcount: '87', missing: '' }),
        expect.objectContaining({
          region: 'XII Pekanbaru',
          year: '2024',
          kind: 'Dokumen',
          headcount: '–',
          missing: 'tidak ada angka di rencana',
        }),
      ]);
      expect(await page.locator('#missing summary').textContent()).toBe(
        '3 wilayah-tahun tanpa data: 2 tanpa rencana atau sintetis tidak disertakan, 1 tanpa angka di rencana',
      );
      expect(await page.getByRole('link', { name: 'Unduh CSV', exact: true }).getAttribute('href')).toBe(
        'export/staff.csv?regions=VI,XII&years=2021,2024&kinds=DOCUMENT,DERIVED,MANUAL',
      );

      await page.getByRole('radio', { name: 'Jenis belanja' }).check();
      await waitForView(page, '?subject=spending&regions=VI,XII&years=2021,2024');
      const spending = await tableRows(page);
      const medan = spending.find((row) => row.region === 'VI Medan' && row.year === '2021');
      expect(medan?.totalBudget).toMatch(/^Rp \d{1,3}(\.\d{3})+$/);
      expect(
        readIndonesian(medan!.pegawai!)! +
          readIndonesian(medan!.operasional!)! +
          readIndonesian(medan!.nonOperasional!)!,
      ).toBe(readIndonesian(medan!.totalBudget!));
      expect((await drawnChart(page)).valueAxisMin).toBe(0);
      // XII 2024 serves 41 agencies (its document, line 170): its budget per agency divides by them; VI 2021 states
      // none.
      const pekanbaru = spending.find((row) => row.region === 'XII Pekanbaru' && row.year === '2024');
      expect(pekanbaru).toMatchObject({
        totalBudget: 'Rp 14.682.611.000',
        agenciesServed: '41',
        budgetPerAgency: 'Rp 358.112.463',
      });
      expect(medan).toMatchObject({ agenciesServed: '–', budgetPerAgency: '–' });
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-spending.png`, fullPage: true });
      await page.close();
    });

    it('shows workload: agencies served per staff member, ranked, empty where a document states no input', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?subject=workload&regions=VI,XII&years=2021,2024&view=table`);
      await waitForView(page);
      expect(await page.getByRole('radio', { name: 'Beban kerja (instansi per pegawai)' }).isChecked()).toBe(true);
      // VI 2021 states 87 staff but no work area; XII 2024 states 41 agencies but no headcount: neither has a ratio.
      expect(await tableRows(page)).toEqual([
        expect.objectContaining({
          region: 'VI Medan',
          year: '2021',
          headcount: '87',
          agenciesServed: '–',
          agenciesPerStaff: '–',
          rank: '–',
          missing: 'tidak ada angka di rencana',
        }),
        expect.objectContaining({
          region: 'XII Pekanbaru',
          year: '2024',
          headcount: '–',
          agenciesServed: '41',
          budgetPerAgency: 'Rp 358.112.463',
          rank: '–',
        }),
      ]);
      expect(await page.getByRole('link', { name: 'Unduh CSV', exact: true }).getAttribute('href')).toBe(
        'export/workload.csv?regions=VI,XII&years=2021,2024&kinds=DOCUMENT,DERIVED,MANUAL',
      );

      // With the synthetic plans, 2024 has ratios: the ranks count from 1, most agencies per staff member first.
      await page.goto(`${cluster.gatewayUrl}/compare?subject=workload&years=2024&synthetic=1&view=table`);
      await waitForView(page);
      const ranked = (await tableRows(page)).filter((row) => row.rank !== '–');
      expect(ranked.length).toBeGreaterThan(3);
      const byRank = [...ranked].sort((a, b) => Number.parseInt(a.rank!, 10) - Number.parseInt(b.rank!, 10));
      expect(byRank[0]!.rank).toBe(`1 dari ${ranked.length}`);
      const ratios = byRank.map((row) => readIndonesian(row.agenciesPerStaff!)!);
      expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
      await page.close();
    });

    it('reads an indicator in % of the work area’s agencies as a number of agencies too, where a document states how many', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-02&regions=XII&years=2024&view=table`);
      await waitForView(page);
      const [row] = await tableRows(page);
      expect(row).toMatchObject({ region: 'XII Pekanbaru', year: '2024', kind: 'Dokumen', agenciesServed: '41' });
      const target = readIndonesian(row!.target!)!;
      expect(readIndonesian(row!.targetAgencies!)).toBeCloseTo((target * 41) / 100, 2);
      expect(await page.getByLabel('Ukuran').locator('option').allTextContents()).toContain('Target dalam instansi');
      await page.close();
    });

    it('loads every script, style and answer from the gateway itself, no CDN', () => {
      const origin = new URL(cluster.gatewayUrl).origin;
      expect(observed.requested.some((url) => url.endsWith('/compare/compare-page.js'))).toBe(true);
      expect(observed.requested.filter((url) => /chart\.umd|unpkg|jsdelivr|cdn/i.test(url))).toEqual([]);
      expect(
        observed.requested.filter(
          (url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin,
        ),
      ).toEqual([]);
    });

    describe('on a 390 px phone', () => {
      let phone: ObservedBrowser;
      beforeAll(async () => {
        phone = await openObservedBrowser({ width: 390, height: 844 });
      });
      afterAll(() => phone?.close());

      it('fits every view in 390 px without sideways scrolling of the page', async () => {
        const page = await phone.context.newPage();
        for (const view of ['trend', 'heatmap', 'ranking', 'table']) {
          await page.goto(`${cluster.gatewayUrl}/compare?indicator=IKU-09&synthetic=1&view=${view}`);
          await waitForView(page);
          expect(await noSidewaysScroll(page), view).toBeLessThanOrEqual(390);
          if (SCREENSHOT_DIR && view === 'trend')
            await page.screenshot({ path: `${SCREENSHOT_DIR}/compare-390.png`, fullPage: true });
        }
        expect(phone.cspViolations).toEqual([]);
        await page.close();
      });
    });

    describe('with AUTH_MODE=required and an API key pasted in the field', () => {
      let gatewayUrl: string;
      let key: string;
      let dispose: () => void;

      beforeAll(async () => {
        ({ gatewayUrl, key, dispose } = await startGatewayRequiringKey(cluster));
      });
      afterAll(() => dispose?.());

      it('/compare says 401 without a key, draws the chart with it, and downloads the CSV with the key', async () => {
        const page = await context.newPage();
        await page.goto(`${gatewayUrl}/compare?indicator=IKU-09&regions=VI,XII&years=2021,2024&measure=target`);
        await waitForView(page);
        expect(await page.locator('#credential-status').textContent()).toContain('401');
        expect(await page.locator('#error').textContent()).toContain('401');

        await page.getByLabel('Token atau kunci API').fill(key);
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('button', { name: 'Pakai', exact: true }).click(),
        ]);
        await waitForView(page, '?indicator=IKU-09&regions=VI,XII&years=2021,2024&measure=target');
        const rows = await tableRows(page);
        expect(rows).toContainEqual(expect.objectContaining({ region: 'VI Medan', year: '2021', target: '77' }));
        const chart = await drawnChart(page);
        expect(chart.datasets.find((dataset) => dataset.label === 'VI Medan')!.data[0]).toBe(77);
        expect(await page.locator('#error').isHidden()).toBe(true);

        const link = page.getByRole('link', { name: 'Unduh CSV', exact: true });
        const href = await link.evaluate((anchor) => (anchor as HTMLAnchorElement).href);
        expect((await page.request.get(href)).status()).toBe(401);
        const download = await downloadOn(page, () => link.click());
        expect(download.suggestedFilename()).toBe('indicators.csv');
        expect(readFileSync((await download.path())!, 'utf8')).toMatch(
          /^IKU-09,.*,VI,.*,2021,7\.a,DOCUMENT,77(\.0)?,/m,
        );
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
      expect(rows).toContainEqual(
        expect.objectContaining({
          region: 'XII Pekanbaru',
          year: '2024',
          target: '–',
          missing: 'layanan wilayah tidak menjawab',
        }),
      );
      await page.close();
    });
  });
});

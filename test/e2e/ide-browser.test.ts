import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDE_EXAMPLE_QUERIES } from '../../gateway/graphiql/graphiql-page.ts';
import { ideBundle } from '../../gateway/graphiql/ide-bundle.ts';
import {
  browserSuiteName,
  openObservedBrowser,
  startGatewayRequiringKey,
  SCREENSHOT_DIR,
  skipBrowser,
  type ObservedBrowser,
} from '../support/chromium.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const REGION_ERRORS = ['REGION_UNAVAILABLE', 'REGION_NOT_CONFIGURED'];

/**
 * The text of one of GraphiQL's Monaco editors ('response', 'operation', …), from its model: the editor's DOM
 * holds only the lines in view. GraphiQL 5 keeps the Monaco instance on globalThis.__MONACO.
 */
function editorText(page: Page, editor: 'response' | 'operation'): Promise<string> {
  return page.evaluate((name) => {
    const monaco = (
      globalThis as { __MONACO?: { editor: { getModels(): { uri: { path: string }; getValue(): string }[] } } }
    ).__MONACO;
    const models = monaco?.editor.getModels().filter((model) => model.uri.path.includes(name)) ?? [];
    return models.map((model) => model.getValue()).join('\n');
  }, editor);
}

/** Waits until the response editor holds `text` (a result arrived). */
function waitForResult(page: Page, text: string, timeout = 20_000): Promise<unknown> {
  return page.waitForFunction(
    (expected) => {
      const monaco = (
        globalThis as { __MONACO?: { editor: { getModels(): { uri: { path: string }; getValue(): string }[] } } }
      ).__MONACO;
      return monaco?.editor
        .getModels()
        .some((model) => model.uri.path.includes('response') && model.getValue().includes(expected));
    },
    text,
    { timeout },
  );
}

/** Replaces the current tab's operation, as typing would (through the editor's model). */
function setOperation(page: Page, query: string): Promise<void> {
  return page.evaluate((text) => {
    const monaco = (
      globalThis as {
        __MONACO?: {
          editor: { getEditors(): { getModel(): { uri: { path: string } } | null; setValue(value: string): void }[] };
        };
      }
    ).__MONACO;
    const editor = monaco?.editor
      .getEditors()
      .find((candidate) => candidate.getModel()?.uri.path.includes('operation'));
    if (!editor) throw new Error('Expected GraphiQL to have an operation editor');
    editor.setValue(text);
  }, query);
}

const executeQuery = (page: Page) => page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();

describe('the IDE, served by the gateway over a real cluster (PGlite)', () => {
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

  it('answers every example query of the IDE without an error other than a missing region', async () => {
    expect(IDE_EXAMPLE_QUERIES.length).toBeGreaterThanOrEqual(6);
    for (const query of IDE_EXAMPLE_QUERIES) {
      const { data, errors } = await cluster.query(query);
      const unexpected = (errors ?? []).filter((error) => !REGION_ERRORS.includes(error.extensions?.code));
      expect(unexpected, query.split('\n')[0]).toEqual([]);
      expect(data, query.split('\n')[0]).toBeTruthy();
    }
  });

  describe.skipIf(skipBrowser)(browserSuiteName('the IDE'), () => {
    let observed: ObservedBrowser;
    let context: BrowserContext;

    beforeAll(async () => {
      // The gateway (in this process) bundles the IDE on its first visit; built here, the page tests do not
      // wait for esbuild on a busy machine. It is the same module instance the gateway serves from.
      const started = performance.now();
      const files = await ideBundle.files();
      const bytes = [...files.values()].reduce((sum, file) => sum + file.contents.byteLength, 0);
      process.stdout.write(
        `IDE bundle (built, or read from node_modules/.cache): ${files.size} files, ` +
          `${(bytes / 1e6).toFixed(1)} MB, ready in ${Math.round(performance.now() - started)} ms\n`,
      );
      observed = await openObservedBrowser();
      context = observed.context;
    });
    afterAll(() => observed?.close());

    it('opens the IDE with the analysts’ example tabs and runs the Medan–Pekanbaru query', async () => {
      const page = await context.newPage();
      // Errors of the page and of Monaco's workers (a worker that fails to start logs one) fail the test.
      const errors: string[] = [];
      page.on('pageerror', (error) => void errors.push(error.message));
      page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
      // The run that races GraphiQL's tab switch (below) is refused 400, "Unknown operation named …", and
      // Chromium logs every 400 as a failed resource: each such refusal accounts for one of those lines.
      const refusals: Promise<boolean>[] = [];
      page.on('response', (response) => {
        if (response.status() === 400 && new URL(response.url()).pathname === '/graphql')
          refusals.push(response.text().then((text) => text.includes('"OPERATION_RESOLUTION_FAILURE"')));
      });
      const answer = await page.goto(`${cluster.gatewayUrl}/`);
      // The pages below run under the gateway's strict policy, not without one.
      expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
      const tabs = page.locator('.graphiql-tab-button');
      await tabs.first().waitFor();
      expect(await tabs.allTextContents()).toEqual([
        'CompareMedan2021WithPekanbaru2024',
        'CompareIndicatorWithSummary',
        'CompareBudgetAtRoLevel',
        'CompareStaff',
        'PlanRevisionsAndChanges',
        'RealisationsAndAbsorption',
      ]);

      await executeQuery(page);
      await waitForResult(page, '"Indeks Profesionalitas ASN Kantor Regional"');
      const result = await editorText(page, 'response');
      expect(result).toContain('"city": "Medan"');
      expect(result).toContain('"target": 77');
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/ide.png` });

      await page.getByRole('button', { name: 'CompareBudgetAtRoLevel' }).click();
      await page.locator('.graphiql-query-editor', { hasText: 'query CompareBudgetAtRoLevel' }).waitFor();
      // GraphiQL takes the operation name from the editor a moment after a tab switch; a run before that
      // sends the previous tab's name ("Unknown operation named …"). A person is slower; the test retries.
      await expect
        .poll(
          async () => {
            await executeQuery(page);
            return waitForResult(page, '"compareBudget"', 2_000).then(
              () => true,
              () => false,
            );
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      expect(await editorText(page, 'response')).toContain('"Gaji dan Tunjangan Kanreg I - XIV"');

      // The dialogs add a <style> of their own, which the CSP lets in by the page's nonce.
      for (const dialog of ['Open short keys dialog', 'Open settings dialog']) {
        await page.getByRole('button', { name: dialog }).click();
        await page.getByRole('dialog').waitFor();
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
      }
      let raced = (await Promise.all(refusals)).filter(Boolean).length;
      const refusedLine = 'Failed to load resource: the server responded with a status of 400 (Bad Request)';
      expect(errors.filter((error) => !(error === refusedLine && raced-- > 0))).toEqual([]);
      await page.close();
    });

    it('builds a query by ticking fields in the Explorer, runs it, and downloads its list as CSV', async () => {
      const page = await context.newPage();
      await page.goto(`${cluster.gatewayUrl}/`);
      await page.locator('.graphiql-tab-button').first().waitFor();
      await page.getByRole('button', { name: 'New tab' }).click();
      await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
      const explorer = page.locator('.graphiql-explorer-root');
      await explorer.getByText('regions', { exact: true }).click();
      await explorer.getByText('code', { exact: true }).first().click();
      await expect.poll(() => editorText(page, 'operation')).toMatch(/regions\s*\{\s*code\s*\}/);
      await executeQuery(page);
      await waitForResult(page, '"XII"');
      expect(JSON.parse(await editorText(page, 'response')).data.regions).toContainEqual({ code: 'XII' });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /^Unduh CSV/ }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('regions.csv');
      const csv = readFileSync((await download.path())!, 'utf8');
      const [header, ...rows] = csv.trim().split(/\r?\n/);
      expect(header).toBe('code');
      expect(rows).toContain('XII');
      await expect.poll(() => page.locator('#download-status').textContent()).toContain('regions.csv');
      // The line's message leaves GraphiQL as it was: the Explorer still shows the fields ticked.
      expect(await explorer.getByText('regions', { exact: true }).isVisible()).toBe(true);
      // The Explorer open, the query it built, its result and the line saying what was saved.
      if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/ide-explorer.png` });

      // A result without a list gives no file, and the line under the result says why.
      await setOperation(page, '{ region(code: "XII") { code name } }');
      await page.getByRole('button', { name: /^Unduh CSV/ }).click();
      await expect.poll(() => page.locator('#download-status').textContent()).toContain('no list');

      // The GraphQL worker (served by the gateway) checks the text against the schema: an unknown field is marked.
      await setOperation(page, '{ regions { noSuchField } }');
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const monaco = (
                globalThis as { __MONACO?: { editor: { getModelMarkers(filter: object): { message: string }[] } } }
              ).__MONACO;
              return (monaco?.editor.getModelMarkers({}) ?? []).map((marker) => marker.message).join('\n');
            }),
          { timeout: 20_000 },
        )
        .toContain('noSuchField');
      await page.close();
    });

    it('serves its bundle compressed once, with an ETag per encoding: a reload revalidates and gets 304', async () => {
      const built = (await ideBundle.files()).get('ide.js')!;
      for (const encoding of ['br', 'gzip', 'identity']) {
        const first = await fetch(`${cluster.gatewayUrl}/graphiql/ide.js`, {
          headers: { 'Accept-Encoding': encoding },
        });
        expect(first.status).toBe(200);
        expect(first.headers.get('content-type')).toContain('javascript');
        expect(first.headers.get('content-encoding')).toBe(encoding === 'identity' ? null : encoding);
        // fetch decodes it: the bytes the browser runs are the bundle's.
        expect(Buffer.from(await first.arrayBuffer()).equals(Buffer.from(built.contents))).toBe(true);
        const etag = first.headers.get('etag');
        expect(etag).toBeTruthy();
        const again = await fetch(`${cluster.gatewayUrl}/graphiql/ide.js`, {
          headers: { 'Accept-Encoding': encoding, 'If-None-Match': etag! },
        });
        expect(again.status).toBe(304);
      }
      expect((await fetch(`${cluster.gatewayUrl}/graphiql/no-such-file.js`)).status).toBe(404);
    });

    it('loads every script, style and answer from the gateway itself, no CDN', () => {
      const origin = new URL(cluster.gatewayUrl).origin;
      expect(observed.requested.some((url) => url.endsWith('/graphiql/ide.js'))).toBe(true);
      // Monaco's workers too: served by the gateway, not fetched from esm.sh or started from a blob.
      expect(observed.requested.some((url) => url.endsWith('/graphiql/graphql.worker.js'))).toBe(true);
      expect(observed.requested.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)).toEqual(
        [],
      );
    });

    describe('with AUTH_MODE=required and an API key pasted in the field', () => {
      let gatewayUrl: string;
      let key: string;
      let dispose: () => void;

      beforeAll(async () => {
        ({ gatewayUrl, key, dispose } = await startGatewayRequiringKey(cluster));
      });
      afterAll(() => dispose?.());

      it('the IDE says 401 and points at the field without a key, and runs the query with it, keeping it in sessionStorage only', async () => {
        const page = await context.newPage();
        await page.goto(`${gatewayUrl}/`);
        await page.locator('.graphiql-tab-button').first().waitFor();
        await executeQuery(page);
        await waitForResult(page, 'UNAUTHENTICATED');
        expect(await page.locator('#credential-status').textContent()).toContain('401');
        expect(await page.locator('#credential-form').getAttribute('class')).toContain('refused');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('credential');

        await page.getByLabel('Token or API key').fill(key);
        await page.getByRole('button', { name: 'Use', exact: true }).click();
        await expect
          .poll(
            async () => {
              await executeQuery(page);
              return waitForResult(page, '"Indeks Profesionalitas ASN Kantor Regional"', 2_000).then(
                () => true,
                () => false,
              );
            },
            { timeout: 20_000 },
          )
          .toBe(true);
        expect(await page.locator('#credential-form').getAttribute('class')).not.toContain('refused');
        // Unduh CSV goes with the key too: the gateway's CSV route asks for it as every data route does.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: /^Unduh CSV/ }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('indicator.values.csv');
        const [header, ...rows] = readFileSync((await download.path())!, 'utf8')
          .trim()
          .split(/\r?\n/);
        expect(header).toContain('year');
        expect(rows.some((row) => row.includes('Medan'))).toBe(true);
        const stored = await page.evaluate(() => ({
          session: sessionStorage.getItem('bkn-gateway-credential'),
          local: Object.keys(localStorage).map((name) => localStorage.getItem(name) ?? ''),
          cookie: document.cookie,
        }));
        expect(stored.session).toBe(key);
        expect(stored.local.some((value) => value.includes(key))).toBe(false);
        expect(stored.cookie).toBe('');
        await page.close();
      });
    });

    it('causes no Content Security Policy violation, with auth off or on', () => {
      expect(observed.requested.some((url) => url.endsWith('/graphiql/ide.js'))).toBe(true);
      expect(observed.cspViolations).toEqual([]);
    });
  });
});

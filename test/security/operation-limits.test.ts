import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

/**
 * POSTs as an anonymous script would, with its own request id so that the subgraph requests it caused can be counted.
 */
async function attack(url: string, requestId: string, body: unknown, signal?: AbortSignal) {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: JSON.parse(text),
    ms: performance.now() - started,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for `condition`, however long a loaded machine takes: the test's timeout is the bound. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

const ALIASES = Array.from(
  { length: 500 },
  (_, index) => `a${index}: compareIndicator(indicator: "IKU-09") { rows { target realisation } }`,
);
const ALIAS_BOMB = `{ ${ALIASES.join('\n')} }`;
const THREE_LEVELS = '{ indicators { values { indicator { values { indicator { values { target } } } } } } }';
const NESTING_400 = `{ indicators { ${'values { indicator { '.repeat(200)}id${' } }'.repeat(200)} } }`;

describe.each(TEST_ENGINES)(
  'operation limits, deadline and rate limit on %s (real gateway and subgraphs)',
  (engine) => {
    let database: TestDatabase;
    let cluster: GraphCluster;
    /** Region XIV's "service" takes requests and never answers; it notes when the gateway gives up on one. */
    let hungRegion: Server;
    const hungRequests: Array<{ closed?: number }> = [];

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      hungRegion = createServer((req: IncomingMessage) => {
        const request: { closed?: number } = {};
        hungRequests.push(request);
        req.socket.once('close', () => (request.closed = performance.now()));
      });
      await new Promise<void>((resolve) => hungRegion.listen(0, '127.0.0.1', resolve));
      const hungPort = (hungRegion.address() as { port: number }).port;
      cluster = await startGraphCluster(database, ['VI', 'XII'], {
        extraRegionUrls: `XIV=http://127.0.0.1:${hungPort}/graphql`,
        gatewayEnv: { REGION_TIMEOUT_MS: '20000', OPERATION_TIMEOUT_MS: '1500' },
      });
    });
    afterAll(async () => {
      await cluster?.stop();
      hungRegion?.closeAllConnections();
      hungRegion?.close();
      await database?.dispose();
    });

    it('refuses the 500-alias bomb, the three-level and the 400-level nesting at once, with no subgraph called', async () => {
      const rssBefore = process.memoryUsage().rss;
      const cases = [
        // 62 KB of aliases: over the token limit before the alias limit is counted.
        { id: 'alias-bomb', query: ALIAS_BOMB, limit: 'tokens' },
        { id: 'alias-bomb-short', query: `${ALIAS_BOMB.split('\n').slice(0, 60).join('\n')} }`, limit: 'aliases' },
        { id: 'three-levels', query: THREE_LEVELS, limit: 'cost' },
        { id: 'nesting-400', query: NESTING_400, limit: 'depth' },
      ];
      for (const { id, query, limit } of cases) {
        const answer = await attack(cluster.gatewayUrl, id, { query });
        expect(answer.status, id).toBe(400);
        expect(answer.body.data, id).toBeUndefined();
        expect(answer.body.errors, id).toHaveLength(1);
        expect(answer.body.errors[0].extensions, id).toMatchObject({
          code: 'OPERATION_LIMIT_EXCEEDED',
          limit,
          value: expect.any(Number),
          max: expect.any(Number),
        });
        expect(answer.body.errors[0].extensions.value, id).toBeGreaterThan(answer.body.errors[0].extensions.max);
        // Refused before any work: no subgraph asked (how fast is the bench's to measure).
        expect(cluster.subgraphRequests(id), id).toBe(0);
      }
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    });

    it('refuses an operation over the token limit while parsing, counting its tokens', async () => {
      const query = `{ ${Array.from({ length: 1_000 }, () => 'regions { code }').join(' ')} }`;
      const answer = await attack(cluster.gatewayUrl, 'tokens', { query });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions).toMatchObject({
        code: 'OPERATION_LIMIT_EXCEEDED',
        limit: 'tokens',
        value: 2 + 1_000 * 4,
        max: 2_000,
      });
      expect(cluster.subgraphRequests('tokens')).toBe(0);
    });

    it('still answers a comparison over every region and year, priced by its cells', async () => {
      const answer = await attack(cluster.gatewayUrl, 'fair-comparison', {
        query:
          '{ compareIndicator(indicator: "IKU-09", regions: ["VI", "XII"]) { rows { region { code } year target } } }',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.compareIndicator.rows.length).toBeGreaterThan(0);
    });

    it('refuses NUL bytes and oversized arguments as BAD_USER_INPUT without echoing them, and reads region codes as ASCII', async () => {
      const nul = await attack(cluster.gatewayUrl, 'nul', { query: '{ indicator(id: "IKU-09\\u0000") { name } }' });
      expect(nul.status).toBe(400);
      expect(nul.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
      expect(nul.body.errors[0].message).toContain('U+0000');
      expect(cluster.subgraphRequests('nul')).toBe(0);
      // A document's literals are checked once it passes, never skipped because it was seen before.
      const again = await attack(cluster.gatewayUrl, 'nul-again', {
        query: '{ indicator(id: "IKU-09\\u0000") { name } }',
      });
      expect(again.status).toBe(400);
      expect(cluster.subgraphRequests('nul-again')).toBe(0);

      const huge = 'VI'.repeat(450_000);
      const oversized = await attack(cluster.gatewayUrl, 'oversized', {
        query: 'query($code: String!) { region(code: $code) { name } }',
        variables: { code: huge },
      });
      expect(oversized.status).toBe(400);
      expect(oversized.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'code',
        length: 900_000,
      });
      expect(oversized.text.length).toBeLessThan(1_000);
      expect(cluster.subgraphRequests('oversized')).toBe(0);

      const dotless = await attack(cluster.gatewayUrl, 'dotless-i', {
        query: '{ region(code: "vı") { name } plan(region: "vı", year: 2021) { year } }',
      });
      expect(dotless.body.data?.region ?? null).toBeNull();
      expect(dotless.body.errors.map((error: any) => error.extensions.code).sort()).toEqual([
        'BAD_USER_INPUT',
        'REGION_NOT_CONFIGURED',
      ]);
    });

    it('suggests no field names and names no service address in errors', async () => {
      const typo = await attack(cluster.gatewayUrl, 'typo', { query: '{ regoins { code } }' });
      expect(typo.text).not.toMatch(/Did you mean/);
      const down = await attack(cluster.gatewayUrl, 'down', {
        query: '{ compareIndicator(indicator: "IKU-09", regions: ["XIV"], years: [2021]) { rows { target } } }',
      });
      expect(down.text).not.toMatch(/https?:\/\//);
    });

    it('answers at the deadline with the cells that arrived and OPERATION_TIMEOUT when a region hangs', async () => {
      const answer = await attack(cluster.gatewayUrl, 'deadline', {
        query:
          '{ compareIndicator(indicator: "IKU-09", regions: ["VI", "XIV"], years: [2021]) ' +
          '{ rows { region { code } target missing } } }',
      });
      // At the 1.5 s deadline, not XIV's 20 s region timeout: OPERATION_TIMEOUT, and no REGION_UNAVAILABLE.
      const codes = answer.body.errors.map((error: any) => error.extensions.code);
      expect(codes).toContain('OPERATION_TIMEOUT');
      expect(codes).not.toContain('REGION_UNAVAILABLE');
      const vi = answer.body.data.compareIndicator.rows.find(
        (row: any) => row.region.code === 'VI' && row.target !== null,
      );
      expect(vi).toMatchObject({ target: 77 });
    });

    it('stops the subgraph calls of a client that disconnects', async () => {
      // A gateway whose deadline and region timeout (10 minutes) outlast the test: only the client leaving can end
      // its call to XIV; had it kept waiting, this test would time out.
      const patient = await cluster.startGateway({ REGION_TIMEOUT_MS: '600000', OPERATION_TIMEOUT_MS: '600000' });
      const before = hungRequests.length;
      const controller = new AbortController();
      const pending = attack(
        patient.url,
        'disconnect',
        { query: '{ compareIndicator(indicator: "IKU-09", regions: ["XIV"], years: [2021]) { rows { target } } }' },
        controller.signal,
      ).catch(() => undefined);
      await until(() => hungRequests.length > before);
      const request = hungRequests[before]!;
      expect(request.closed, 'open while the client waits').toBeUndefined();
      const leftAt = performance.now();
      controller.abort();
      await pending;
      await until(() => request.closed !== undefined);
      expect(request.closed).toBeGreaterThanOrEqual(leftAt);
    });

    it('answers 429 RATE_LIMITED with Retry-After once a caller spends its budget, charging by cost', async () => {
      const limited = await cluster.startGateway({
        AUTH_MODE: 'optional',
        API_KEYS_FILE: '/nonexistent/api-keys.json',
        RATE_LIMIT: 'on',
        RATE_LIMIT_ANONYMOUS_POINTS_PER_MINUTE: '10',
      });
      const cheap = '{ regions { code } }';
      const costly =
        '{ compareIndicator(indicator: "IKU-09") { cells { filled } rows { target } summary { missing { year } } } }';
      const first = await attack(limited.url, 'rate-costly', { query: costly });
      expect(first.status).toBe(200);
      // The comparison's price (14 regions × every year, cells with their previous years) used most of the 10 points.
      let answered = 0;
      let refusal: Awaited<ReturnType<typeof attack>> | undefined;
      for (let index = 0; index < 10 && !refusal; index += 1) {
        const answer = await attack(limited.url, `rate-${index}`, { query: cheap });
        if (answer.status === 429) refusal = answer;
        else answered += 1;
      }
      expect(refusal).toBeDefined();
      expect(answered).toBeLessThan(9);
      expect(refusal!.body.errors[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
      });
      expect(Number(refusal!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(cluster.subgraphRequests(`rate-${answered}`)).toBe(0);
    });

    it('counts repeated exports too, cached or 304, and refuses them with 429 and Retry-After once the budget is spent', async () => {
      const limited = await cluster.startGateway({
        AUTH_MODE: 'optional',
        API_KEYS_FILE: '/nonexistent/api-keys.json',
        RATE_LIMIT: 'on',
        RATE_LIMIT_ANONYMOUS_POINTS_PER_MINUTE: '6',
      });
      const url = `${limited.url}/export/indicators.csv?indicators=IKU-09&regions=VI&years=2021`;
      const first = await fetch(url);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag')!;
      await first.text();
      // Each later answer comes from the kept export or is a 304, and still costs a point: at most 5 more.
      const statuses: number[] = [];
      for (let index = 0; index < 8; index += 1) {
        const answer = await fetch(url, { headers: index % 2 === 0 ? {} : { 'if-none-match': etag } });
        statuses.push(answer.status);
        if (answer.status === 429) {
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(await answer.text()).toMatch(/^Too many requests: /);
          break;
        }
        await answer.arrayBuffer();
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, -1).every((status) => status === 200 || status === 304)).toBe(true);
      expect(statuses.length).toBeLessThanOrEqual(6);
      // A new question, which the graph would have to answer, is refused the same way (429, not 502).
      const computed = await fetch(`${limited.url}/export/indicators.csv?indicators=IKU-03&regions=VI&years=2021`);
      expect(computed.status).toBe(429);
      expect(Number(computed.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('tells anonymous callers of /health the status alone, and asks the subgraphs at most once per few seconds', async () => {
      // Authentication optional and no credentials: an anonymous caller (with AUTH_MODE=off everyone reads as an
      // analyst).
      const optional = await cluster.startGateway({
        AUTH_MODE: 'optional',
        API_KEYS_FILE: '/nonexistent/api-keys.json',
      });
      await fetch(`${optional.url}/health`);
      const before = cluster.subgraphRequests();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => fetch(`${optional.url}/health`).then((response) => response.json())),
      );
      for (const answer of answers) expect(Object.keys(answer)).toEqual(['status']);
      // The round of checks the first call started serves them all; a background refresh of the pricing facts may add
      // one request.
      expect(cluster.subgraphRequests() - before).toBeLessThanOrEqual(1);
    });
  },
);

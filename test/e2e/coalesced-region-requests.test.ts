import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayServer, type GatewayServer } from '../../gateway/gateway-server.ts';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import { ENTITY_CACHE_OFF, startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { HeldRegion, heldRegionGatewayConfig } from '../support/held-region.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** One indicator of region VI over two years: national lays the cells out, VI fills them in one `_entities` fetch. */
const question = (indicator: string) =>
  `{ compareIndicator(indicator: "${indicator}", regions: ["VI"], years: [2021, 2024]) ` +
  '{ rows { region { code } year target realisation } } }';
const INDICATORS = ['IKU-01', 'IKU-02', 'IKU-03', 'IKU-04', 'IKU-05', 'IKU-06', 'IKU-07', 'IKU-08'];

describe('requests of different operations to a busy region, coalesced into one (REGION_REQUESTS_IN_FLIGHT)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let heldVi: HeldRegion;
  let gateway: GatewayServer;
  let server: RunningServer;
  let separateGatewayUrl: string;
  let heldViUrl: string;
  const logLines: Array<Record<string, any>> = [];

  const ask = async (url: string, query: string, signal?: AbortSignal) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal,
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
  /**
   * Asks the questions `ask` sends, and resolves once national has laid each one's cells out (and a moment more for
   * the gateway to read the layouts): their requests for VI are then waiting at the gateway.
   */
  const laidOut = async <Answer>(ask: () => Answer[]): Promise<Answer[]> => {
    const before = cluster.requestsAt('national');
    const answers = ask();
    await expect
      .poll(() => cluster.requestsAt('national') - before, { timeout: 10_000, interval: 20 })
      .toBeGreaterThanOrEqual(answers.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return answers;
  };
  /** A gateway whose VI is the held one, coalescing (REGION_REQUESTS_IN_FLIGHT=1), with the cache off. */
  const heldGatewayConfig = (env: Record<string, string>) =>
    heldRegionGatewayConfig(cluster, `VI=${heldViUrl},XII=${cluster.regions.get('XII')!.url}/graphql`, {
      AUTH_MODE: 'off',
      REGION_TIMEOUT_MS: '1500',
      ...env,
    });
  /** Resolves once the region has received `count` requests in all. */
  const receivedAtVi = (count: number) =>
    expect.poll(() => heldVi.received.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(count);

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    // The reference: every request sent at once, straight to VI.
    separateGatewayUrl = (await cluster.startGateway({ REGION_REQUESTS_IN_FLIGHT: '0' })).url;
    heldVi = new HeldRegion(`${cluster.regions.get('VI')!.url}/graphql`);
    heldViUrl = await heldVi.start();
    const logger = pino(
      { level: 'info', base: { service: 'gateway' } },
      { write: (line: string) => void logLines.push(JSON.parse(line)) },
    );
    gateway = await createGatewayServer(heldGatewayConfig({}), logger);
    server = await listen(gateway.listener, 0);
  });
  afterAll(async () => {
    await heldVi?.stop();
    await server?.close();
    await gateway?.stop();
    await cluster?.stop();
    await database?.dispose();
  });

  it('sends the operations that waited for a busy region as one request, and answers each as if asked alone', async () => {
    heldVi.hold();
    const firstLogLine = logLines.length;
    const [first, ...others] = INDICATORS;
    const firstAnswer = ask(server.url, question(first!));
    await receivedAtVi(1);
    // VI is busy with the first operation's request: the others' requests wait at the gateway.
    const otherAnswers = await laidOut(() => others.map((indicator) => ask(server.url, question(indicator))));
    expect(heldVi.received).toHaveLength(1);
    heldVi.release();
    const answers = await Promise.all([firstAnswer, ...otherAnswers]);

    // Two requests: the first operation's alone, then the seven that waited, their representations together.
    expect(heldVi.received).toHaveLength(2);
    const [alone, coalesced] = heldVi.received;
    expect(coalesced!.representations).toBe(alone!.representations * others.length);
    expect(new Set(coalesced!.requestIds).size).toBe(others.length);

    const separately = await Promise.all(INDICATORS.map((indicator) => ask(separateGatewayUrl, question(indicator))));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(answers).toEqual(separately);
    // The figures are VI's own: a target of 2021 for each indicator.
    expect(answers.every(({ data }) => data.compareIndicator.rows.some((row: any) => row.target !== null))).toBe(true);

    // Each operation's access-log line names the region it asked, whichever request carried its cells.
    const operations = logLines.slice(firstLogLine).filter((line) => line.msg === 'operation');
    expect(operations).toHaveLength(INDICATORS.length);
    for (const line of operations) expect(line.regionsAsked).toEqual(['VI']);
    // /metrics counts the six that rode in the seventh's request (which bkn_gateway_subgraph_requests_total counts).
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/bkn_gateway_subgraph_requests_coalesced_total\{subgraph="regional",region="VI"\} 6\n/);
  });

  it('holds no request of another kind behind them: a plan asked while a comparison waits on VI goes at once', async () => {
    heldVi.hold();
    const received = heldVi.received.length;
    const comparison = ask(server.url, question('IKU-02'));
    await receivedAtVi(received + 1);
    // Another kind of request to VI (its region entity for a plan): VI receives it while the comparison is held.
    const plan = ask(server.url, '{ region(code: "VI") { plan(year: 2021) { year } } }');
    await receivedAtVi(received + 2);
    heldVi.release();
    expect((await plan).data).toEqual({ region: { plan: { year: 2021 } } });
    expect((await comparison).errors).toBeUndefined();
  });

  it('lets a cancelled operation leave the queue: the coalesced request carries only the others', async () => {
    heldVi.hold();
    const received = heldVi.received.length;
    const firstAnswer = ask(server.url, question('IKU-09'));
    await receivedAtVi(received + 1);
    const leaving = new AbortController();
    const [leftAnswer, ...stayingAnswers] = await laidOut(() => [
      ask(server.url, question('IKU-10'), leaving.signal).catch((error: Error) => error),
      ...['IKU-11', 'IKU-12'].map((indicator) => ask(server.url, question(indicator))),
    ]);
    leaving.abort();
    expect(await leftAnswer).toBeInstanceOf(Error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    heldVi.release();
    const answers = await Promise.all([firstAnswer, ...stayingAnswers]);

    expect(answers.map((answer) => (answer as { errors?: unknown[] }).errors)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const [alone, coalesced] = heldVi.received.slice(received);
    expect(heldVi.received.length - received).toBe(2);
    expect(coalesced!.representations).toBe(alone!.representations * 2);
  });

  it('fails the waiting operations with the timeout of the request they waited for, without sending them', async () => {
    heldVi.hold();
    const received = heldVi.received.length;
    const firstAnswer = ask(server.url, question('IKU-13'));
    await receivedAtVi(received + 1);
    const waitingAnswers = await laidOut(() =>
      ['IKU-14', 'IKU-01'].map((indicator) => ask(server.url, question(indicator))),
    );
    // VI never answers the held request: it times out at REGION_TIMEOUT_MS (1.5 s).
    const answers = await Promise.all([firstAnswer, ...waitingAnswers]);
    heldVi.release();

    expect(heldVi.received.length - received).toBe(1);
    for (const answer of answers) {
      expect(answer.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'REGION_UNAVAILABLE', region: 'VI' }),
        }),
      ]);
    }
  });

  it('holds the waiting ones one more round trip of the region after it answers (REGION_REQUESTS_LINGER_MS)', async () => {
    const lingering = await createGatewayServer(
      heldGatewayConfig({ REGION_TIMEOUT_MS: '10000', REGION_REQUESTS_LINGER_MS: '5000' }),
      pino({ level: 'silent' }),
    );
    const lingeringServer = await listen(lingering.listener, 0);
    try {
      heldVi.hold();
      const received = heldVi.received.length;
      const firstAnswer = ask(lingeringServer.url, question('IKU-02'));
      await receivedAtVi(received + 1);
      const [waitingAnswer] = await laidOut(() => [ask(lingeringServer.url, question('IKU-03'))]);
      // VI's round trip for the held request: over a second, so the waiting one lingers about as long once VI answers.
      await new Promise((resolve) => setTimeout(resolve, 700));
      heldVi.release();
      expect((await firstAnswer).errors).toBeUndefined();
      // Asked after VI answered, while the other waits one round trip more: the two go to VI as one request.
      const lateAnswer = ask(lingeringServer.url, question('IKU-04'));
      const answers = await Promise.all([waitingAnswer!, lateAnswer]);

      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const [alone, together, ...more] = heldVi.received.slice(received);
      expect(more).toHaveLength(0);
      expect(together!.representations).toBe(alone!.representations * 2);
      expect(answers).toEqual(
        await Promise.all(['IKU-03', 'IKU-04'].map((indicator) => ask(separateGatewayUrl, question(indicator)))),
      );
    } finally {
      await lingeringServer.close();
      await lingering.stop();
    }
  });
});

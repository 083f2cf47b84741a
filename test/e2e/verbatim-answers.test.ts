import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSubgraphRequest } from '../../shared/security/subgraph-signature.ts';
import { ENTITY_CACHE_OFF, startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * A question one region answers alone (`plan(region, year)`, `region(code) { … }`) is passed on: the gateway writes
 * the region's JSON as the region sent it, instead of parsing and serialising it again
 * (gateway/subgraph-http/verbatim-answer-text.ts). A subgraph writes its answers in ASCII (shared/http/ascii-json.ts):
 * each "…" of a plan's flags as the escape \u2026, where the gateway's own JSON.stringify writes the character. The
 * same JSON to any parser, other bytes: the escape in the gateway's answer shows whose text it is.
 */
const PLAN_FLAGS = `{
  plan(region: "VI", year: 2021) { regionCode year indicatorTargets { code flags { code message } } }
}`;
const REGION_FLAGS = `{
  region(code: "VI") { code plan(year: 2021) { indicatorTargets { code flags { code message } } } }
}`;
const COMPARISON = `{
  compareIndicator(indicator: "IKU-01", regions: ["VI"], years: [2021]) { rows { region { code } year target } }
}`;
const ELLIPSIS = '\u2026';
const ESCAPED_ELLIPSIS = '\\u2026';

describe('answers one region gives alone, passed on as the region wrote them (pglite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;

  const askText = async (url: string, query: string, headers: Record<string, string> = {}) => {
    const body = JSON.stringify({ query });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect(response.status).toBe(200);
    return response.text();
  };
  const askGateway = (query: string) => askText(`${cluster.gatewayUrl}/graphql`, query);
  /** The question sent to region VI itself, signed as the gateway signs it. */
  const askRegionVI = (query: string) => {
    const body = JSON.stringify({ query });
    const signature = cluster.subgraphSecret
      ? signSubgraphRequest(cluster.subgraphSecret, { method: 'POST', path: '/graphql', body, callerHeaders: {} })
      : {};
    return askText(`${cluster.regions.get('VI')!.url}/graphql`, query, signature);
  };
  const messagesOf = (answer: string) => [...answer.matchAll(/"message":"((?:[^"\\]|\\.)*)"/g)].map(([, m]) => m);

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
  });
  afterAll(async () => {
    await cluster?.stop();
    await database?.dispose();
  });

  it('a region writes its answer in ASCII: the flags\' "…" as its escape, the same text once parsed', async () => {
    const answer = await askRegionVI(PLAN_FLAGS);
    expect(answer).not.toMatch(/[\u0080-\uffff]/);
    expect(answer).toContain(ESCAPED_ELLIPSIS);
    const parsed = JSON.parse(answer);
    const flags = parsed.data.plan.indicatorTargets.flatMap((target: { flags: unknown[] }) => target.flags);
    expect(flags.some((flag: { message: string }) => flag.message.includes(ELLIPSIS))).toBe(true);
  });

  it("writes plan(region, year) as the region's own text, byte for byte", async () => {
    const [throughGateway, fromRegion] = await Promise.all([askGateway(PLAN_FLAGS), askRegionVI(PLAN_FLAGS)]);
    expect(throughGateway).toBe(fromRegion);
    expect(throughGateway).not.toContain(ELLIPSIS);
    expect(JSON.parse(throughGateway).data.plan.regionCode).toBe('VI');
  });

  it("writes region(code) { plan } with the region's entity as its own text", async () => {
    const [entityAnswer, planAnswer] = await Promise.all([askGateway(REGION_FLAGS), askRegionVI(PLAN_FLAGS)]);
    expect(entityAnswer).toMatch(/^\{"data":\{"region":\{"code":"VI","plan":/);
    expect(entityAnswer).toContain(ESCAPED_ELLIPSIS);
    expect(entityAnswer).not.toContain(ELLIPSIS);
    // The region's flags, in the region's bytes.
    expect(messagesOf(entityAnswer)).toEqual(messagesOf(planAnswer));
  });

  it('serialises a planned answer itself, with JSON.stringify', async () => {
    const answer = await askGateway(COMPARISON);
    const { data, errors } = JSON.parse(answer);
    expect(errors).toBeUndefined();
    expect(data.compareIndicator.rows).toEqual([expect.objectContaining({ region: { code: 'VI' }, year: 2021 })]);
    expect(answer).toBe(`${JSON.stringify({ data })}\n`);
  });
});

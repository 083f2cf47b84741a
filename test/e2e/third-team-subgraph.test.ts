import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubgraphList } from '../../shared/federation/subgraph-list.ts';
import { loadSubgraphSchemas } from '../../shared/federation/subgraph-schemas.ts';
import { composeSupergraph, inRepoSubgraphs } from '../../subgraphs/supergraph-composition.ts';
import {
  startTrainingCentresService,
  type TrainingCentresService,
} from '../fixtures/third-team-subgraph/training-centres-service.ts';
import { startGraphCluster, type GraphCluster, ENTITY_CACHE_OFF } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const CENTRES: Record<string, string[]> = {
  VI: ['Balai Diklat Medan', 'UPT Pematangsiantar'],
  XII: ['Balai Diklat Pekanbaru'],
};

/** Expectations read from the data files, not from the graph. */
const regionsFile = JSON.parse(readFileSync('subgraphs/national/reference-data/regions.json', 'utf8'));
const cityOf = (code: string): string =>
  regionsFile.regions.find((region: { code: string }) => region.code === code).city;
const totalBudgetOf = (file: string): number =>
  JSON.parse(readFileSync(`data/plans/${file}.plan.json`, 'utf8')).totalBudget.amount;

const QUERY = `{
  vi: region(code: "VI") { city plan(year: 2021) { totalBudget } trainingCentres }
  xii: region(code: "XII") { city plan(year: 2024) { totalBudget } trainingCentres }
}`;

/**
 * The "another team's subgraph" recipe of CONTRIBUTING.md, done once: a subgraph from outside subgraphs/, sharded
 * by region (one service per region), listed in SUBGRAPHS_FILE, composed with the repository's own two as
 * `npm run compose` composes it, and served by the gateway beside national and regional.
 */
describe('another team’s subgraph, sharded by region', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let gatewayUrl: string;
  let supergraphFile: string;
  const training = new Map<string, TrainingCentresService>();

  const post = async (query: string) => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return { age: response.headers.get('age'), body: await response.json() };
  };
  const requestsPerRegion = () =>
    Object.fromEntries([...training].map(([code, service]) => [code, service.requests()]));

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI', 'XII'], { gatewayEnv: ENTITY_CACHE_OFF });
    for (const [code, centres] of Object.entries(CENTRES))
      training.set(code, await startTrainingCentresService(code, centres));

    // The recipe's list file: no schemaFile, so composition asks a region's service for its `_service { sdl }`.
    const folder = mkdtempSync(join(tmpdir(), 'third-team-'));
    const subgraphsFile = join(folder, 'subgraphs.json');
    writeFileSync(
      subgraphsFile,
      JSON.stringify([
        {
          name: 'training',
          regionUrls: Object.fromEntries([...training].map(([code, service]) => [code, service.url])),
        },
      ]),
    );
    // What `SUBGRAPHS_FILE=… SUPERGRAPH_FILE=… npm run compose` does, in-process.
    const listed = await loadSubgraphSchemas(readSubgraphList({ SUBGRAPHS_FILE: subgraphsFile }));
    expect(listed.map((subgraph) => subgraph.name)).toEqual(['training']);
    expect(listed[0]!.typeDefs).toContain('trainingCentres: [String!]');
    const composition = composeSupergraph([...inRepoSubgraphs(), ...listed]);
    if ('errors' in composition) throw new Error(composition.errors.join('\n'));
    supergraphFile = join(folder, 'supergraph.graphql');
    writeFileSync(supergraphFile, composition.supergraph);

    const gateway = await cluster.startGateway({
      SUPERGRAPH_FILE: supergraphFile,
      SUBGRAPHS_FILE: subgraphsFile,
      // The response cache is keyed by the data version, which the gateway must find in this supergraph too.
      RESPONSE_CACHE_TTL_SECONDS: '300',
      ...ENTITY_CACHE_OFF,
    });
    gatewayUrl = gateway.url;
  });
  afterAll(async () => {
    await cluster?.stop();
    await Promise.all([...training.values()].map((service) => service.stop()));
    await database?.dispose();
  });

  it('composes it with the repository’s own two, from its own service', () => {
    const supergraph = readFileSync(supergraphFile, 'utf8');
    expect(supergraph).toContain(`TRAINING @join__graph(name: "training", url: "${training.get('VI')!.url}")`);
    expect(supergraph).toMatch(/trainingCentres: \[String!\] @join__field\(graph: TRAINING\)/);
  });

  it('answers one query with fields of national, regional and the third subgraph', async () => {
    const before = requestsPerRegion();
    const { body } = await post(QUERY);
    expect(body).toEqual({
      data: {
        vi: { city: cityOf('VI'), plan: { totalBudget: totalBudgetOf('VI-2021') }, trainingCentres: CENTRES.VI },
        xii: { city: cityOf('XII'), plan: { totalBudget: totalBudgetOf('XII-2024') }, trainingCentres: CENTRES.XII },
      },
    });
    // One entity fetch, split by region code: each region's service got exactly its own region, once.
    expect(requestsPerRegion()).toEqual({ VI: before.VI! + 1, XII: before.XII! + 1 });
    expect(training.get('VI')!.askedFor).toEqual(['VI']);
    expect(training.get('XII')!.askedFor).toEqual(['XII']);
  });

  it('sends a question about one region only to that region’s service', async () => {
    const before = requestsPerRegion();
    const { body } = await post('{ region(code: "XII") { name trainingCentres } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.region.trainingCentres).toEqual(CENTRES.XII);
    expect(requestsPerRegion()).toEqual({ VI: before.VI, XII: before.XII! + 1 });
  });

  it('serves a repeated query from the response cache, keyed by the data version found in the supergraph', async () => {
    await post(QUERY);
    const before = requestsPerRegion();
    const again = await post(QUERY);
    expect(again.age, 'a cache hit says how old it is').not.toBeNull();
    expect(again.body.data.vi.trainingCentres).toEqual(CENTRES.VI);
    expect(requestsPerRegion()).toEqual(before);
  });
});

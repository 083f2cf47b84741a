import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { REGION_CODES } from '../../shared/regions/region-codes.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import {
  readReadmeExamples,
  renderExampleOutput,
  rewriteReadmeOutputs,
  type ReadmeExample,
} from '../support/readme-examples.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const README = 'README.md';
const examples = readReadmeExamples(readFileSync(README, 'utf8'));
const fresh = new Map<ReadmeExample, string>();
const running: Array<{ cluster: GraphCluster; database: TestDatabase }> = [];

/** What `npm start` serves (all 14 regions, the documents), and with `demo` what `npm run demo` adds (seed 1). */
async function startLikeNpmStart(demo: boolean): Promise<GraphCluster> {
  const database = await openTestDatabase('pglite');
  const cluster = await startGraphCluster(database, [...REGION_CODES]);
  running.push({ cluster, database });
  if (demo) {
    const directory = mkdtempSync(join(tmpdir(), 'readme-demo-'));
    expect(runGenerateCommand(['--seed', '1', '--out', directory], () => {})).toBe(0);
    await importFiles(
      database.handle,
      readdirSync(directory).map((name) => join(directory, name)),
      { schemaPrefix: database.schemaPrefix },
    );
    rmSync(directory, { recursive: true, force: true });
  }
  return cluster;
}

// UPDATE_README=1 writes the outputs the commands give into the README instead of failing.
describe('the README’s examples give the output printed beside them', () => {
  afterAll(async () => {
    if (process.env.UPDATE_README) rewriteReadmeOutputs(README, fresh);
    for (const { cluster, database } of running) {
      await cluster.stop();
      await database.dispose();
    }
  });

  it('has examples of both kinds', () => {
    expect(examples.filter((example) => example.data === 'documents').length).toBeGreaterThanOrEqual(3);
    expect(examples.filter((example) => example.data === 'demo').length).toBeGreaterThanOrEqual(1);
  });

  for (const data of ['documents', 'demo'] as const) {
    it(`on ${data === 'documents' ? 'the documents alone (npm start)' : 'the demo data (npm run demo)'}`, async () => {
      const cluster = await startLikeNpmStart(data === 'demo');
      for (const example of examples.filter((candidate) => candidate.data === data)) {
        const answer = await cluster.query(example.query);
        expect(answer.errors, example.query).toBeUndefined();
        const output = renderExampleOutput(answer.data, example.paths);
        fresh.set(example, output);
        if (!process.env.UPDATE_README) expect(example.printed, `README output of:\n${example.query}`).toBe(output);
      }
    }, 240_000);
  }
});

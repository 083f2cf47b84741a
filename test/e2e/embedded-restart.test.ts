import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runImportCommand } from '../../ingest/importing/run-import-command.ts';

/** `npm start` as a user runs it (the same launcher and entry point), on its own data directory and port. */
async function startEmbedded(
  dataDir: string,
): Promise<{ log: string[]; query: (text: string) => Promise<any>; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/run-compiled.mjs', 'scripts/start-embedded.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const onLine = (chunk: Buffer) => {
      log.push(...chunk.toString().split('\n').filter(Boolean));
      if (log.some((line) => line.includes('] ready:'))) resolve();
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.once('exit', (code) =>
      reject(new Error(`npm start exited with ${code} before it was ready:\n${log.join('\n')}`)),
    );
  });
  const query = async (text: string) =>
    (
      await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: text }),
      })
    ).json();
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
  return { log, query, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const IKU_09_VI_2021 = '{ region(code: "VI") { plan(year: 2021) { revision indicatorTargets { code target } } } }';
const targetOf7a = (answer: any) =>
  answer.data.region.plan.indicatorTargets.find((row: any) => row.code === '7.a').target;

// One data directory through three starts, in order. Each start is its own test, so that each has the whole
// timeout for its one PGlite start: as one test, the three starts and an import took 30 s of its 60 s in CI.
describe('npm start on an existing data directory', () => {
  const directory = mkdtempSync(join(tmpdir(), 'embedded-restart-'));
  const dataDir = join(directory, 'pglite');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('imports the plan files on the first start', async () => {
    const first = await startEmbedded(dataDir);
    expect(first.log.filter((line) => /\] imported \d/.test(line))).toHaveLength(3);
    expect(targetOf7a(await first.query(IKU_09_VI_2021))).toBe(77);
    await first.stop();
  });

  it('skips the unchanged files on the next start', async () => {
    const second = await startEmbedded(dataDir);
    expect(second.log.some((line) => line.includes('not imported again'))).toBe(true);
    expect(second.log.some((line) => /\] imported \d/.test(line))).toBe(false);
    expect(second.log.find((line) => line.includes('] ready:'))).toContain('ready: 3 plans');
    expect(targetOf7a(await second.query(IKU_09_VI_2021))).toBe(77);
    await second.stop();
  });

  it('imports again on the start after an import in between', async () => {
    // Another import into the same directory moves the data version: the next start imports the files again,
    // which brings back the document's target as a new revision. The import is npm run import's command,
    // run here in-process (scripts/import.ts only hands it process.argv and the environment).
    const plan = JSON.parse(readFileSync('data/plans/VI-2021.plan.json', 'utf8'));
    plan.indicatorTargets.find((row: any) => row.code === '7.a').target = 78;
    const changed = join(directory, 'VI-2021.plan.json');
    writeFileSync(changed, JSON.stringify(plan));
    const printed: string[] = [];
    const print = (line: string) => printed.push(line);
    expect(
      await runImportCommand([changed], { DATA_DIR: dataDir }, { print, printError: print }),
      printed.join('\n'),
    ).toBe(0);

    const third = await startEmbedded(dataDir);
    expect(third.log.some((line) => line.includes('not imported again'))).toBe(false);
    expect(third.log.filter((line) => /\] imported \d/.test(line))).toHaveLength(3);
    const answer = await third.query(IKU_09_VI_2021);
    expect(targetOf7a(answer)).toBe(77);
    expect(answer.data.region.plan.revision).toBe(3);
    await third.stop();
  });
});

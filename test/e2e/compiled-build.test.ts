import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledModuleOf } from '../../bench/compiled-services.ts';

// What the containers run: `npm run build`, then node on the compiled files with the preload, no tsx.
const OUT = join('node_modules', '.cache', 'compiled-build-test');

describe('the compiled build', () => {
  let gateway: ChildProcess | undefined;
  let url: string;
  const output: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--out', OUT], { stdio: 'pipe' });
    gateway = spawn(
      process.execPath,
      ['--import', `./${OUT}/shared/observability/preload.js`, `${OUT}/gateway/main.js`],
      {
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          HOST: '127.0.0.1',
          AUTH_MODE: 'off',
          // No subgraph answers: the gateway still starts, and says so on /ready.
          NATIONAL_URL: 'http://127.0.0.1:9/graphql',
          REGION_URLS: 'VI=http://127.0.0.1:9/graphql',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    gateway.stderr!.on('data', (chunk) => output.push(String(chunk)));
    url = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      gateway!.stdout!.on('data', (chunk) => {
        buffered += String(chunk);
        output.push(String(chunk));
        const port = /"port":(\d+).*gateway listening/.exec(buffered)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      });
      gateway!.once('exit', (code) =>
        reject(new Error(`the compiled gateway exited with ${code}: ${output.join('')}`)),
      );
    });
  });
  afterAll(() => {
    if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
    rmSync(OUT, { recursive: true, force: true });
  });

  it('compiles every entry point the containers run, with the files they read beside them', () => {
    for (const file of [
      'gateway/main.js',
      'subgraphs/national/main.js',
      'subgraphs/regional/main.js',
      'scripts/import.js',
      'scripts/api-key.js',
      'shared/observability/preload.js',
    ]) {
      expect({ file, exists: existsSync(join(OUT, file)) }).toEqual({ file, exists: true });
    }
    expect(existsSync(join(OUT, 'subgraphs/regional/plans/plan.graphql'))).toBe(true);
    expect(existsSync(join(OUT, 'gateway/graphiql/graphiql-page.css'))).toBe(true);
    // The IDE's browser bundle, written ahead of time: the compiled gateway builds nothing.
    expect(existsSync(join(OUT, 'gateway/graphiql/bundle/ide.js'))).toBe(true);
    expect(existsSync(join(OUT, 'gateway/graphiql/bundle/graphql.worker.js'))).toBe(true);
  });

  it('compiles every module the bench starts its services from, at the paths it starts them', () => {
    // bench/bench-topology.ts, bench-scenarios.ts (the ideal client) and the pool cap every service preloads.
    for (const file of [
      'gateway/main.ts',
      'subgraphs/national/main.ts',
      'subgraphs/regional/main.ts',
      'bench/monolith-server.ts',
      'bench/ideal-client-main.ts',
      './bench/cap-pg-pool.ts',
    ]) {
      const compiled = compiledModuleOf(resolve(OUT), file);
      expect({ file, exists: existsSync(compiled) }).toEqual({ file, exists: true });
    }
  });

  it('starts the gateway with plain node, serving its probes, its IDE and its metrics', async () => {
    expect((await fetch(`${url}/live`)).status).toBe(200);
    const ide = await fetch(`${url}/`);
    expect(ide.status).toBe(200);
    expect(await ide.text()).toContain('graphiql');
    const script = await fetch(`${url}/graphiql/ide.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(
      Buffer.from(await script.arrayBuffer()).equals(readFileSync(join(OUT, 'gateway/graphiql/bundle/ide.js'))),
    ).toBe(true);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('bkn_gateway_subgraph_requests_total');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => gateway!.once('exit', (code) => resolve(code)));
    gateway!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Inside the repository, so that the compiled modules find their packages in its node_modules (as the
 * compiled-build test's copy does); beside `npm start`'s bundle cache, and never the user's own dist/.
 */
export const BENCH_BUILD_DIRECTORY = join(ROOT, 'node_modules', '.cache', 'bench-build');

/**
 * Compiles the project as the image does (`scripts/build.mjs`: one JavaScript module per TypeScript module), so
 * that every service the bench starts runs the code the containers run, on node alone.
 *
 * Why not tsx, as the bench first ran them: tsx hooks every `require` made at run time, and Apollo Server
 * requires `crypto` again for each operation's hash (`@apollo/utils.createhash`). Asked in turns against the same
 * region, a gateway under tsx spent 0.16–0.30 ms more CPU a request than the compiled one and answered 0.12–0.14 ms
 * later (docs/performance.md): a cost of the bench's launcher that no deployment pays.
 */
export function buildServicesForBench(): { directory: string; output: string } {
  const output = execFileSync(process.execPath, ['scripts/build.mjs', '--out', BENCH_BUILD_DIRECTORY], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { directory: BENCH_BUILD_DIRECTORY, output: output.trim() };
}

/** `gateway/main.ts` (or `./bench/cap-pg-pool.ts`) → the absolute path of its compiled module in `build`. */
export function compiledModuleOf(build: string, file: string): string {
  if (!file.endsWith('.ts')) throw new Error(`not a TypeScript module of the project: ${file}`);
  return join(build, file.replace(/\.ts$/, '.js'));
}

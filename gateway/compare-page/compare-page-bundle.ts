import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The page's entry module: the TypeScript source under tsx, or the .js that `npm run build` compiled beside
 * it in dist/ (its relative imports already point at .js neighbours, its packages at node_modules), so that
 * the compiled gateway bundles the same page without TypeScript sources.
 */
function entryPoint(): string {
  const source = join(here, 'browser', 'compare-page-main.ts');
  return existsSync(source) ? source : join(here, 'browser', 'compare-page-main.js');
}

/**
 * The comparison page's script, bundled once per process with Chart.js from node_modules (no CDN, no UMD
 * script): one ES module for current browsers, minified.
 */
export async function bundleComparePage(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entryPoint()],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`Expected one bundle for ${entryPoint()}, esbuild wrote none`);
  return output.text;
}

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBrowserBundle, sourceOrCompiled } from '../http/browser-bundle.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The comparison page's script (`compare-page.js`), bundled with Chart.js from node_modules (no CDN, no UMD
 * script): the TypeScript source under tsx, the .js that `npm run build` compiled beside it in dist/. Built on
 * the first visit (a quarter of a second) and kept in node_modules/.cache for the next start.
 */
export const comparePageBundle = createBrowserBundle({
  entryPoints: { 'compare-page': sourceOrCompiled(join(here, 'browser', 'compare-page-main.ts')) },
  cacheDirectory: join(here, '..', '..', 'node_modules', '.cache', 'browser-bundles', 'compare-page'),
});

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** The page's own files and Chart.js from node_modules: analysts' networks are often closed, so no CDN. */
const ASSETS: Record<string, { file: string; maxAge: string }> = {
  // The page's own files revalidate on every load, so that a new version is seen at once.
  'compare-page.js': { file: join(here, 'compare-page.js'), maxAge: '0' },
  'compare-page.css': { file: join(here, 'compare-page.css'), maxAge: '0' },
  'credential.js': { file: join(here, '../auth/page-credential.js'), maxAge: '0' },
  // chart.js exports no package.json; its main entry sits beside the UMD build in dist/.
  'chart.umd.js': { file: join(dirname(require.resolve('chart.js')), 'chart.umd.js'), maxAge: '1d' },
};

/**
 * GET /compare: the comparison page (an indicator or a budget code across regions and years, chart and
 * table, its state in the query string); GET /compare/<asset>: its script, styles and Chart.js.
 */
export function createComparePageRouter(): Router {
  const router = express.Router({ strict: true });
  const html = join(here, 'compare-page.html');
  router.get('/compare', (_req, res) => res.sendFile(html, { maxAge: '0' }));
  // The page's links are relative ("compare/…", "graphql"): from /compare/ they would miss.
  router.get('/compare/', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    res.redirect(301, `../compare${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  for (const [name, { file, maxAge }] of Object.entries(ASSETS)) {
    router.get(`/compare/${name}`, (_req, res) => res.sendFile(file, { maxAge }));
  }
  return router;
}

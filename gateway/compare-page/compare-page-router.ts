import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { comparePageBundle } from './compare-page-bundle.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * GET /compare: the comparison page (an indicator, a budget code, staff or spending across regions and
 * years: trend, heatmap, ranking and table, its state in the query string); GET /compare/compare-page.js:
 * its script, bundled with Chart.js on first use; GET /compare/compare-page.css: its styles.
 */
export function createComparePageRouter(): Router {
  const router = express.Router({ strict: true });
  const html = join(here, 'compare-page.html');
  router.get('/compare', (_req, res) => {
    // The first visit starts the bundle while the browser parses the page.
    comparePageBundle.warm();
    res.sendFile(html, { maxAge: '0' });
  });
  // The page's links are relative ("compare/…", "graphql"): from /compare/ they would miss.
  router.get('/compare/', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    res.redirect(301, `../compare${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  // The page's own files revalidate on every load, so that a new version is seen at once.
  router.get('/compare/compare-page.css', (_req, res) => res.sendFile(join(here, 'compare-page.css'), { maxAge: '0' }));
  // The script: ETag, 304 on a reload, brotli or gzip as the browser accepts (browser-bundle.ts).
  router.use('/compare', comparePageBundle.serve());
  return router;
}

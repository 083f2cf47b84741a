import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { bundleComparePage } from './compare-page-bundle.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * GET /compare: the comparison page (an indicator, a budget code, staff or spending across regions and
 * years: trend, heatmap, ranking and table, its state in the query string); GET /compare/compare-page.js:
 * its script, bundled with Chart.js on first use; GET /compare/compare-page.css: its styles.
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
  // The page's own files revalidate on every load, so that a new version is seen at once.
  router.get('/compare/compare-page.css', (_req, res) => res.sendFile(join(here, 'compare-page.css'), { maxAge: '0' }));
  let bundle: Promise<{ text: string; etag: string }> | undefined;
  router.get('/compare/compare-page.js', async (req, res, next) => {
    try {
      // Bundled once; a failed bundle is tried again on the next request rather than kept.
      bundle ??= bundleComparePage().then((text) => ({ text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"` }));
      const { text, etag } = await bundle.catch((error: unknown) => {
        bundle = undefined;
        throw error;
      });
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'no-cache');
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.type('text/javascript').send(text);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

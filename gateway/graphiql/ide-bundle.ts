import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBrowserBundle } from '../http/browser-bundle.ts';

const here = dirname(fileURLToPath(import.meta.url));
// Monaco's workers, resolved as GraphiQL's editor package resolves them (monaco-graphql is its dependency).
const fromGraphiQLReact = createRequire(createRequire(import.meta.url).resolve('@graphiql/react/package.json'));

/** Where `npm run build` puts the IDE's files in dist/ (scripts/build.mjs); absent under tsx. */
export const IDE_BUNDLE_DIRECTORY = join(here, 'bundle');

/**
 * The IDE's browser code: the page's script (ide.js, ide.css) and Monaco's three web workers, each its own
 * entry so that the page can start them from the gateway (browser/monaco-workers.ts). Prebuilt in dist/;
 * under tsx built on the first visit (2.5 s on a quiet 2-core machine, 8–13 s on a busy one) and kept in
 * node_modules/.cache for the next start; never at start: every test starts gateways, few open the IDE.
 */
export const ideBundle = createBrowserBundle({
  entryPoints: {
    ide: join(here, 'browser', 'ide.tsx'),
    'editor.worker': fromGraphiQLReact.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
    'json.worker': fromGraphiQLReact.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
    'graphql.worker': fromGraphiQLReact.resolve('monaco-graphql/esm/graphql.worker.js'),
  },
  prebuiltDirectory: IDE_BUNDLE_DIRECTORY,
  // Under tsx: the next start serves the last build while no file it read changed.
  cacheDirectory: join(here, '..', '..', 'node_modules', '.cache', 'browser-bundles', 'ide'),
});

// GraphiQL 5 edits with Monaco, whose language services run in web workers. Its setup-workers modules name
// the workers by bundler-specific URLs (webpack, Vite) or load them from esm.sh; here each worker is one
// entry of the IDE's bundle, served by the gateway itself (see ide-bundle.ts): no CDN, no blob: worker, so
// the CSP's script-src 'self' covers them.

/** The file each Monaco worker label runs; any label GraphiQL does not name gets the plain editor worker. */
const WORKER_FILES: Record<string, string> = {
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

/** Sets `MonacoEnvironment` before Monaco loads; `base` is where the bundle is served (…/graphiql/). */
export function setUpMonacoWorkers(base: URL): void {
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      const file = WORKER_FILES[label] ?? 'editor.worker.js';
      return new Worker(new URL(file, base), { type: 'module', name: label });
    },
  };
}

import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql for everything, as under Node: Node loads its CommonJS entry (graphql has no "exports"),
    // while Vite would take the ES module one for our files, and a schema built by the gateway (CommonJS)
    // would then be refused by our own validate() as coming "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Unit files share one module graph per worker: the heavy imports (@apollo/federation-internals and
          // composition, graphql, zod) load once instead of once per file, which halved the suite's CPU time.
          // Safe because no unit test mocks modules, stubs globals or changes process.env.
          isolate: false,
        },
      },
      // Each integration and e2e file opens its own PGlite (~2 s, from the initdb dump test-database.ts keeps) and,
      // when TEST_DATABASE_URL is set, PostgreSQL.
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/security/**/*.test.ts', 'test/faults/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

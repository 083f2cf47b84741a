import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);

/** The IDE's files, served from node_modules: analysts' networks are often closed, so no CDN. */
const ASSETS: Record<string, string> = {
  'react.js': join(dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
  'react-dom.js': join(dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
  'graphiql.js': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.css': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
};

const DEFAULT_QUERY = `# Kanreg VI Medan 2021 beside Kanreg XII Pekanbaru 2024:
# one national indicator across regions and years, totals and budget lines.
query CompareMedan2021WithPekanbaru2024 {
  indicator(id: "IKU-09") {
    name
    values(regions: ["VI", "XII"], years: [2021, 2023, 2024]) {
      region { code city }
      year
      code
      target
      realisation
      targetRevisedFrom
      targetProvenance { document line printed }
    }
  }
  medan: region(code: "VI") {
    name
    plan(year: 2021) {
      totalBudget
      totalBudgetProvenance { location line printed }
      budgetLines(level: PROGRAM) { code name amount }
    }
  }
  pekanbaru: region(code: "XII") {
    name
    plan(year: 2024) {
      totalBudget
      budgetAllocations { amount indicatorCodes description }
    }
  }
}
`;

function page(graphqlPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>BKN work plans: GraphQL IDE</title>
  <link rel="stylesheet" href="graphiql/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the GraphQL IDE…</div>
  <script src="graphiql/react.js"></script>
  <script src="graphiql/react-dom.js"></script>
  <script src="graphiql/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: new URL(${JSON.stringify(graphqlPath)}, location.href).href });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}

/** GET / → the IDE; GET /graphiql/* → its scripts and styles. */
export function createGraphiQLRouter(graphqlPath = 'graphql'): Router {
  const router = express.Router();
  const html = page(graphqlPath);
  router.get('/', (_req, res) => void res.type('html').send(html));
  router.get('/favicon.ico', (_req, res) => void res.status(204).end());
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/graphiql/${name}`, (_req, res) => res.sendFile(file, { maxAge: '1d' }));
  }
  return router;
}

/**
 * Composes the supergraph from the subgraphs' own SDL and writes supergraph.graphql (committed).
 *   npm run compose          writes it
 *   npm run compose:check    fails when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_FILE } from '../subgraphs/supergraph-composition.ts';

const composition = composeSupergraph();
if ('errors' in composition) {
  for (const error of composition.errors) console.error(`composition error: ${error}`);
  process.exit(1);
}
for (const hint of composition.hints) console.error(`hint: ${hint}`);

if (process.argv.includes('--check')) {
  if (readFileSync(SUPERGRAPH_FILE, 'utf8') !== composition.supergraph) {
    console.error(
      'supergraph.graphql is stale: the subgraph schemas changed. Run `npm run compose` and commit the result.',
    );
    process.exit(1);
  }
  console.log('supergraph.graphql is up to date');
} else {
  writeFileSync(SUPERGRAPH_FILE, composition.supergraph);
  console.log(`wrote supergraph.graphql (${composition.supergraph.length} bytes)`);
}

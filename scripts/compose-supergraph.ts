/**
 * Composes the supergraph from the subgraphs' own SDL and writes supergraph.graphql (committed).
 *   npm run compose          writes it
 *   npm run compose:check    fails when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { nationalTypeDefs } from '../subgraphs/national/national-schema.ts';
import { regionalTypeDefs } from '../subgraphs/regional/regional-schema.ts';

const SUPERGRAPH_FILE = new URL('../supergraph.graphql', import.meta.url);

// The URLs are the defaults of the separate-process topology; the gateway overrides them from its config.
const subgraphs = [
  { name: 'national', url: 'http://127.0.0.1:4001/graphql', typeDefs: parse(nationalTypeDefs()) },
  { name: 'regional', url: 'http://127.0.0.1:4100/graphql', typeDefs: parse(regionalTypeDefs()) },
];

const result = composeServices(subgraphs);
if (result.errors) {
  for (const error of result.errors) console.error(`composition error: ${error.message}`);
  process.exit(1);
}
for (const hint of result.hints ?? []) console.error(`hint: ${hint.definition.code}: ${hint.message}`);
const supergraph = `${result.supergraphSdl.trim()}\n`;

if (process.argv.includes('--check')) {
  const committed = readFileSync(SUPERGRAPH_FILE, 'utf8');
  if (committed !== supergraph) {
    console.error('supergraph.graphql is stale: the subgraph schemas changed. Run `npm run compose` and commit the result.');
    process.exit(1);
  }
  console.log('supergraph.graphql is up to date');
} else {
  writeFileSync(SUPERGRAPH_FILE, supergraph);
  console.log(`wrote supergraph.graphql (${supergraph.length} bytes)`);
}

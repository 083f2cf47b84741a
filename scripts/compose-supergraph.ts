/**
 * Composes the supergraph from the subgraphs' own SDL and writes it.
 *   npm run compose          writes supergraph.graphql (committed) from the repository's own subgraphs
 *   npm run compose:check    fails when the committed file is stale
 * With another team's subgraph: SUBGRAPHS_FILE (the gateway's list; each entry's schemaFile, else its URL's
 * `_service { sdl }`, signed with SUBGRAPH_SECRET when set) adds to the repository's own, written to
 * SUPERGRAPH_FILE, which must then name another file than the committed one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSubgraphSecret } from '../shared/config/subgraph-access.ts';
import { readSubgraphList } from '../shared/federation/subgraph-list.ts';
import { loadSubgraphSchemas } from '../shared/federation/subgraph-schemas.ts';
import { composeSupergraph, inRepoSubgraphs, SUPERGRAPH_FILE } from '../subgraphs/supergraph-composition.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const listed = (() => {
  try {
    return readSubgraphList(process.env);
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const committedFile = fileURLToPath(SUPERGRAPH_FILE);
const outFile = process.env.SUPERGRAPH_FILE ? resolve(process.env.SUPERGRAPH_FILE) : committedFile;
if (listed.length && outFile === committedFile)
  fail(
    'SUBGRAPHS_FILE is set: set SUPERGRAPH_FILE to where this supergraph goes; the committed supergraph.graphql ' +
      'holds only the repository’s own subgraphs',
  );
const subgraphs = [
  ...inRepoSubgraphs(),
  ...(await loadSubgraphSchemas(listed, { subgraphSecret: readSubgraphSecret(process.env) }).catch((error: Error) =>
    fail(error.message),
  )),
];
const composition = composeSupergraph(subgraphs);
if ('errors' in composition) {
  for (const error of composition.errors) console.error(`composition error: ${error}`);
  process.exit(1);
}
for (const hint of composition.hints) console.error(`hint: ${hint}`);

const shown = outFile === committedFile ? 'supergraph.graphql' : outFile;
if (process.argv.includes('--check')) {
  if (readFileSync(outFile, 'utf8') !== composition.supergraph) {
    const rerun =
      outFile === committedFile ? 'and commit the result' : 'with the same SUBGRAPHS_FILE and SUPERGRAPH_FILE';
    console.error(`${shown} is stale: the subgraph schemas changed. Run \`npm run compose\` ${rerun}.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date`);
} else {
  writeFileSync(outFile, composition.supergraph);
  console.log(`wrote ${shown} (${composition.supergraph.length} bytes; ${subgraphs.map((s) => s.name).join(', ')})`);
}

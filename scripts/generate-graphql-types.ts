/**
 * Writes the GraphQL types generated from the schemas (codegen.ts), committed as `*.generated.ts`.
 *   npm run codegen          writes them
 *   npm run codegen:check    fails when a committed one differs from what the schemas generate today
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateGraphQLTypes, outputPath } from '../codegen.ts';

const outputs = await generateGraphQLTypes();

if (process.argv.includes('--check')) {
  const stale = outputs.filter(
    ({ file, content }) => !existsSync(outputPath(file)) || readFileSync(outputPath(file), 'utf8') !== content,
  );
  for (const { file } of stale)
    console.error(`${file} is stale: its schema or operations changed. Run \`npm run codegen\` and commit the result.`);
  if (stale.length) process.exit(1);
  console.log(`${outputs.length} generated GraphQL type files are up to date`);
} else {
  for (const { file, content } of outputs) {
    writeFileSync(outputPath(file), content);
    console.log(`wrote ${file} (${content.length} bytes)`);
  }
}

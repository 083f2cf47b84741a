import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The README's examples, each a query and its real output, so that a test can run them and say when the
 * output printed is not what the command gives. An example is marked in the README:
 *
 *     <!-- example documents: compareIndicator.rows, compareIndicator.summary -->
 *     ```graphql   (the query)
 *     ```json      (its output: each path's value, one JSON line per list element)
 *
 * `documents` is what `npm start` serves (the documents' plan files alone); `demo` is `npm run demo`
 * (the documents and the synthetic data of seed 1).
 */
export interface ReadmeExample {
  data: 'documents' | 'demo';
  paths: string[];
  query: string;
  /** The output as printed, and where it stands in the README (character offsets of the block's body). */
  printed: string;
  outputStart: number;
  outputEnd: number;
}

const MARKER = /<!-- example (documents|demo): ([^>]*?) -->\s*```graphql\n([\s\S]*?)```[\s\S]*?```json\n([\s\S]*?)```/g;

export function readReadmeExamples(readme: string): ReadmeExample[] {
  return [...readme.matchAll(MARKER)].map((match) => {
    const outputEnd = match.index + match[0].length - 3;
    const printed = match[4]!;
    return {
      data: match[1] as ReadmeExample['data'],
      paths: match[2]!.split(',').map((path) => path.trim()),
      query: match[3]!,
      printed,
      outputStart: outputEnd - printed.length,
      outputEnd,
    };
  });
}

/** The output block of an answer: each path's value, a list as one line per element. */
export function renderExampleOutput(data: unknown, paths: string[]): string {
  const lines = paths.flatMap((path) => {
    const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], data);
    return Array.isArray(value) ? value.map((element) => JSON.stringify(element)) : [JSON.stringify(value)];
  });
  return `${lines.join('\n')}\n`;
}

/** Rewrites the README's output blocks with `outputs` (same order as readReadmeExamples), for UPDATE_README=1. */
export function rewriteReadmeOutputs(file: string, outputs: Map<ReadmeExample, string>): void {
  let readme = readFileSync(file, 'utf8');
  const examples = readReadmeExamples(readme).reverse();
  const byQuery = new Map([...outputs].map(([example, output]) => [example.query, output]));
  for (const example of examples) {
    const output = byQuery.get(example.query);
    if (output !== undefined) readme = readme.slice(0, example.outputStart) + output + readme.slice(example.outputEnd);
  }
  writeFileSync(file, readme);
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The regional subgraph's features build an object per comparison cell, per plan row and per request. On
 * Node 20 each property an object literal adds after a spread is defined through the runtime, about 1 µs,
 * where a literal written out takes nanoseconds: one indicator cell took 36 µs (docs/performance.md, ninth
 * pass). The import and the configuration run once, and are not held to it.
 */
const HOT_ROOT = 'subgraphs/regional';
const RUN_ONCE = new Set(['subgraphs/regional/plan-import', 'subgraphs/regional/config.ts']);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (RUN_ONCE.has(path)) return [];
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.generated.ts') ? [path] : [];
  });
}

/** `file:line` of each object literal that adds a property after a spread, or spreads twice. */
function propertiesAfterSpread(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const firstSpread = node.properties.findIndex(ts.isSpreadAssignment);
      if (firstSpread >= 0 && firstSpread < node.properties.length - 1) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${relative('.', fileName)}:${line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('object literals on the regional hot path', () => {
  it('add no property after a spread', () => {
    const found = sourceFiles(HOT_ROOT).flatMap((file) => propertiesAfterSpread(file, readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('are found when they do', () => {
    const text = `
      const a = { ...key, filled: true };
      const b = { ...one, ...two };
      const c = { filled: true, ...key };
      const d = { ...key };`;
    expect(propertiesAfterSpread('example.ts', text)).toEqual(['example.ts:2', 'example.ts:3']);
  });
});

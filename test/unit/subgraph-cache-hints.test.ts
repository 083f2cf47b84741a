import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SUBGRAPHS = join(import.meta.dirname, '../../subgraphs');

const sourceFiles = (): string[] =>
  readdirSync(SUBGRAPHS, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(graphql|ts)$/.test(file) && !file.endsWith('.generated.ts'))
    .map((file) => join(SUBGRAPHS, file));

describe("the subgraphs' cache hints", () => {
  // shared/http/fixed-cache-control.ts sends one max-age for every clean answer instead of resolving a hint per
  // field; a field with a hint of its own needs Apollo's cache-control plugin back in graphql-middleware.ts.
  it('has no field with a cache hint of its own', () => {
    const hinted = sourceFiles().filter((file) =>
      /@cacheControl|setCacheHint|cacheControl\./.test(readFileSync(file, 'utf8')),
    );
    expect(hinted).toEqual([]);
  });
});

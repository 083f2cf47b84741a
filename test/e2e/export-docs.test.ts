import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withGeneratedTables } from '../../gateway/export/export-docs.ts';
import { EXPORT_FORMATS } from '../../gateway/export/export-formats.ts';
import { EXPORT_VIEWS } from '../../gateway/export/export-views.ts';

describe('docs/export.md', () => {
  const docs = readFileSync('docs/export.md', 'utf8');

  it('lists every parameter and column as the export views define them (regenerate: npm run docs:export)', () => {
    expect(withGeneratedTables(docs, EXPORT_VIEWS)).toBe(docs);
  });

  it('names every export endpoint', () => {
    for (const view of EXPORT_VIEWS) {
      for (const format of EXPORT_FORMATS) expect(docs).toContain(`/export/${view.name}.${format.extension}`);
    }
  });

  it('gives every column a snake_case name, once per view', () => {
    for (const view of EXPORT_VIEWS) {
      const names = view.columns.map((column) => column.name);
      expect(new Set(names).size, view.name).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(names.at(-1), view.name).toBe('missing_reason');
    }
  });
});

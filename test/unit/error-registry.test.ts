import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors/error-codes.ts';
import { renderErrorDocs } from '../../shared/errors/error-docs.ts';

describe('the error registry', () => {
  it('is what docs/errors.md says (npm run docs:errors rewrites it)', () => {
    expect(readFileSync('docs/errors.md', 'utf8')).toBe(renderErrorDocs());
  });

  it('gives every code a meaning, and a 4xx or 5xx status where it has one', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(entry.meaning.length, code).toBeGreaterThan(20);
      if ('httpStatus' in entry) expect(entry.httpStatus, code).toBeGreaterThanOrEqual(400);
    }
  });
});

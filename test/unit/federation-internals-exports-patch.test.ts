import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * patches/@apollo+federation-internals+*.patch (applied by npm's postinstall): the package's index copies each
 * export of its modules as a value instead of defining a getter that re-reads it on every use, which the gateway's
 * result shaping paid for every field of every entity (docs/performance.md, eighteenth pass). This holds the
 * patch to what it promises: the exports the gateway calls are plain values, the same functions and classes the
 * modules define, and nothing the package exports reads as undefined.
 */
describe('the patched exports of @apollo/federation-internals', () => {
  const require = createRequire(import.meta.url);
  const federationInternals: Record<string, unknown> = require('@apollo/federation-internals');

  it('gives the exports the gateway calls while shaping a result as values, not getters', () => {
    for (const name of ['assert', 'isCompositeType', 'isSubtype', 'isValidLeafValue', 'typenameFieldName']) {
      const descriptor = Object.getOwnPropertyDescriptor(federationInternals, name);
      expect(descriptor?.get, name).toBeUndefined();
      expect(descriptor?.value, name).toBeDefined();
    }
  });

  it('exports the same functions its modules define', () => {
    const utils = require('@apollo/federation-internals/dist/utils');
    const definitions = require('@apollo/federation-internals/dist/definitions');
    expect(federationInternals.assert).toBe(utils.assert);
    expect(federationInternals.isCompositeType).toBe(definitions.isCompositeType);
    expect(federationInternals.Schema).toBe(definitions.Schema);
  });

  it('leaves no export undefined', () => {
    const undefinedExports = Object.keys(federationInternals).filter((name) => federationInternals[name] === undefined);
    expect(undefinedExports).toEqual([]);
  });
});

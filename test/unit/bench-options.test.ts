import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchOptions } from '../../bench/bench-options.ts';

describe('parseBenchOptions', () => {
  it('asks each server six requests in a row in its turn unless told otherwise', () => {
    expect(parseBenchOptions([], {}).turnLength).toBe(6);
    expect(parseBenchOptions(['--turn-length', '1'], {}).turnLength).toBe(1);
  });

  it.each(['0', '-2', '2.5', 'six'])('refuses --turn-length %s with a message that names the option', (value) => {
    expect(() => parseBenchOptions([`--turn-length=${value}`], {})).toThrow(BenchUsageError);
    expect(() => parseBenchOptions([`--turn-length=${value}`], {})).toThrow(
      `--turn-length expects a whole number > 0; got "${value}"`,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAMES, operationLabel } from '../../shared/observability/metrics.ts';

describe('operation names as metric labels', () => {
  it('keeps GraphQL names, and names the missing and the malformed', () => {
    expect(operationLabel('CompareTargets')).toBe('CompareTargets');
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('')).toBe('anonymous');
    expect(operationLabel('drop table; --')).toBe('invalid');
    expect(operationLabel('x'.repeat(101))).toBe('invalid');
  });

  it('counts names past the first MAX_OPERATION_NAMES distinct ones as "other", and keeps the ones it has', () => {
    for (let index = 0; index < MAX_OPERATION_NAMES + 50; index += 1) operationLabel(`Generated${index}`);
    expect(operationLabel('NeverSeenBefore')).toBe('other');
    expect(operationLabel('CompareTargets')).toBe('CompareTargets');
    expect(operationLabel('Generated0')).toBe('Generated0');
  });
});

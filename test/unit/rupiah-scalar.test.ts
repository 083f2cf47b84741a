import { describe, expect, it } from 'vitest';
import { RupiahScalar, toRupiah } from '../../shared/money/rupiah-scalar.ts';

describe('Rupiah', () => {
  it('serialises BIGINT values from either driver as exact JSON integers', () => {
    expect(RupiahScalar.serialize('12218328000')).toBe(12218328000);
    expect(RupiahScalar.serialize(14682611000n)).toBe(14682611000);
    expect(RupiahScalar.serialize(0)).toBe(0);
  });

  it('refuses fractions, non-numbers and amounts beyond the safe-integer range instead of rounding', () => {
    expect(() => toRupiah(1.5)).toThrow(/whole number/);
    expect(() => toRupiah('12.218.328.000')).toThrow(/whole number/);
    expect(() => toRupiah(2n ** 60n)).toThrow(/safe-integer/);
    expect(() => toRupiah('9007199254740993')).toThrow(/safe-integer/);
  });
});

// Indonesian number formats on the page (81,95; Rp 6.346.733.000; 97,7%); the exports keep raw values.

/** How a measure's values read: an indicator's own unit, a percentage (97.7), a fraction (0.93), Rupiah, a count. */
export type ValueFormat = 'number' | 'percent' | 'fraction' | 'rupiah' | 'count';

const numberFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
const changeFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const percentFormat = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 });
const rupiahFormat = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});
const rupiahChangeFormat = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
  signDisplay: 'exceptZero',
});
const rupiahCompactFormat = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const countFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** A value as the reader sees it; '–' for none. */
export function formatValue(value: number | null | undefined, format: ValueFormat): string {
  if (value == null) return '–';
  switch (format) {
    case 'number':
      return numberFormat.format(value);
    case 'percent':
      return percentFormat.format(value / 100);
    case 'fraction':
      return percentFormat.format(value);
    case 'rupiah':
      return rupiahFormat.format(value);
    case 'count':
      return countFormat.format(value);
  }
}

/** A change from the previous year, signed (+4; −Rp 12.000). */
export function formatChange(value: number | null | undefined, format: ValueFormat): string {
  if (value == null) return '–';
  return format === 'rupiah' ? rupiahChangeFormat.format(value) : changeFormat.format(value);
}

/** An axis tick: Rupiah compact (Rp 6,3 M), the rest as values. */
export function formatTick(value: number, format: ValueFormat): string {
  return format === 'rupiah' ? rupiahCompactFormat.format(value) : formatValue(value, format);
}

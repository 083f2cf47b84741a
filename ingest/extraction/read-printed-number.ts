import type { Flag } from '../../shared/plan-file/plan-file.types.ts';

/**
 * What a printed figure is expected to be. An `amount` is whole Rupiah, so a separator followed by three
 * digits can only group thousands; a `measure` (target, index, count) may carry decimals such as 95.25.
 */
export type NumberKind = 'amount' | 'measure';

/** A figure as printed and the extractor's best reading of it; the flags say why the reading may be wrong. */
export interface PrintedNumber {
  /** Best reading; null when the text holds no number at all. */
  value: number | null;
  printed: string;
  percent: boolean;
  flags: Flag[];
}

interface Reading {
  value: number;
  style: 'plain' | 'dot-thousands' | 'comma-thousands' | 'dot-decimal' | 'comma-decimal';
}

const PLAIN = /^\d+$/;
const DOT_THOUSANDS = /^\d{1,3}(?:\.\d{3})+(?:,(\d+))?$/;
const COMMA_THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.(\d+))?$/;
const DOT_DECIMAL = /^\d+\.(\d+)$/;
const COMMA_DECIMAL = /^\d+,(\d+)$/;

/**
 * Reads Indonesian (12.218.328.000,00), English (173,794,000) and plain (10918328000) figures, with or
 * without "Rp"/"Rp." and ",-"/",00", and percentages. Never repairs silently: a figure that fits no form
 * gets MALFORMED_NUMBER, one that fits two gets AMBIGUOUS_NUMBER, each with the reading chosen.
 */
export function readPrintedNumber(printed: string, kind: NumberKind = 'amount'): PrintedNumber {
  const { body, percent } = stripDecorations(printed);
  if (!/^\d(?:[\d.,]*\d)?$/.test(body)) {
    return {
      value: null,
      printed,
      percent,
      flags: [{ code: 'NOT_A_NUMBER', message: `"${printed}" holds no number` }],
    };
  }
  const readings = readingsOf(body, kind);
  const values = [...new Set(readings.map((reading) => reading.value))];
  const [first] = readings;
  if (!first) {
    const value = bestReadingOfMalformed(body, kind);
    return {
      value,
      printed,
      percent,
      flags: [
        {
          code: 'MALFORMED_NUMBER',
          message:
            `"${printed}" follows neither a thousands grouping (groups of three digits) nor a decimal form; ` +
            `best reading ${value}, kept as printed`,
        },
      ],
    };
  }
  const flags: Flag[] = [];
  if (values.length > 1) {
    flags.push({
      code: 'AMBIGUOUS_NUMBER',
      message:
        `"${printed}" reads as ${values.join(' or ')}; taken as ${first.value} (thousands separator, ` +
        `the document's usual form)`,
    });
  }
  flags.push(...styleFlags(printed, first, kind));
  return { value: first.value, printed, percent, flags };
}

/** Number-like runs in prose ("Rp. 12.218.328.000,-", "75%", "95.25"), without the sentence's own punctuation. */
export function findPrintedNumbers(text: string): Array<{ printed: string; index: number }> {
  const pattern = /(?:Rp\.?\s*)?\d(?:[\d.,]*\d)?(?:,-)?%?/g;
  return [...text.matchAll(pattern)].map((match) => ({ printed: match[0], index: match.index }));
}

function stripDecorations(printed: string): { body: string; percent: boolean } {
  let body = printed.trim().replace(/^Rp\.?\s*/i, '');
  body = body.replace(/[.,]-+$/, '');
  const percent = /%$/.test(body);
  body = body.replace(/\s*%$/, '');
  return { body, percent };
}

/** Thousands readings come first: they are the documents' usual form, so they win an ambiguity. */
function readingsOf(body: string, kind: NumberKind): Reading[] {
  const decimalsAllowed = (fraction: string | undefined) =>
    fraction === undefined || kind === 'measure' || fraction.length <= 2;
  const readings: Reading[] = [];
  if (PLAIN.test(body)) readings.push({ value: Number(body), style: 'plain' });
  const dotThousands = DOT_THOUSANDS.exec(body);
  if (dotThousands && decimalsAllowed(dotThousands[1]))
    readings.push({ value: Number(body.replace(/\./g, '').replace(',', '.')), style: 'dot-thousands' });
  const commaThousands = COMMA_THOUSANDS.exec(body);
  if (commaThousands && decimalsAllowed(commaThousands[1]))
    readings.push({ value: Number(body.replace(/,/g, '')), style: 'comma-thousands' });
  const dotDecimal = DOT_DECIMAL.exec(body);
  if (dotDecimal && (kind === 'measure' || dotDecimal[1]!.length <= 2))
    readings.push({ value: Number(body), style: 'dot-decimal' });
  const commaDecimal = COMMA_DECIMAL.exec(body);
  if (commaDecimal && (kind === 'measure' || commaDecimal[1]!.length <= 2))
    readings.push({ value: Number(body.replace(',', '.')), style: 'comma-decimal' });
  return readings;
}

/**
 * An amount's separators are taken as misplaced thousands separators (77.932000 → 77932000), after setting
 * aside a two-digit cents part; a measure's last separator is taken as its decimal point.
 */
function bestReadingOfMalformed(body: string, kind: NumberKind): number {
  if (kind === 'amount') {
    const cents = /[.,](\d{1,2})$/.exec(body);
    const whole = (cents ? body.slice(0, cents.index) : body).replace(/[.,]/g, '');
    return Number(cents ? `${whole}.${cents[1]}` : whole);
  }
  const lastSeparator = Math.max(body.lastIndexOf('.'), body.lastIndexOf(','));
  return Number(`${body.slice(0, lastSeparator).replace(/[.,]/g, '')}.${body.slice(lastSeparator + 1)}`);
}

/** Unusual but readable forms are worth a note, since the documents mix them within one table. */
function styleFlags(printed: string, reading: Reading, kind: NumberKind): Flag[] {
  if (kind !== 'amount') return [];
  const flags: Flag[] = [];
  if (reading.style === 'comma-thousands')
    flags.push({
      code: 'NUMBER_FORMAT',
      message: `"${printed}" is printed with commas as thousands separators (English style)`,
    });
  if (reading.style === 'plain' && reading.value >= 10_000)
    flags.push({ code: 'NUMBER_FORMAT', message: `"${printed}" is printed without thousands separators` });
  if (!Number.isInteger(reading.value))
    flags.push({
      code: 'FRACTIONAL_AMOUNT',
      message: `"${printed}" reads as ${reading.value}, not a whole number of Rupiah`,
    });
  return flags;
}

import { describe, expect, it } from 'vitest';
import { findPrintedNumbers, readPrintedNumber } from '../../ingest/extraction/read-printed-number.ts';

const flagCodes = (printed: string, kind: 'amount' | 'measure' = 'amount') =>
  readPrintedNumber(printed, kind).flags.map((flag) => flag.code);

describe('reading a printed number', () => {
  it.each([
    ['Rp. 12.218.328.000,-', 12218328000],
    ['Rp14.682.611.000,00', 14682611000],
    ['Rp 1.300.000.000', 1300000000],
    ['Rp. 300.000.000', 300000000],
    ['12.218.328.000,-', 12218328000],
    ['1.300.000.000', 1300000000],
    ['173,794,000', 173794000],
    ['13,924,138,000', 13924138000],
    ['10918328000', 10918328000],
    ['15.000.000', 15000000],
    ['7.500.000', 7500000],
    ['1.500', 1500],
    ['1,500', 1500],
    ['0', 0],
    ['1.234,00', 1234],
    ['1,234.00', 1234],
  ])('reads the amount "%s" as %d', (printed, value) => {
    const reading = readPrintedNumber(printed, 'amount');
    expect(reading.value).toBe(value);
    expect(reading.printed).toBe(printed);
    expect(reading.flags.map((flag) => flag.code)).not.toContain('MALFORMED_NUMBER');
    expect(reading.flags.map((flag) => flag.code)).not.toContain('AMBIGUOUS_NUMBER');
  });

  it.each([
    ['100%', 100, true],
    ['75%', 75, true],
    ['96', 96, false],
    ['95.25', 95.25, false],
    ['81.95', 81.95, false],
    ['98,25', 98.25, false],
    ['95,5%', 95.5, true],
    ['1.250,5', 1250.5, false],
  ])('reads the measure "%s" as %d (percent: %s)', (printed, value, percent) => {
    const reading = readPrintedNumber(printed, 'measure');
    expect(reading).toMatchObject({ value, percent, printed });
    expect(reading.flags).toEqual([]);
  });

  it('keeps "77.932000" as printed, flagged MALFORMED_NUMBER, with 77932000 as its best reading', () => {
    const reading = readPrintedNumber('77.932000', 'amount');
    expect(reading.value).toBe(77932000);
    expect(reading.printed).toBe('77.932000');
    expect(reading.flags).toHaveLength(1);
    expect(reading.flags[0]!.code).toBe('MALFORMED_NUMBER');
    expect(reading.flags[0]!.message).toContain('77932000');
  });

  it.each([
    ['1.2345.000', 12345000],
    ['12.34.567', 1234567],
    ['1,300.000.000', 1300000000],
    ['1.234.567,5,00', 12345675],
    ['1.234.56', 1234.56],
  ])('flags the irregularly grouped amount "%s" MALFORMED_NUMBER and reads it as %d', (printed, value) => {
    const reading = readPrintedNumber(printed, 'amount');
    expect(reading.value).toBe(value);
    expect(reading.flags.map((flag) => flag.code)).toEqual(['MALFORMED_NUMBER']);
  });

  it('reads a malformed measure with its last separator as the decimal point', () => {
    expect(readPrintedNumber('1.234.5', 'measure')).toMatchObject({
      value: 1234.5,
      flags: [{ code: 'MALFORMED_NUMBER' }],
    });
  });

  it('flags a measure that reads both as thousands and as a decimal, taking the thousands reading', () => {
    expect(readPrintedNumber('1.500', 'measure')).toMatchObject({ value: 1500, flags: [{ code: 'AMBIGUOUS_NUMBER' }] });
    expect(readPrintedNumber('2,750', 'measure')).toMatchObject({ value: 2750, flags: [{ code: 'AMBIGUOUS_NUMBER' }] });
  });

  it('reads an amount with three digits after one separator as thousands, since Rupiah are whole', () => {
    expect(readPrintedNumber('1.500', 'amount')).toMatchObject({ value: 1500, flags: [] });
  });

  it('notes amounts printed in English style or without separators, without changing them', () => {
    expect(flagCodes('173,794,000')).toEqual(['NUMBER_FORMAT']);
    expect(flagCodes('10918328000')).toEqual(['NUMBER_FORMAT']);
    expect(flagCodes('12.218.328.000')).toEqual([]);
    expect(flagCodes('2021')).toEqual([]);
    expect(flagCodes('10918328000', 'measure')).toEqual([]);
  });

  it('flags an amount that is not a whole number of Rupiah', () => {
    expect(readPrintedNumber('Rp 1.000,50', 'amount')).toMatchObject({
      value: 1000.5,
      flags: [{ code: 'FRACTIONAL_AMOUNT' }],
    });
  });

  it.each(['-', '', 'Rp', 'dua puluh', "'0", '12a', '1..2'])('reads no number from "%s"', (printed) => {
    const reading = readPrintedNumber(printed);
    if (printed === '1..2') {
      expect(reading.flags.map((flag) => flag.code)).toEqual(['MALFORMED_NUMBER']);
      return;
    }
    expect(reading.value).toBeNull();
    expect(reading.flags.map((flag) => flag.code)).toEqual(['NOT_A_NUMBER']);
  });
});

describe('finding numbers in prose', () => {
  it('takes the amount with its "Rp." and ",-" but not the sentence punctuation after it', () => {
    const line = 'Pagu Anggaran Kantor Regional VI Tahun 2021 adalah sebesar Rp. 12.218.328.000,-, dengan rincian';
    expect(findPrintedNumbers(line).map((number) => number.printed)).toEqual(['2021', 'Rp. 12.218.328.000,-']);
    expect(findPrintedNumbers('sebesar Rp14.682.611.000,00. Rincian').map((number) => number.printed)).toEqual([
      'Rp14.682.611.000,00',
    ]);
    expect(findPrintedNumbers('dari sebelumnya 75% menjadi 100% atau').map((number) => number.printed)).toEqual([
      '75%',
      '100%',
    ]);
    expect(findPrintedNumbers('pada Tahun 2023 sebesar 81.95. Hal ini').map((number) => number.printed)).toEqual([
      '2023',
      '81.95',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAN_PARTS } from '../../ingest/extraction/account-for-parts.ts';
import { extractPlan } from '../../ingest/extraction/extract-plan.ts';
import type { CatalogueIndicator } from '../../ingest/extraction/match-national-indicator.ts';
import { runExtractCommand } from '../../ingest/extraction/run-extract-command.ts';

const CATALOGUE = (
  JSON.parse(readFileSync('subgraphs/national/reference-data/indicators.json', 'utf8')) as {
    indicators: CatalogueIndicator[];
  }
).indicators;
const VI = 'data/documents/000_3fb0e9c3d24d2674.txt';
const XII = 'data/documents/001_2065c707827c05b2.txt';
/** Extractions by text: the tests read the same documents again and again, and only read what comes back. */
const extractions = new Map<string, ReturnType<typeof extractPlan>>();
function extract(text: string) {
  const known = extractions.get(text);
  if (known) return known;
  const extraction = extractPlan({ text, file: 'document.txt', catalogue: CATALOGUE });
  extractions.set(text, extraction);
  return extraction;
}
/** The document with some of its lines (1-based) rewritten; line numbers stay where they were. */
function edited(path: string, edits: Record<number, (line: string) => string>): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => edits[index + 1]?.(line) ?? line)
    .join('\n');
}
/** The hand-checked work area, without the locations (the draft words them its own way). */
function checkedWorkArea(name: string) {
  const area = JSON.parse(readFileSync(`data/plans/${name}.plan.json`, 'utf8')).workArea;
  const withoutLocation = (entry: any) => ({ ...entry, source: { ...entry.source, location: expect.any(String) } });
  return {
    provinces: area.provinces.map(withoutLocation),
    agencies: area.agencies.map(withoutLocation),
    totalAgencies: withoutLocation(area.totalAgencies),
    flags: area.flags.map((flag: any) => ({ code: flag.code, message: expect.any(String) })),
  };
}
const statuses = (text: string) =>
  Object.fromEntries(extract(text).report.parts.map((part) => [part.part, part.status]));
const partOf = (text: string, name: string) => extract(text).report.parts.find((part) => part.part === name)!;

describe('the extractor accounts for every part a plan can hold', () => {
  it('lists each part of VI 2021 as found with its lines, or not found with the lines looked at', () => {
    const { plan, report } = extract(readFileSync(VI, 'utf8'));
    expect(report.parts.map((part) => part.part)).toEqual([...PLAN_PARTS]);
    expect(statuses(readFileSync(VI, 'utf8'))).toEqual({
      totals: 'found',
      'spending split': 'found',
      headcount: 'found',
      movements: 'found',
      goals: 'found',
      'indicator rows': 'found',
      'budget tree': 'found',
      allocations: 'not found',
      revisions: 'not found',
      'work area': 'not found',
      assets: 'not found',
      'activity targets': 'found',
    });
    const part = (name: string) => report.parts.find((entry) => entry.part === name)!;
    expect(part('headcount')).toMatchObject({
      lines: [153],
      detail: '1 in the draft; said again, agreeing, on line 251',
    });
    expect(part('spending split').lines).toEqual([251, 254, 256]);
    expect(part('budget tree').lines).toHaveLength(new Set(plan.budgetLines.map((line) => line.source.line)).size);
    // VI is no revised plan: the two lines that say "Perubahan" are where a reader would check.
    expect(part('revisions')).toMatchObject({ status: 'not found', lines: [181, 373] });
    expect(part('allocations')).toMatchObject({
      status: 'not found',
      lines: [],
      detail: expect.stringContaining('no line says Keterangan'),
    });
  });

  it('says which parts XII 2024 lacks (its infographic and budget chart were images) and which lines it looked at', () => {
    const { report } = extract(readFileSync(XII, 'utf8'));
    const notFound = report.parts.filter((part) => part.status === 'not found').map((part) => [part.part, part.lines]);
    expect(notFound).toEqual([
      ['spending split', []],
      ['headcount', [62, 65, 87, 124]],
      ['movements', [214, 217, 288]],
      ['budget tree', [265, 266, 269, 274, 287]],
      ['activity targets', []],
    ]);
    expect(report.parts.find((part) => part.part === 'revisions')).toMatchObject({
      status: 'found',
      lines: [170, 177, 207],
    });
  });

  it('reads XII 2024’s work area from lines 60 and 170, and points at the lines of the parts it does not read', () => {
    const { plan, report } = extract(readFileSync(XII, 'utf8'));
    expect(plan.workArea).toEqual(checkedWorkArea('XII-2024'));
    expect(partOf(readFileSync(XII, 'utf8'), 'work area')).toMatchObject({ status: 'found', lines: [60, 170] });
    // VI states no work area: null, not zero.
    const vi = extract(readFileSync(VI, 'utf8'));
    expect(vi.plan.workArea).toBeNull();
    expect(vi.report.parts.find((part) => part.part === 'work area')).toMatchObject({ status: 'not found' });
    expect(report.parts.find((part) => part.part === 'assets')).toMatchObject({ status: 'found', lines: [89] });
  });

  it('reads XII 2024’s assets from line 89 as the hand-checked file has them: buildings, cars by type and by placement', () => {
    const withoutLocation = (asset: any) => ({
      ...asset,
      source: { line: asset.source.line, printed: asset.source.printed },
    });
    const checked = JSON.parse(readFileSync('data/plans/XII-2024.plan.json', 'utf8')).assets;
    expect(extract(readFileSync(XII, 'utf8')).plan.assets!.map(withoutLocation)).toEqual(checked.map(withoutLocation));
    expect(extract(readFileSync(VI, 'utf8')).plan.assets).toEqual([]);
  });

  it('reads VI 2021’s activity target "6000 data" (line 319) under its activity, linked to its budget line and flagged', () => {
    const checked = JSON.parse(readFileSync('data/plans/VI-2021.plan.json', 'utf8')).activityTargets;
    const { plan, report } = extract(readFileSync(VI, 'utf8'));
    const comparable = (target: any) => ({
      ...target,
      source: { line: target.source.line, printed: target.source.printed },
      flags: target.flags.map((flag: any) => flag.code),
    });
    expect(plan.activityTargets!.map(comparable)).toEqual(checked.map(comparable));
    expect(report.parts.find((part) => part.part === 'activity targets')).toMatchObject({
      status: 'found',
      lines: [319],
    });
  });

  it('flags work-area counts that miss the printed total, keeping both as printed', () => {
    const text = edited(XII, {
      60: (line) => line.replace('38 (tiga puluh delapan) instansi', '37 (tiga puluh tujuh) instansi'),
    });
    const area = extract(text).plan.workArea!;
    expect(area.agencies.map((agency) => agency.count)).toEqual([3, 37]);
    expect(area.totalAgencies?.count).toBe(41);
    expect(area.flags.map((flag) => flag.code)).toEqual(['AGENCY_COUNT_MISMATCH', 'KIND_NOT_COUNTED']);
    expect(area.flags[0]!.message).toContain(
      '3 (line 60) + 37 (line 60) = 40, do not add up to the total 41 (line 170)',
    );
  });

  it('reads the headcount where the spending paragraph repeats it, when the staff section is gone', () => {
    const text = edited(VI, { 153: () => 'Komposisi pegawai digambarkan pada grafik berikut.' });
    const { plan, report } = extract(text);
    expect(plan.staff.headcounts).toEqual([
      {
        asOf: '2021-01-01',
        dimension: 'TOTAL',
        category: null,
        count: 87,
        source: { line: 251, location: expect.stringContaining('"jumlah pegawai sebanyak 87 orang"'), printed: '87' },
      },
    ]);
    expect(report.unsure.find((entry) => entry.line === 251)?.reason).toBe(
      'the headcount names no date; dated the first day of the plan year, 2021-01-01',
    );
    // The movements stood in the same sentence as the headcount: now not found, and said so.
    expect(partOf(text, 'movements')).toMatchObject({ status: 'not found' });
    expect(partOf(text, 'headcount')).toMatchObject({ status: 'found', lines: [251] });
  });

  it('keeps the staff section headcount and reports a repetition that disagrees', () => {
    const text = edited(VI, { 251: (line) => line.replace('sebanyak 87 orang', 'sebanyak 88 orang') });
    const { plan, report } = extract(text);
    expect(plan.staff.headcounts.map((headcount) => [headcount.count, headcount.source.line])).toEqual([[87, 153]]);
    expect(report.unsure.find((entry) => entry.line === 251)?.reason).toBe(
      'the headcount is said here as 88 but as 87 on line 153; the draft keeps 87',
    );
  });

  it('reads the usual other phrasings of a headcount, dated where the sentence dates it', () => {
    const text = edited(VI, {
      153: () => 'Kantor Regional VI BKN per 31 Desember 2020 didukung oleh 87 (delapan puluh tujuh) orang pegawai.',
      251: (line) => line.replace(' (jumlah pegawai sebanyak 87 orang)', ''),
    });
    const { plan } = extract(text);
    expect(plan.staff.headcounts.map((headcount) => [headcount.asOf, headcount.count, headcount.source.line])).toEqual([
      ['2020-12-31', 87, 153],
    ]);
  });

  it('reads the total said another usual way, and reports a spending type a plan file cannot hold', () => {
    const text = edited(VI, {
      249: () =>
        'Total anggaran Kantor Regional VI Tahun 2021 senilai Rp. 12.218.328.000,-, ' +
        'dengan rincian alokasi belanja sebagai berikut:',
      257: () => 'Dari jumlah tersebut, Belanja Barang sebesar Rp. 500.000.000,- dipakai untuk pemeliharaan gedung.',
    });
    const { plan, report } = extract(text);
    expect(plan.totalBudget).toEqual({
      amount: 12218328000,
      source: {
        line: 249,
        location: expect.stringContaining('sentence "Total anggaran … senilai"'),
        printed: 'Rp. 12.218.328.000,-',
      },
    });
    expect(report.unread.filter((entry) => entry.line === 257).map((entry) => entry.reason)).toEqual([
      'Belanja Barang Rp. 500.000.000,-: a plan file splits spending only into Pegawai, ' +
        'Operasional and Non-Operasional',
    ]);
  });

  it('reports an indicator code the text prints but the indicator rows lack', () => {
    const text = edited(XII, { 170: (line) => `${line} Adapun IKU.15 ditetapkan kemudian.` });
    const { report } = extract(text);
    expect(report.unread.filter((entry) => entry.reason.includes('IKU.15'))).toEqual([
      {
        line: 170,
        text: expect.any(String),
        reason: "indicator IKU.15 is printed (lines 170) but not in the draft's indicator rows",
      },
    ]);
  });

  it('prints the parts, NOT FOUND ones with the lines looked at, from npm run extract', () => {
    // In-process: scripts/extract-plan.ts only hands process.argv to runExtractCommand.
    const printed: string[] = [];
    const exitCode = runExtractCommand([XII, '--out', '/dev/null'], undefined, (line) => printed.push(line));
    const stderr = printed.join('\n');
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toContain('  headcount: NOT FOUND, not in the draft; 4 lines say');
    expect(stderr).toContain('looked at lines 62, 65, 87, 124');
    expect(stderr).toContain('  revisions: found, 4 in the draft, lines 170, 177, 207');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPlan } from '../../ingest/extraction/extract-plan.ts';
import type { CatalogueIndicator } from '../../ingest/extraction/match-national-indicator.ts';
import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import { formatProblem, validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';

const CATALOGUE = (
  JSON.parse(readFileSync('subgraphs/national/reference-data/indicators.json', 'utf8')) as {
    indicators: CatalogueIndicator[];
  }
).indicators;
const CATALOGUE_IDS = new Set(CATALOGUE.map((indicator) => indicator.id));

const SEEDS = {
  VI: { document: '000_3fb0e9c3d24d2674.txt', checked: 'VI-2021.plan.json' },
  XII: { document: '001_2065c707827c05b2.txt', checked: 'XII-2024.plan.json' },
};

const documentText = (name: string) => readFileSync(`data/documents/${name}`, 'utf8');
const checkedPlan = (name: string) => JSON.parse(readFileSync(`data/plans/${name}`, 'utf8')) as PlanFile;
/** Extractions by file name and text: the tests read the seeds again and again, and only read what comes back. */
const extractions = new Map<string, ReturnType<typeof extractPlan>>();
function extract(text: string, file = 'document.txt') {
  const key = `${file}\n${text}`;
  const known = extractions.get(key);
  if (known) return known;
  const extraction = extractPlan({ text, file, catalogue: CATALOGUE });
  extractions.set(key, extraction);
  return extraction;
}

/** How a variant of a document moved its lines and reprinted its figures, to expect the same of the draft. */
interface Variant {
  line: (line: number | undefined) => number | undefined;
  /** Names and descriptions, which may name the region. */
  text: (text: string) => string;
  printed: (printed: string | undefined) => string | undefined;
  amount: (amount: number) => number;
}

const UNCHANGED: Variant = {
  line: (line) => line,
  text: (text) => text,
  printed: (printed) => printed,
  amount: (amount) => amount,
};

/**
 * Field-by-field differences between the draft and the hand-checked plan file: every indicator target
 * (code, name, target, unit, national id, goal, line, printed, flag codes, earlier target), every budget line (code,
 * level, parent, amount, printed code, name, volume, line, printed, flag codes), every allocation (amount,
 * indicator codes, description, line, printed), the total, the spending split, goals and staff.
 */
function differences(draft: PlanFile, checked: PlanFile, variant: Variant = UNCHANGED): string[] {
  const found: string[] = [];
  const same = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      found.push(`${what}: draft ${JSON.stringify(actual)}, checked ${JSON.stringify(expected)}`);
  };
  const keyed = <T>(
    what: string,
    drafts: T[],
    checks: T[],
    key: (item: T) => string,
    compare: (draft: T, checked: T, name: string) => void,
    checkedKey = key,
  ) => {
    const byKey = new Map(drafts.map((item) => [key(item), item]));
    for (const check of checks) {
      const item = byKey.get(checkedKey(check));
      if (!item) found.push(`${what} ${checkedKey(check)}: missing from the draft`);
      else compare(item, check, `${what} ${checkedKey(check)}`);
      byKey.delete(checkedKey(check));
    }
    for (const extra of byKey.keys()) found.push(`${what} ${extra}: in the draft only`);
  };
  same(
    'budget line order',
    draft.budgetLines.map((line) => line.code),
    checked.budgetLines.map((line) => line.code),
  );
  keyed(
    'indicator',
    draft.indicatorTargets,
    checked.indicatorTargets,
    (indicator) => indicator.code,
    (d, c, name) => {
      same(`${name} target`, d.target, c.target);
      same(`${name} unit`, d.unit, c.unit);
      same(`${name} nationalIndicatorId`, d.nationalIndicatorId, c.nationalIndicatorId);
      same(`${name} name`, d.name, variant.text(c.name));
      same(`${name} goalNumber`, d.goalNumber, c.goalNumber);
      same(`${name} flags`, d.flags.map((flag) => flag.code).sort(), c.flags.map((flag) => flag.code).sort());
      same(`${name} target line`, d.targetSource?.line, variant.line(c.targetSource?.line));
      same(`${name} target printed`, d.targetSource?.printed, c.targetSource?.printed);
      same(
        `${name} revisedFrom`,
        d.revisedFrom && {
          target: d.revisedFrom.target,
          line: d.revisedFrom.source.line,
          printed: d.revisedFrom.source.printed,
        },
        c.revisedFrom && {
          target: c.revisedFrom.target,
          line: variant.line(c.revisedFrom.source.line),
          printed: c.revisedFrom.source.printed,
        },
      );
    },
  );
  keyed(
    'budget line',
    draft.budgetLines,
    checked.budgetLines,
    (line) => line.code,
    (d, c, name) => {
      same(`${name} level`, d.level, c.level);
      same(`${name} parent`, d.parent, c.parent);
      same(`${name} amount`, d.amount, variant.amount(c.amount));
      same(`${name} printedCode`, d.printedCode, c.printedCode);
      same(`${name} name`, d.name, c.name);
      same(`${name} volume`, [d.volume, d.volumeUnit], [c.volume, c.volumeUnit]);
      same(`${name} line`, d.source.line, variant.line(c.source.line));
      same(`${name} printed`, d.source.printed, variant.printed(c.source.printed));
      same(`${name} flags`, d.flags.map((flag) => flag.code).sort(), c.flags.map((flag) => flag.code).sort());
    },
  );
  keyed(
    'allocation',
    draft.budgetAllocations,
    checked.budgetAllocations,
    (allocation) => `at line ${allocation.source.line}`,
    (d, c, name) => {
      same(`${name} amount`, d.amount, variant.amount(c.amount));
      same(`${name} indicatorCodes`, d.indicatorCodes, c.indicatorCodes);
      same(`${name} description`, d.description, variant.text(c.description));
      same(`${name} printed`, d.source.printed, variant.printed(c.source.printed));
    },
    (allocation) => `at line ${variant.line(allocation.source.line)}`,
  );
  same(
    'totalBudget',
    draft.totalBudget && {
      amount: draft.totalBudget.amount,
      line: draft.totalBudget.source.line,
      printed: draft.totalBudget.source.printed,
    },
    checked.totalBudget && {
      amount: variant.amount(checked.totalBudget.amount),
      line: variant.line(checked.totalBudget.source.line),
      printed: variant.printed(checked.totalBudget.source.printed),
    },
  );
  keyed(
    'spending',
    draft.spendingSplit,
    checked.spendingSplit,
    (part) => part.type,
    (d, c, name) => {
      same(`${name} amount`, d.amount, variant.amount(c.amount));
      same(`${name} line`, d.source.line, variant.line(c.source.line));
      same(`${name} printed`, d.source.printed, variant.printed(c.source.printed));
    },
  );
  keyed(
    'goal',
    draft.strategicGoals,
    checked.strategicGoals,
    (goal) => goal.number,
    (d, c, name) => {
      same(`${name} name`, d.name, variant.text(c.name));
      same(`${name} perspective`, d.perspective, c.perspective);
      same(`${name} line`, d.source.line, variant.line(c.source.line));
    },
  );
  same(
    'headcounts',
    draft.staff.headcounts.map((h) => [h.asOf, h.dimension, h.count, h.source.line]),
    checked.staff.headcounts.map((h) => [h.asOf, h.dimension, h.count, variant.line(h.source.line)]),
  );
  same(
    'movements',
    draft.staff.movements.map((m) => [m.period, m.type, m.count, m.counterpart, m.source.line]),
    checked.staff.movements.map((m) => [m.period, m.type, m.count, m.counterpart, variant.line(m.source.line)]),
  );
  return found;
}

function validationProblems(plan: PlanFile): string[] {
  const result = validatePlanFile(JSON.stringify(plan, null, 2), CATALOGUE_IDS);
  return result.ok ? [] : result.problems.map((problem) => formatProblem('draft', problem));
}

describe('extracting the seed documents', () => {
  it('reproduces every figure of the hand-checked VI 2021 plan file', () => {
    const checked = checkedPlan(SEEDS.VI.checked);
    const { plan } = extract(documentText(SEEDS.VI.document), SEEDS.VI.document);
    expect([plan.region, plan.year]).toEqual(['VI', 2021]);
    const found = differences(plan, checked);
    console.log(
      `VI 2021: ${plan.indicatorTargets.length} indicators, ${plan.budgetLines.length} budget lines, ` +
        `${found.length} differences`,
    );
    expect(found).toEqual([]);
    expect(plan.indicatorTargets).toHaveLength(14);
    expect(plan.budgetLines).toHaveLength(checked.budgetLines.length);
  });

  it('reproduces every figure of the hand-checked XII 2024 plan file (budget lines counted with its allocations)', () => {
    const checked = checkedPlan(SEEDS.XII.checked);
    const { plan } = extract(documentText(SEEDS.XII.document), SEEDS.XII.document);
    expect([plan.region, plan.year]).toEqual(['XII', 2024]);
    const found = differences(plan, checked);
    console.log(
      `XII 2024: ${plan.indicatorTargets.length} indicators, ` +
        `${plan.budgetLines.length + plan.budgetAllocations.length} budget lines, ${found.length} differences`,
    );
    expect(found).toEqual([]);
    expect(plan.budgetAllocations).toHaveLength(5);
  });

  it.each(Object.entries(SEEDS))('writes a %s draft that the plan-file validator accepts', (_, seed) => {
    expect(validationProblems(extract(documentText(seed.document), seed.document).plan)).toEqual([]);
  });

  it('flags VI Tabel 2 "77.932000" as MALFORMED_NUMBER on RO 4843.EAB.005, reporting its best reading 77932000', () => {
    const { plan, report } = extract(documentText(SEEDS.VI.document));
    const line = plan.budgetLines.find((budgetLine) => budgetLine.code === '4843.EAB.005')!;
    expect(line.amount).toBe(77932000);
    const flag = line.flags.find((candidate) => candidate.code === 'MALFORMED_NUMBER');
    expect(flag?.message).toContain('"77.932000"');
    expect(flag?.message).toContain('best reading 77932000');
    const entry = report.unsure.find((candidate) => candidate.line === 268);
    expect(entry?.text).toContain('77.932000');
    expect(entry?.reason).toContain('MALFORMED_NUMBER');
    expect(entry?.reason).toContain('77932000');
  });

  it('keeps the plan-level caveats of VI: the "Tahun 2020" sentence, the skipped location rows, the missing charts', () => {
    const { plan } = extract(documentText(SEEDS.VI.document));
    expect(plan.flags.map((flag) => flag.code)).toEqual(['YEAR_MISMATCH', 'LOCATION_ROWS_SKIPPED', 'FIGURES_MISSING']);
    expect(plan.flags[0]!.message).toContain('line 258');
    expect(plan.flags[1]!.message).toContain('386, 401, 411, 420, 426, 447, 455, 461, 466');
  });

  it('marks XII amounts read from merged cells and the strategy map printing index targets with "%"', () => {
    const { plan } = extract(documentText(SEEDS.XII.document));
    expect(
      plan.budgetAllocations.map((allocation) => allocation.flags.some((flag) => flag.code === 'MERGED_CELL')),
    ).toEqual([true, true, true, true, true]);
    const inconsistent = plan.indicatorTargets
      .filter((indicator) => indicator.flags.some((flag) => flag.code === 'UNIT_PRINTED_INCONSISTENTLY'))
      .map((indicator) => indicator.code);
    expect(inconsistent).toEqual(['IKU.9', 'IKU.11', 'IKU.12', 'IKU.13']);
    expect(plan.indicatorTargets[0]!.flags.map((flag) => flag.code)).toContain('CODE_NORMALISED');
  });

  it('lists what it cannot read on each seed, and leaves no Rupiah amount unread', () => {
    const vi = extract(documentText(SEEDS.VI.document)).report;
    expect(vi.unread.map((entry) => entry.line)).toEqual([158, 162, 166]);
    const xii = extract(documentText(SEEDS.XII.document)).report;
    expect(xii.unread.map((entry) => entry.line)).toEqual([65, 70, 75, 79, 83, 87, 114, 177, 177, 207, 247, 257]);
    expect(
      xii.unread.filter((entry) => entry.reason.includes('realisation for 2023')).map((entry) => entry.text),
    ).toEqual([expect.stringContaining('95.25'), expect.stringContaining('98.25'), expect.stringContaining('81.95')]);
    for (const report of [vi, xii])
      expect(report.unread.filter((entry) => entry.reason.includes('is not read into the draft'))).toEqual([]);
  });
});

/**
 * Inserts lines after the given 1-based line numbers (of the original text), returning the text and how lines moved.
 */
function insertLines(
  text: string,
  insertions: Array<{ after: number; lines: string[] }>,
): { text: string; line: (line: number | undefined) => number | undefined } {
  const original = text.split('\n');
  const sorted = [...insertions].sort((a, b) => b.after - a.after);
  for (const { after, lines } of sorted) original.splice(after, 0, ...lines);
  const line = (number: number | undefined) =>
    number === undefined
      ? undefined
      : number +
        insertions
          .filter((insertion) => insertion.after < number)
          .reduce((sum, insertion) => sum + insertion.lines.length, 0);
  return { text: original.join('\n'), line };
}

function replaceAll(text: string, replacements: Array<[string | RegExp, string]>): string {
  return replacements.reduce((result, [from, to]) => result.replaceAll(from, to), text);
}

describe('extracting another region and year in the same style', () => {
  /**
   * Consistent: the RO 4843.EAD.007 chain grows by 1.000.000, and so do its kegiatan, program, total and Belanja
   * Non-Operasional.
   */
  const VI_AMOUNTS: Array<[string, string]> = [
    ['379.500.000', '380.500.000'],
    ['10.783.328.000', '10.784.328.000'],
    ['10918328000', '10919328000'],
    ['12.218.328.000', '12.219.328.000'],
    ['1.935.932.000', '1.936.932.000'],
  ];
  const amountOf = (printed: string) => Number(printed.replace(/\D/g, ''));

  it('follows VI rewritten as Kanreg IX 2022, with lines shifted and amounts changed', () => {
    const shifted = insertLines(documentText(SEEDS.VI.document), [
      { after: 12, lines: ['', 'Dokumen ini disusun oleh Sub Bagian Program.', ''] },
      { after: 236, lines: [''] },
      { after: 376, lines: ['Catatan: rincian berikut bersumber dari aplikasi RKAKL.', ''] },
      { after: 431, lines: ['', ''] },
    ]);
    const text = replaceAll(shifted.text, [[/\bVI\b/g, 'IX'], ['2021', '2022'], ...VI_AMOUNTS]);
    const { plan, report } = extract(text, 'kanreg-ix-2022.txt');
    expect([plan.region, plan.year, plan.document.file]).toEqual(['IX', 2022, 'kanreg-ix-2022.txt']);
    const amounts = new Map(VI_AMOUNTS.map(([from, to]) => [amountOf(from), amountOf(to)]));
    const variant: Variant = {
      line: shifted.line,
      text: (name) => name.replace(/\bVI\b/g, 'IX'),
      printed: (printed) => (printed === undefined ? undefined : replaceAll(printed, VI_AMOUNTS)),
      amount: (amount) => amounts.get(amount) ?? amount,
    };
    const found = differences(plan, checkedPlan(SEEDS.VI.checked), variant);
    console.log(
      `IX 2022 (VI variant): ${plan.indicatorTargets.length} indicators, ${plan.budgetLines.length} budget ` +
        `lines, ${found.length} differences`,
    );
    expect(found).toEqual([]);
    expect(plan.totalBudget?.amount).toBe(12219328000);
    expect(plan.budgetLines[0]!.source.location).toContain('T.A. 2022');
    expect(plan.flags.find((flag) => flag.code === 'YEAR_MISMATCH')?.message).toContain(`line ${shifted.line(258)}`);
    expect(report.unsure.find((entry) => entry.reason.includes('MALFORMED_NUMBER'))?.line).toBe(shifted.line(268));
    expect(validationProblems(plan)).toEqual([]);
  });

  it('follows XII rewritten as Kanreg III 2025, with lines shifted and an allocation and the total changed', () => {
    const shifted = insertLines(documentText(SEEDS.XII.document), [
      { after: 20, lines: ['Dokumen perubahan.', '', ''] },
      { after: 215, lines: [''] },
      { after: 250, lines: ['Anggaran dihitung berdasarkan pagu indikatif.', ''] },
    ]);
    const changes: Array<[string, string]> = [
      ['150,000,000', '151,000,000'],
      ['Rp14.682.611.000,00', 'Rp14.683.611.000,00'],
    ];
    const text = replaceAll(shifted.text, [[/\bXII\b/g, 'III'], ['2024', '2025'], ...changes]);
    const { plan } = extract(text);
    expect([plan.region, plan.year]).toEqual(['III', 2025]);
    const variant: Variant = {
      line: shifted.line,
      text: (name) => name.replace(/\bXII\b/g, 'III'),
      printed: (printed) => (printed === undefined ? undefined : replaceAll(printed, changes)),
      amount: (amount) => (amount === 150000000 ? 151000000 : amount === 14682611000 ? 14683611000 : amount),
    };
    const found = differences(plan, checkedPlan(SEEDS.XII.checked), variant);
    console.log(
      `III 2025 (XII variant): ${plan.indicatorTargets.length} indicators, ` +
        `${plan.budgetLines.length + plan.budgetAllocations.length} budget lines, ${found.length} differences`,
    );
    expect(found).toEqual([]);
    expect(validationProblems(plan)).toEqual([]);
  });

  it('keeps an unbalanced amount as printed: the validator, not the extractor, points at the parent', () => {
    const text = documentText(SEEDS.VI.document).replace('1.696.546.000', '1.696.547.000');
    const { plan, report } = extract(text);
    expect(plan.budgetLines.find((line) => line.code === '4843.EAA.003.002.I')?.amount).toBe(1696547000);
    expect(plan.budgetLines.find((line) => line.code === '4843.EAA.003.002')?.flags.map((flag) => flag.code)).toContain(
      'SUM_MISMATCH',
    );
    expect(report.unsure.find((entry) => entry.line === 432)?.reason).toContain('SUM_MISMATCH');
    expect(validationProblems(plan).join('\n')).toContain('4843.EAA.003.002');
  });

  it('reports a malformed LAMPIRAN amount with its best reading instead of repairing it', () => {
    const text = documentText(SEEDS.VI.document).replace(
      'A\tPerawatan Gedung Kantor\t\t271.652.000',
      'A\tPerawatan Gedung Kantor\t\t271.652000',
    );
    const { plan, report } = extract(text);
    const line = plan.budgetLines.find((budgetLine) => budgetLine.code === '4843.EAA.003.002.A')!;
    expect(line.amount).toBe(271652000);
    expect(line.source.printed).toBe('271.652000');
    expect(line.flags.map((flag) => flag.code)).toEqual(['MALFORMED_NUMBER']);
    expect(report.unsure.find((entry) => entry.line === 433)?.reason).toContain('MALFORMED_NUMBER');
  });

  it('keeps a malformed total with its best reading, flagged on the plan since the total has no flags of its own', () => {
    const { plan, report } = extract(
      documentText(SEEDS.XII.document).replace('Rp14.682.611.000,00', 'Rp14.682.611000,00'),
    );
    expect(plan.totalBudget).toMatchObject({
      amount: 14682611000,
      source: { line: 251, printed: 'Rp14.682.611000,00' },
    });
    expect(plan.flags.find((flag) => flag.code === 'MALFORMED_NUMBER')?.message).toContain('line 251');
    expect(report.unsure.find((entry) => entry.line === 251)?.reason).toContain('MALFORMED_NUMBER');
  });

  it('lists an unreadable target and a row it cannot place instead of guessing', () => {
    const text = documentText(SEEDS.VI.document)
      .replace('Kantor Regional VI BKN\t%\t25', 'Kantor Regional VI BKN\t%\tdua puluh lima')
      .replace('4846.BAB.001\tPenetapan NIP', '4846.BAX.001\tPenetapan NIP');
    const { plan, report } = extract(text);
    const indicator = plan.indicatorTargets.find((candidate) => candidate.code === '1.a')!;
    expect([indicator.target, indicator.targetSource]).toEqual([null, null]);
    expect(report.unread.find((entry) => entry.line === 228)?.reason).toContain('not a number');
    expect(report.unread.find((entry) => entry.line === 387)?.reason).toContain('4846.BAX');
  });
});

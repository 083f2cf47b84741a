import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlanFile, Source } from '../../shared/plan-file/plan-file.types.ts';

const DOCUMENTS = 'data/documents';
const plans = readdirSync('data/plans').map((name) => ({ name, plan: JSON.parse(readFileSync(`data/plans/${name}`, 'utf8')) as PlanFile }));

/** "Rp. 12.218.328.000,-", "173,794,000", "10918328000", "Rp14.682.611.000,00" → whole Rupiah. */
function rupiahAsPrinted(printed: string): number {
  const digits = printed.replace(/^Rp\.?\s*/, '').replace(/,-$|,00$/, '').replace(/[.,]/g, '');
  return Number(digits);
}

function sourcesOf(plan: PlanFile): Array<{ what: string; source: Source; amount?: number; value?: number | null }> {
  return [
    ...(plan.totalBudget ? [{ what: 'total budget', source: plan.totalBudget.source, amount: plan.totalBudget.amount }] : []),
    ...plan.spendingSplit.map((part) => ({ what: `spending ${part.type}`, source: part.source, amount: part.amount })),
    ...plan.budgetLines.map((line) => ({ what: `budget line ${line.code}`, source: line.source, amount: line.amount })),
    ...plan.budgetAllocations.map((allocation) => ({ what: `allocation ${allocation.indicatorCodes.join('+')}`, source: allocation.source, amount: allocation.amount })),
    ...plan.indicatorTargets.flatMap((indicator) => [
      ...(indicator.targetSource ? [{ what: `target ${indicator.code}`, source: indicator.targetSource, value: indicator.target }] : []),
      ...(indicator.realisationSource ? [{ what: `realisation ${indicator.code}`, source: indicator.realisationSource, value: indicator.realisation }] : []),
      ...(indicator.revisedFrom ? [{ what: `earlier target ${indicator.code}`, source: indicator.revisedFrom.source, value: indicator.revisedFrom.target }] : []),
    ]),
    ...plan.staff.headcounts.map((headcount) => ({ what: `headcount ${headcount.asOf}`, source: headcount.source, value: headcount.count })),
  ];
}

describe('the plan files against their source documents', () => {
  it.runIf(existsSync('../shared/seeds'))('keeps copies of the documents identical to the shared seeds', () => {
    for (const name of readdirSync('../shared/seeds')) {
      expect(readFileSync(`${DOCUMENTS}/${name}`, 'utf8'), name).toBe(readFileSync(`../shared/seeds/${name}`, 'utf8'));
    }
  });

  it.each(plans)('$name: every figure is printed on the line its provenance names, and equals it', ({ plan }) => {
    const document = readFileSync(`${DOCUMENTS}/${plan.document.file}`, 'utf8').split('\n');
    let checked = 0;
    for (const { what, source, amount, value } of sourcesOf(plan)) {
      if (source.line === undefined || source.printed === undefined) continue;
      expect(document[source.line - 1], `${what} at line ${source.line}`).toContain(source.printed);
      if (amount !== undefined) {
        const flaggedMalformed = /^\d+\.\d{6}$/.test(source.printed);
        if (!flaggedMalformed) expect(rupiahAsPrinted(source.printed), what).toBe(amount);
      }
      if (value !== undefined && value !== null) expect(Number.parseFloat(source.printed.replace(/[^\d.]/g, '')), what).toBe(value);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('serves VI’s Tabel 2 figure "77.932000" as the LAMPIRAN’s 77.932.000, flagged', () => {
    const vi = plans.find(({ plan }) => plan.region === 'VI')!.plan;
    const line = vi.budgetLines.find((budgetLine) => budgetLine.code === '4843.EAB.005')!;
    expect(line.amount).toBe(77932000);
    expect(line.flags.map((flag) => flag.code)).toContain('MALFORMED_NUMBER');
  });
});

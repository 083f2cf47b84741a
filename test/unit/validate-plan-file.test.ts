import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';
import { validateRealisationFile } from '../../shared/plan-file/validate-realisation-file.ts';
import { referenceIndicators } from '../../subgraphs/national/database/seed-reference-data.ts';

const CATALOGUE = new Set(referenceIndicators.map((indicator) => indicator.id));
const VI_TEXT = readFileSync('data/plans/VI-2021.plan.json', 'utf8');

function edited(edit: (plan: any) => void): string {
  const plan = JSON.parse(VI_TEXT);
  edit(plan);
  return JSON.stringify(plan, null, 2);
}

function problemsOf(text: string): string[] {
  const result = validatePlanFile(text, CATALOGUE);
  return result.ok ? [] : result.problems.map((problem) => formatProblem('VI-2021.plan.json', problem));
}

describe('plan file validation', () => {
  it.each(['VI-2021', 'XII-2023', 'XII-2024'])('accepts the hand-checked plan file %s', (name) => {
    expect(problemsOf(readFileSync(`data/plans/${name}.plan.json`, 'utf8'))).toEqual([]);
  });

  it('names the budget line whose children do not add up, with its line in the file', () => {
    const text = edited((plan) => {
      plan.budgetLines.find((line: any) => line.code === '4843.EAA.003.002.F').amount = 662038001;
    });
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('"4843.EAA.003.002"');
    expect(problems[0]).toContain('difference -1');
    const reportedLine = Number(problems[0]!.match(/\.json:(\d+)/)![1]);
    const lines = text.split('\n');
    expect(lines[reportedLine - 1]).toContain('"amount": 3935663000');
    expect(lines.slice(reportedLine - 10, reportedLine).join('\n')).toContain('"code": "4843.EAA.003.002"');
  });

  it('reports every problem at once: duplicate code, unmapped indicator, bad region and year, bad amounts', () => {
    const problems = problemsOf(
      edited((plan) => {
        plan.region = 'XV';
        plan.year = 20210;
        plan.indicatorTargets[1].code = '1.a';
        plan.indicatorTargets[2].nationalIndicatorId = 'IKU-99';
        plan.spendingSplit[0].amount = 6346733001;
      }),
    ).join('\n');
    expect(problems).toContain('unknown region "XV"');
    expect(problems).toContain('year 20210 is out of range');
    expect(problems).toContain('duplicate indicator code "1.a"');
    expect(problems).toContain('"IKU-99", which is not in the national catalogue');
    expect(problems).toContain('spending-type split adds up to');
  });

  it('refuses negative and fractional amounts in the shape check, naming the field', () => {
    const problems = problemsOf(
      edited((plan) => {
        plan.budgetLines[0].amount = -5;
        plan.budgetLines[1].amount = 10.5;
      }),
    ).join('\n');
    expect(problems).toMatch(/budgetLines\[0\]\.amount: must not be negative/);
    expect(problems).toMatch(/budgetLines\[1\]\.amount: must be a whole number of Rupiah/);
  });

  it('refuses work-area counts that miss the printed total unless a flag says so, and a kind counted twice', () => {
    const xii = JSON.parse(readFileSync('data/plans/XII-2024.plan.json', 'utf8'));
    xii.workArea.agencies[1].count = 37;
    const problems = problemsOf(JSON.stringify(xii, null, 2));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('add up to 40, not the total 41');
    xii.workArea.flags.push({ code: 'AGENCY_COUNT_MISMATCH', message: '3 + 37 is not 41' });
    xii.workArea.agencies.push({ ...xii.workArea.agencies[0] });
    expect(problemsOf(JSON.stringify(xii, null, 2))).toEqual([
      expect.stringContaining('PROVINCIAL_GOVERNMENT is counted twice'),
    ]);
  });

  it('refuses an asset breakdown that does not add up to its whole, or names a whole the plan lacks', () => {
    const xii = JSON.parse(readFileSync('data/plans/XII-2024.plan.json', 'utf8'));
    xii.assets.find((asset: any) => asset.placedAt === 'Kantor UPT BKN Padang').count = 2;
    xii.assets.find((asset: any) => asset.name === 'motor dinas').partOf = 'sepeda';
    const problems = problemsOf(JSON.stringify(xii, null, 2)).join('\n');
    expect(problems).toContain('"mobil dinas" counts 6, but its parts by placement add up to 7');
    expect(problems).toContain('part of "sepeda", which the plan does not list');
  });

  it('refuses an activity target that names a budget line the plan does not list, and a negative count', () => {
    const unknownLine = problemsOf(edited((plan) => (plan.activityTargets[0].budgetCode = '4847.FAA.009')));
    expect(unknownLine).toEqual([
      expect.stringContaining('names budget line "4847.FAA.009", which the plan does not list'),
    ]);
    const negative = problemsOf(
      edited(
        (plan) =>
          (plan.workArea = {
            provinces: [],
            agencies: [{ kind: 'VERTICAL_AGENCY', count: -1, source: { location: 'x' } }],
            totalAgencies: null,
            flags: [],
          }),
      ),
    );
    expect(negative).toEqual([expect.stringContaining('workArea.agencies[0].count')]);
  });

  it('refuses a file that is not JSON', () => {
    expect(problemsOf('{ "format": ')[0]).toContain('not valid JSON');
  });

  it('takes every figure up to the column limit and refuses the next one', () => {
    const atLimits = edited((plan) => {
      plan.staff.headcounts[0].count = 2_147_483_647;
      plan.indicatorTargets[0].target = 1e12;
      plan.indicatorTargets[1].target = -1e12;
      plan.budgetLines[0].volume = 1e12;
      plan.document.title = 'T'.repeat(300);
      plan.flags[0].message = 'M'.repeat(2000);
    });
    expect(problemsOf(atLimits)).toEqual([]);
    const over = edited((plan) => {
      plan.staff.headcounts[0].count = 2_147_483_648;
      plan.staff.movements[0].count = 2_147_483_648;
      plan.indicatorTargets[0].target = 1e12 + 1;
      plan.indicatorTargets[1].target = -1e308;
      plan.budgetLines[0].volume = 1e13;
      plan.document.title = 'T'.repeat(301);
      plan.flags[0].message = 'M'.repeat(2001);
    });
    expect(problemsOf(over).map((problem) => problem.replace(/^VI-2021\.plan\.json:\d+ /, ''))).toEqual([
      'document.title: must be at most 300 characters',
      'indicatorTargets[0].target: must be between -1e+12 and 1e+12 (no plan states a larger figure)',
      'indicatorTargets[1].target: must be between -1e+12 and 1e+12 (no plan states a larger figure)',
      'budgetLines[0].volume: must be between -1e+12 and 1e+12 (no plan states a larger figure)',
      'staff.headcounts[0].count: must be at most 2147483647 (an INTEGER column)',
      'staff.movements[0].count: must be at most 2147483647 (an INTEGER column)',
      'flags[0].message: text must be at most 2000 characters; got 2001',
    ]);
  });

  it('bounds a realisation value like a target', () => {
    const realisation = {
      format: 'bkn-realisation/1',
      region: 'VI',
      year: 2021,
      kind: 'MANUAL',
      document: { file: 'test', title: 'test' },
      flags: [],
      indicatorRealisations: [{ code: '7.a', period: 'YEAR', value: 1e308, source: { location: 'test' }, flags: [] }],
      budgetRealisations: [],
    };
    const result = validateRealisationFile(JSON.stringify(realisation, null, 2));
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`)).toEqual([
      'indicatorRealisations.0.value: must be between -1e+12 and 1e+12 (no plan states a larger figure)',
    ]);
  });
});

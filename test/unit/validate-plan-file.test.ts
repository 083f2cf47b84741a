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

import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { z } from 'zod';
import { BKN_REGIONS, type KnownRegions } from '../regions/known-regions.ts';
import { describeRegionCodes, FIRST_PLAN_YEAR, LAST_PLAN_YEAR, REGION_CODES } from '../regions/region-codes.ts';
import { planFileSchema } from './plan-file.schema.ts';
import type { BudgetLevel, PlanFile } from './plan-file.types.ts';
import { findOverlongText } from './database-limits.ts';
import { findUnsafeText } from './unsafe-text.ts';

/** One problem, located: the JSON path, and the line of the file where it stands. */
export interface PlanFileProblem {
  path: Array<string | number>;
  line: number | null;
  message: string;
}

export type PlanFileValidation = { ok: true; plan: PlanFile } | { ok: false; problems: PlanFileProblem[] };

const PARENT_LEVEL: Record<BudgetLevel, BudgetLevel | null> = {
  PROGRAM: null,
  KEGIATAN: 'PROGRAM',
  KRO: 'KEGIATAN',
  RO: 'KRO',
  KOMPONEN: 'RO',
  SUB_KOMPONEN: 'KOMPONEN',
};

const rupiah = (amount: number) => amount.toLocaleString('id-ID');

/**
 * Validates a plan file's text before anything touches a database: its shape, then the rules that make
 * its figures trustworthy (budgets add up, codes unique, indicators mapped), and that its text is safe
 * to export. Reports every problem.
 */
export function validatePlanFile(
  text: string,
  knownIndicatorIds: ReadonlySet<string>,
  regions: KnownRegions = BKN_REGIONS,
): PlanFileValidation {
  return validateJsonFile<PlanFile>(text, planFileSchema, (plan) => checkRules(plan, knownIndicatorIds, regions));
}

/**
 * Parses, checks the shape with `schema`, then the rules, and refuses text that an export would turn into a
 * spreadsheet formula, that holds control characters or that is longer than a text may be; every problem gets the line
 * where it stands.
 */
export function validateJsonFile<File>(
  text: string,
  schema: z.ZodType,
  rules: (file: File) => Array<{ path: Array<string | number>; message: string }>,
): { ok: true; plan: File } | { ok: false; problems: PlanFileProblem[] } {
  const tree = parseTree(text);
  const lineOf = (path: Array<string | number>) => lineOfPath(text, tree, path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: [], line: null, message: `not valid JSON: ${(error as Error).message}` }] };
  }
  // Unsafe text is looked for whatever the shape, so that one run names it beside the shape's problems.
  const unsafeText = [...findUnsafeText(json), ...findOverlongText(json)].map(({ path, message }) => ({
    path,
    line: lineOf(path),
    message,
  }));
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
      return { path, line: lineOf(path), message: issue.message };
    });
    return { ok: false, problems: [...problems, ...unsafeText] };
  }
  const file = parsed.data as File;
  const problems = [...rules(file).map(({ path, message }) => ({ path, line: lineOf(path), message })), ...unsafeText];
  return problems.length ? { ok: false, problems } : { ok: true, plan: file };
}

/** The 1-based line of the file where the value at `path` (or its nearest existing parent) stands. */
export function lineOfJsonPath(text: string, path: Array<string | number>): number | null {
  return lineOfPath(text, parseTree(text), path);
}

function lineOfPath(text: string, tree: Node | undefined, path: Array<string | number>): number | null {
  for (let length = path.length; tree && length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length));
    if (node) return text.slice(0, node.offset).split('\n').length;
  }
  return null;
}

type Rule = { path: Array<string | number>; message: string };

function checkRules(plan: PlanFile, knownIndicatorIds: ReadonlySet<string>, regions: KnownRegions): Rule[] {
  return [
    ...checkRegionAndYear(plan, regions),
    ...checkIndicators(plan, knownIndicatorIds),
    ...checkBudgetTree(plan),
    ...checkTotals(plan),
    ...checkWorkArea(plan),
    ...checkAssets(plan),
    ...checkActivityTargets(plan),
  ];
}

/**
 * `regions`: the codes the configuration knows (default I … XIV; SYNTHETIC_SHARDS adds synthetic shards,
 * whose files must be kind SYNTHETIC: a shard that is no office can hold no document's figures).
 */
export function checkRegionAndYear(
  plan: { region: string; year: number; kind: string },
  regions: KnownRegions = BKN_REGIONS,
): Rule[] {
  const problems: Rule[] = [];
  if (!regions.isKnown(plan.region)) {
    const expected = regions.codes.length > REGION_CODES.length ? describeRegionCodes(regions.codes) : 'I … XIV';
    problems.push({ path: ['region'], message: `unknown region "${plan.region}"; expected ${expected}` });
  } else if (regions.isSynthetic(plan.region) && plan.kind !== 'SYNTHETIC') {
    problems.push({
      path: ['kind'],
      message:
        `region "${plan.region}" is a synthetic benchmark shard: ` +
        `its data must be kind SYNTHETIC; got ${plan.kind}`,
    });
  }
  if (plan.year < FIRST_PLAN_YEAR || plan.year > LAST_PLAN_YEAR) {
    problems.push({
      path: ['year'],
      message: `year ${plan.year} is out of range ${FIRST_PLAN_YEAR}–${LAST_PLAN_YEAR}`,
    });
  }
  return problems;
}

function checkIndicators(plan: PlanFile, knownIndicatorIds: ReadonlySet<string>): Rule[] {
  const problems: Rule[] = [];
  const codes = new Map<string, number>();
  const nationalIds = new Map<string, string>();
  const goals = new Set(plan.strategicGoals.map((goal) => goal.number));
  plan.indicatorTargets.forEach((indicator, index) => {
    const path = ['indicatorTargets', index];
    const first = codes.get(indicator.code);
    if (first !== undefined)
      problems.push({
        path: [...path, 'code'],
        message: `duplicate indicator code "${indicator.code}" (also at indicatorTargets[${first}])`,
      });
    codes.set(indicator.code, index);
    if (!knownIndicatorIds.has(indicator.nationalIndicatorId)) {
      problems.push({
        path: [...path, 'nationalIndicatorId'],
        message:
          `indicator "${indicator.code}" maps to "${indicator.nationalIndicatorId}", ` +
          'which is not in the national catalogue',
      });
    } else if (nationalIds.has(indicator.nationalIndicatorId)) {
      problems.push({
        path: [...path, 'nationalIndicatorId'],
        message:
          `indicators "${nationalIds.get(indicator.nationalIndicatorId)}" and "${indicator.code}" both map to ` +
          `${indicator.nationalIndicatorId}`,
      });
    }
    nationalIds.set(indicator.nationalIndicatorId, indicator.code);
    if (indicator.goalNumber !== null && goals.size > 0 && !goals.has(indicator.goalNumber)) {
      problems.push({
        path: [...path, 'goalNumber'],
        message: `indicator "${indicator.code}" names goal "${indicator.goalNumber}", which the plan does not list`,
      });
    }
    if (indicator.target !== null && !indicator.targetSource)
      problems.push({ path: [...path, 'targetSource'], message: `target of "${indicator.code}" has no source` });
    if (indicator.realisation !== null && !indicator.realisationSource)
      problems.push({
        path: [...path, 'realisationSource'],
        message: `realisation of "${indicator.code}" has no source`,
      });
  });
  plan.budgetAllocations.forEach((allocation, index) => {
    allocation.indicatorCodes.forEach((code, codeIndex) => {
      if (!codes.has(code))
        problems.push({
          path: ['budgetAllocations', index, 'indicatorCodes', codeIndex],
          message: `allocation links indicator "${code}", which the plan does not list`,
        });
    });
  });
  return problems;
}

function checkBudgetTree(plan: PlanFile): Rule[] {
  const problems: Rule[] = [];
  const seen = new Map<string, number>();
  const childSums = new Map<string, number>();
  plan.budgetLines.forEach((line, index) => {
    const path = ['budgetLines', index];
    if (seen.has(line.code))
      problems.push({
        path: [...path, 'code'],
        message: `duplicate budget code "${line.code}" (also at budgetLines[${seen.get(line.code)}])`,
      });
    const expectedParentLevel = PARENT_LEVEL[line.level];
    if (expectedParentLevel === null) {
      if (line.parent !== null)
        problems.push({ path: [...path, 'parent'], message: `${line.level} "${line.code}" must not have a parent` });
    } else {
      const parentIndex = line.parent === null ? undefined : seen.get(line.parent);
      const parent = parentIndex === undefined ? undefined : plan.budgetLines[parentIndex];
      if (!parent) {
        problems.push({
          path: [...path, 'parent'],
          message:
            `${line.level} "${line.code}" needs a ${expectedParentLevel} parent listed before it; ` +
            `got "${line.parent}"`,
        });
      } else if (parent.level !== expectedParentLevel) {
        problems.push({
          path: [...path, 'parent'],
          message:
            `${line.level} "${line.code}" must sit under a ${expectedParentLevel}; ` +
            `its parent "${parent.code}" is a ${parent.level}`,
        });
      } else {
        childSums.set(parent.code, (childSums.get(parent.code) ?? 0) + line.amount);
      }
    }
    seen.set(line.code, index);
  });
  plan.budgetLines.forEach((line, index) => {
    const sum = childSums.get(line.code);
    if (sum !== undefined && sum !== line.amount) {
      problems.push({
        path: ['budgetLines', index, 'amount'],
        message:
          `budget line "${line.code}" (${line.name}) is ${rupiah(line.amount)} but its children add up to ` +
          `${rupiah(sum)} (difference ${rupiah(line.amount - sum)})`,
      });
    }
  });
  return problems;
}

function checkTotals(plan: PlanFile): Rule[] {
  const problems: Rule[] = [];
  const total = plan.totalBudget?.amount;
  const programs = plan.budgetLines.filter((line) => line.level === 'PROGRAM');
  const sum = (amounts: number[]) => amounts.reduce((a, b) => a + b, 0);
  if (programs.length && total !== undefined && sum(programs.map((line) => line.amount)) !== total) {
    problems.push({
      path: ['totalBudget', 'amount'],
      message:
        `total budget ${rupiah(total)} differs from the sum of the programs, ` +
        `${rupiah(sum(programs.map((line) => line.amount)))}`,
    });
  }
  if (
    plan.spendingSplit.length &&
    total !== undefined &&
    sum(plan.spendingSplit.map((part) => part.amount)) !== total
  ) {
    problems.push({
      path: ['spendingSplit'],
      message:
        `the spending-type split adds up to ${rupiah(sum(plan.spendingSplit.map((part) => part.amount)))}, ` +
        `not the total ${rupiah(total)}`,
    });
  }
  if (plan.spendingSplit.length && total === undefined)
    problems.push({ path: ['spendingSplit'], message: 'a spending-type split needs a total budget' });
  const allocated = sum(plan.budgetAllocations.map((allocation) => allocation.amount));
  if (total !== undefined && allocated > total) {
    problems.push({
      path: ['budgetAllocations'],
      message: `amounts linked to indicators add up to ${rupiah(allocated)}, more than the total ${rupiah(total)}`,
    });
  }
  const types = plan.spendingSplit.map((part) => part.type);
  if (new Set(types).size !== types.length)
    problems.push({ path: ['spendingSplit'], message: 'a spending type appears twice' });
  return problems;
}

const hasFlag = (flags: Array<{ code: string }>, code: string) => flags.some((flag) => flag.code === code);

/** Each kind counted once, each province named once; counts that miss the printed total must say so in a flag. */
function checkWorkArea(plan: PlanFile): Rule[] {
  const area = plan.workArea;
  if (!area) return [];
  const problems: Rule[] = [];
  const kinds = new Set<string>();
  area.agencies.forEach((agency, index) => {
    if (kinds.has(agency.kind))
      problems.push({
        path: ['workArea', 'agencies', index, 'kind'],
        message: `agency kind ${agency.kind} is counted twice`,
      });
    kinds.add(agency.kind);
  });
  const provinces = new Set<string>();
  area.provinces.forEach((province, index) => {
    if (provinces.has(province.name))
      problems.push({
        path: ['workArea', 'provinces', index, 'name'],
        message: `province "${province.name}" is named twice`,
      });
    provinces.add(province.name);
  });
  const sum = area.agencies.reduce((total, agency) => total + agency.count, 0);
  if (
    area.totalAgencies &&
    area.agencies.length &&
    sum !== area.totalAgencies.count &&
    !hasFlag(area.flags, 'AGENCY_COUNT_MISMATCH')
  ) {
    problems.push({
      path: ['workArea', 'totalAgencies', 'count'],
      message:
        `the agencies by kind add up to ${sum}, not the total ${area.totalAgencies.count}; ` +
        'keep both as printed and add an AGENCY_COUNT_MISMATCH flag',
    });
  }
  return problems;
}

/** A breakdown names a whole listed in the plan; its parts add up to the whole unless a flag says they do not. */
function checkAssets(plan: PlanFile): Rule[] {
  const assets = plan.assets ?? [];
  const problems: Rule[] = [];
  const wholes = new Map(
    assets
      .filter((asset) => asset.partOf === null && asset.placedAt === null)
      .map((asset) => [`${asset.category} ${asset.name}`, asset]),
  );
  const partSums = new Map<string, number>();
  assets.forEach((asset, index) => {
    if (asset.partOf === null) return;
    const whole = wholes.get(`${asset.category} ${asset.partOf}`);
    if (!whole) {
      problems.push({
        path: ['assets', index, 'partOf'],
        message:
          `asset "${asset.name}" is part of "${asset.partOf}", which the plan does not list as a ${asset.category} ` +
          'without placement',
      });
      return;
    }
    const breakdown = `${asset.category} ${asset.partOf} ${asset.placedAt === null ? 'by type' : 'by placement'}`;
    partSums.set(breakdown, (partSums.get(breakdown) ?? 0) + asset.count);
  });
  for (const [breakdown, sum] of partSums) {
    const whole = wholes.get(breakdown.replace(/ by (type|placement)$/, ''))!;
    if (sum !== whole.count && !hasFlag(whole.flags, 'ASSET_COUNT_MISMATCH')) {
      problems.push({
        path: ['assets', assets.indexOf(whole), 'count'],
        message:
          `"${whole.name}" counts ${whole.count}, but its parts ${breakdown.split(' ').slice(-2).join(' ')} add up ` +
          `to ${sum}; add an ASSET_COUNT_MISMATCH flag`,
      });
    }
  }
  return problems;
}

function checkActivityTargets(plan: PlanFile): Rule[] {
  const codes = new Set(plan.budgetLines.map((line) => line.code));
  return (plan.activityTargets ?? []).flatMap((target, index) =>
    target.budgetCode !== null && !codes.has(target.budgetCode)
      ? [
          {
            path: ['activityTargets', index, 'budgetCode'],
            message:
              `activity target "${target.name}" names budget line "${target.budgetCode}", ` +
              'which the plan does not list',
          },
        ]
      : [],
  );
}

/** "VI-2021.plan.json:123 budgetLines[4].amount: message" */
export function formatProblem(file: string, problem: PlanFileProblem): string {
  const where = problem.path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
  return `${file}${problem.line === null ? '' : `:${problem.line}`} ${where || '(file)'}: ${problem.message}`;
}

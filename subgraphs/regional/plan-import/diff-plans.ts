import type { PlanFile } from '../../../shared/plan-file/plan-file.types.ts';

/** One changed figure between two revisions of a plan: what (item), which field, before and after. */
export interface PlanChange {
  item: string;
  field: string;
  before: unknown;
  after: unknown;
}

type Keyed<Entry> = { key: (entry: Entry) => string; fields: Array<keyof Entry & string>; label: string };

function diffLists<Entry>(before: Entry[], after: Entry[], spec: Keyed<Entry>): PlanChange[] {
  const changes: PlanChange[] = [];
  const beforeByKey = new Map(before.map((entry) => [spec.key(entry), entry]));
  const afterByKey = new Map(after.map((entry) => [spec.key(entry), entry]));
  for (const [key, old] of beforeByKey) {
    const current = afterByKey.get(key);
    if (!current) {
      changes.push({ item: `${spec.label} ${key}`, field: '(removed)', before: pick(old, spec.fields), after: null });
      continue;
    }
    for (const field of spec.fields) {
      if (JSON.stringify(old[field]) !== JSON.stringify(current[field]))
        changes.push({
          item: `${spec.label} ${key}`,
          field,
          before: old[field] ?? null,
          after: current[field] ?? null,
        });
    }
  }
  for (const [key, added] of afterByKey) {
    if (!beforeByKey.has(key))
      changes.push({ item: `${spec.label} ${key}`, field: '(added)', before: null, after: pick(added, spec.fields) });
  }
  return changes;
}

function pick<Entry>(entry: Entry, fields: Array<keyof Entry & string>): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, entry[field]]));
}

/** The figures an analyst cares about, compared by code; provenance-only edits are not "changes". */
export function diffPlans(before: PlanFile, after: PlanFile): PlanChange[] {
  const changes: PlanChange[] = [];
  if (before.totalBudget?.amount !== after.totalBudget?.amount) {
    changes.push({
      item: 'plan',
      field: 'totalBudget',
      before: before.totalBudget?.amount ?? null,
      after: after.totalBudget?.amount ?? null,
    });
  }
  if (before.document.file !== after.document.file)
    changes.push({ item: 'plan', field: 'document', before: before.document.file, after: after.document.file });
  changes.push(
    ...diffLists(before.indicatorTargets, after.indicatorTargets, {
      label: 'indicator',
      key: (entry) => entry.code,
      fields: ['name', 'unit', 'target', 'realisation', 'nationalIndicatorId'],
    }),
    ...diffLists(before.budgetLines, after.budgetLines, {
      label: 'budget line',
      key: (entry) => entry.code,
      fields: ['name', 'level', 'parent', 'volume', 'volumeUnit', 'amount'],
    }),
    ...diffLists(before.spendingSplit, after.spendingSplit, {
      label: 'spending',
      key: (entry) => entry.type,
      fields: ['amount'],
    }),
    ...diffLists(before.budgetAllocations, after.budgetAllocations, {
      label: 'allocation',
      key: (entry) => entry.indicatorCodes.join('+'),
      fields: ['amount', 'description'],
    }),
    ...diffLists(before.strategicGoals, after.strategicGoals, {
      label: 'goal',
      key: (entry) => entry.number,
      fields: ['name', 'perspective'],
    }),
    ...diffWorkArea(before, after),
    ...diffLists(before.assets ?? [], after.assets ?? [], {
      label: 'asset',
      key: (entry) => [entry.category, entry.name, entry.placedAt ?? ''].join(' ').trim(),
      fields: ['count', 'unit', 'partOf'],
    }),
    ...diffLists(before.activityTargets ?? [], after.activityTargets ?? [], {
      label: 'activity target',
      key: (entry) => entry.name,
      fields: ['target', 'unit', 'activity', 'budgetCode'],
    }),
  );
  return changes;
}

/** Agencies by kind and the total, compared as counts; a work area that appears or goes is one change. */
function diffWorkArea(before: PlanFile, after: PlanFile): PlanChange[] {
  const counts = (plan: PlanFile) =>
    plan.workArea
      ? {
          provinces: plan.workArea.provinces.map((province) => province.name),
          agencies: Object.fromEntries(plan.workArea.agencies.map((agency) => [agency.kind, agency.count])),
          totalAgencies: plan.workArea.totalAgencies?.count ?? null,
        }
      : null;
  const [old, current] = [counts(before), counts(after)];
  if (!old || !current)
    return old === current
      ? []
      : [{ item: 'work area', field: old ? '(removed)' : '(added)', before: old, after: current }];
  return (['provinces', 'agencies', 'totalAgencies'] as const)
    .filter((field) => JSON.stringify(old[field]) !== JSON.stringify(current[field]))
    .map((field) => ({ item: 'work area', field, before: old[field], after: current[field] }));
}

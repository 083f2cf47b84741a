import { createHash } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { jsonText as jsonb } from '../../../shared/database/column-types.ts';
import type { PlanFile, Source, WorkAreaEntry } from '../../../shared/plan-file/plan-file.types.ts';
import { storePlanRealisations } from '../budget/plan-realisation-totals.ts';
import type { RegionalDatabase } from '../database/regional-database.types.ts';
import type { StoredProvenance } from '../provenance/provenance.mapper.ts';

import { diffPlans } from './diff-plans.ts';

export type StoreOutcome = 'created' | 'revised' | 'unchanged';

export interface StoreResult {
  outcome: StoreOutcome;
  revision: number;
  changes: number;
}

/** Hash of the plan's content, so that re-loading an identical file is recognised and changes nothing. */
export function planContentHash(plan: PlanFile): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}

/**
 * Writes one region-year in one transaction. An identical plan changes nothing; a changed one becomes a
 * new revision (Renja perubahan) that is served from then on, while the earlier ones stay with what changed.
 * A killed process leaves the transaction uncommitted, so the previous revision stays served whole.
 */
export async function storePlan(db: Kysely<RegionalDatabase>, plan: PlanFile): Promise<StoreResult> {
  return db.transaction().execute((trx) => storePlanIn(trx, plan));
}

/** storePlan inside a transaction the caller holds (an import writes a whole batch in one); commits nothing. */
export async function storePlanIn(trx: Transaction<RegionalDatabase>, plan: PlanFile): Promise<StoreResult> {
  const contentHash = planContentHash(plan);
  const current = await trx
    .selectFrom('work_plan')
    .select(['id', 'content_hash', 'revision', 'content'])
    .where('year', '=', plan.year)
    .where('is_current', '=', true)
    .forUpdate()
    .executeTakeFirst();
  if (current?.content_hash === contentHash) return { outcome: 'unchanged', revision: current.revision, changes: 0 };
  if (current) {
    await trx
      .updateTable('work_plan')
      .set({ is_current: false, superseded_at: new Date() })
      .where('id', '=', current.id)
      .execute();
  }
  const revision = (current?.revision ?? 0) + 1;
  const planId = await insertPlan(trx, plan, contentHash, revision);
  await storePlanRealisations(trx, [planId]);
  const changes = current?.content ? diffPlans(current.content, plan) : [];
  if (changes.length) {
    await trx
      .insertInto('plan_change')
      .values(
        changes.map((change, position) => ({
          plan_id: planId,
          position,
          item: change.item,
          field: change.field,
          before: jsonb(change.before),
          after: jsonb(change.after),
        })),
      )
      .execute();
  }
  return { outcome: current ? 'revised' : 'created', revision, changes: changes.length };
}

async function insertPlan(
  trx: Transaction<RegionalDatabase>,
  plan: PlanFile,
  contentHash: string,
  revision: number,
): Promise<number> {
  const provenance = (source: Source): StoredProvenance => ({
    kind: source.kind ?? plan.kind,
    document: plan.document.file,
    ...source,
  });
  const maybe = (source: Source | null | undefined) => (source ? jsonb(provenance(source)) : null);
  const { id: planId } = await trx
    .insertInto('work_plan')
    .values({
      year: plan.year,
      kind: plan.kind,
      document_file: plan.document.file,
      document_title: plan.document.title,
      total_budget: plan.totalBudget?.amount ?? null,
      total_budget_source: maybe(plan.totalBudget?.source),
      flags: jsonb(plan.flags),
      content_hash: contentHash,
      revision,
      content: jsonb(plan),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // kysely refuses an empty VALUES list; a plan may state no goals, assets, …
  const insertAll = async <Table extends keyof RegionalDatabase>(
    table: Table,
    rows: Insertable<RegionalDatabase[Table]>[],
  ) => {
    if (rows.length) await trx.insertInto(table).values(rows).execute();
  };
  await insertAll(
    'strategic_goal',
    plan.strategicGoals.map((goal, position) => ({
      plan_id: planId,
      position,
      number: goal.number,
      name: goal.name,
      perspective: goal.perspective,
      source: jsonb(provenance(goal.source)),
    })),
  );
  await insertAll(
    'indicator_target',
    plan.indicatorTargets.map((indicator, position) => ({
      plan_id: planId,
      position,
      code: indicator.code,
      name: indicator.name,
      unit: indicator.unit,
      national_indicator_id: indicator.nationalIndicatorId,
      goal_number: indicator.goalNumber,
      target: indicator.target,
      target_source: maybe(indicator.targetSource),
      realisation: indicator.realisation,
      realisation_source: maybe(indicator.realisationSource),
      revised_from: indicator.revisedFrom?.target ?? null,
      revision_reason: indicator.revisedFrom?.reason ?? null,
      revision_source: maybe(indicator.revisedFrom?.source),
      flags: jsonb(indicator.flags),
    })),
  );
  await insertAll(
    'budget_line',
    plan.budgetLines.map((line, position) => ({
      plan_id: planId,
      position,
      code: line.code,
      printed_code: line.printedCode,
      name: line.name,
      level: line.level,
      parent_code: line.parent,
      volume: line.volume,
      volume_unit: line.volumeUnit,
      amount: line.amount,
      source: jsonb(provenance(line.source)),
      flags: jsonb(line.flags),
    })),
  );
  await insertAll(
    'spending_split',
    plan.spendingSplit.map((part) => ({
      plan_id: planId,
      spending_type: part.type,
      amount: part.amount,
      source: jsonb(provenance(part.source)),
    })),
  );
  await insertAll(
    'budget_allocation',
    plan.budgetAllocations.map((allocation, position) => ({
      plan_id: planId,
      position,
      amount: allocation.amount,
      indicator_codes: allocation.indicatorCodes,
      description: allocation.description,
      source: jsonb(provenance(allocation.source)),
      flags: jsonb(allocation.flags),
    })),
  );
  await insertAll(
    'staff_headcount',
    plan.staff.headcounts.map((headcount) => ({
      plan_id: planId,
      as_of: headcount.asOf,
      dimension: headcount.dimension,
      category: headcount.category,
      count: headcount.count,
      source: jsonb(provenance(headcount.source)),
    })),
  );
  await insertAll(
    'staff_movement',
    plan.staff.movements.map((movement) => ({
      plan_id: planId,
      period: movement.period,
      movement_type: movement.type,
      count: movement.count,
      counterpart: movement.counterpart,
      source: jsonb(provenance(movement.source)),
    })),
  );
  await insertAll(
    'organisation_unit',
    plan.organisationUnits.map((unit, position) => ({
      plan_id: planId,
      position,
      name: unit.name,
      unit_type: unit.unitType,
      parent_name: unit.parent,
      source: jsonb(provenance(unit.source)),
    })),
  );
  await insertWorkArea(trx, planId, plan.workArea, provenance);
  await insertAll(
    'office_asset',
    (plan.assets ?? []).map((asset, position) => ({
      plan_id: planId,
      position,
      category: asset.category,
      name: asset.name,
      count: asset.count,
      unit: asset.unit,
      placed_at: asset.placedAt,
      part_of: asset.partOf,
      source: jsonb(provenance(asset.source)),
      flags: jsonb(asset.flags),
    })),
  );
  await insertAll(
    'activity_target',
    (plan.activityTargets ?? []).map((target, position) => ({
      plan_id: planId,
      position,
      activity: target.activity,
      name: target.name,
      target: target.target,
      unit: target.unit,
      budget_code: target.budgetCode,
      source: jsonb(provenance(target.source)),
      flags: jsonb(target.flags),
    })),
  );
  return planId;
}

/** No row at all where the plan states no work area, so that "unknown" never reads as zero agencies. */
async function insertWorkArea(
  trx: Transaction<RegionalDatabase>,
  planId: number,
  area: WorkAreaEntry | null | undefined,
  provenance: (source: Source) => StoredProvenance,
) {
  if (!area) return;
  await trx
    .insertInto('work_area')
    .values({
      plan_id: planId,
      total_agencies: area.totalAgencies?.count ?? null,
      total_scope: area.totalAgencies?.scope ?? null,
      total_source: area.totalAgencies ? jsonb(provenance(area.totalAgencies.source)) : null,
      flags: jsonb(area.flags),
    })
    .execute();
  if (area.provinces.length) {
    await trx
      .insertInto('work_area_province')
      .values(
        area.provinces.map((province, position) => ({
          plan_id: planId,
          position,
          name: province.name,
          source: jsonb(provenance(province.source)),
        })),
      )
      .execute();
  }
  if (area.agencies.length) {
    await trx
      .insertInto('work_area_agency')
      .values(
        area.agencies.map((agency) => ({
          plan_id: planId,
          agency_kind: agency.kind,
          count: agency.count,
          source: jsonb(provenance(agency.source)),
        })),
      )
      .execute();
  }
}

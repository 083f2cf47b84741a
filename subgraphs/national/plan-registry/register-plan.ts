import type { Kysely, Transaction } from 'kysely';
import type { PlanFile } from '../../../shared/plan-file/plan-file.types.ts';
import type { NationalDatabase } from '../database/national-database.types.ts';

/**
 * Records in the national reference data that the region has a plan for the year, and the plan's
 * local indicator codes (the crosswalk), in one transaction. Idempotent.
 */
export async function registerPlan(db: Kysely<NationalDatabase>, plan: PlanFile): Promise<void> {
  await db.transaction().execute((trx) => registerPlanIn(trx, plan));
}

/** registerPlan inside a transaction the caller holds (an import writes a whole batch in one). */
export async function registerPlanIn(trx: Transaction<NationalDatabase>, plan: PlanFile): Promise<void> {
  const registry = { region_code: plan.region, year: plan.year, kind: plan.kind, document_file: plan.document.file };
  await trx
    .insertInto('plan_registry')
    .values(registry)
    .onConflict((oc) =>
      oc.columns(['region_code', 'year']).doUpdateSet({ kind: registry.kind, document_file: registry.document_file }),
    )
    .execute();
  await trx.deleteFrom('indicator_code').where('region_code', '=', plan.region).where('year', '=', plan.year).execute();
  if (plan.indicatorTargets.length) {
    await trx
      .insertInto('indicator_code')
      .values(
        plan.indicatorTargets.map((indicator) => ({
          region_code: plan.region,
          year: plan.year,
          local_code: indicator.code,
          indicator_id: indicator.nationalIndicatorId,
        })),
      )
      .execute();
  }
}

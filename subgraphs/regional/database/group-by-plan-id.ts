/** Batch-function contract: one result per key, in key order; a plan without rows gets []. */
export function groupByPlanId<Row extends { plan_id: number }>(planIds: readonly number[], rows: Row[]): Row[][] {
  const byPlanId = new Map<number, Row[]>();
  for (const row of rows) {
    const group = byPlanId.get(row.plan_id);
    if (group) group.push(row);
    else byPlanId.set(row.plan_id, [row]);
  }
  return planIds.map((planId) => byPlanId.get(planId) ?? []);
}

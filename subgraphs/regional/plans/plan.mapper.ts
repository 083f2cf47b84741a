import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';
import type { StrategicGoalRow, WorkPlanRow } from '../database/regional-database.types.ts';

/** The API shape of a work plan; nested lists are resolved from `id` by loaders. */
export interface WorkPlan {
  id: number;
  regionCode: string;
  year: number;
  kind: string;
  document: { file: string; title: string };
  totalBudget: number | null;
  totalBudgetProvenance: unknown;
  flags: unknown[];
}

export function toWorkPlan(row: WorkPlanRow, regionCode: string): WorkPlan {
  return {
    id: row.id,
    regionCode,
    year: row.year,
    kind: row.kind,
    document: { file: row.document_file, title: row.document_title },
    totalBudget: row.total_budget === null ? null : toRupiah(row.total_budget),
    totalBudgetProvenance: row.total_budget_source,
    flags: row.flags,
  };
}

export function toStrategicGoal(row: StrategicGoalRow) {
  return { number: row.number, name: row.name, perspective: row.perspective, provenance: row.source };
}

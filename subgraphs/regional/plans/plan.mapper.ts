import { toRupiah } from '../../../shared/money/rupiah-scalar.ts';
import type { RegionCode } from '../../../shared/regions/region-codes.ts';
import type { PlanChangeRow, StrategicGoalRow } from '../database/regional-database.types.ts';
import type { PlanRow } from './plan.queries.ts';

/** The API shape of a work plan (one revision); nested lists are resolved from `id` by loaders. */
export interface WorkPlan {
  id: number;
  regionCode: RegionCode;
  year: number;
  revision: number;
  current: boolean;
  loadedAt: string;
  supersededAt: string | null;
  kind: string;
  document: { file: string; title: string };
  totalBudget: number | null;
  totalBudgetProvenance: unknown;
  flags: unknown[];
}

const isoTime = (value: Date | string) => new Date(value).toISOString();

export function toWorkPlan(row: PlanRow, regionCode: RegionCode): WorkPlan {
  return {
    id: row.id,
    regionCode,
    year: row.year,
    revision: row.revision,
    current: row.is_current,
    loadedAt: isoTime(row.loaded_at),
    supersededAt: row.superseded_at ? isoTime(row.superseded_at) : null,
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

/** Before and after are any JSON value (a number, a name, a whole added line): served as JSON text. */
export function toPlanChange(row: PlanChangeRow) {
  const asJson = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  return { item: row.item, field: row.field, before: asJson(row.before), after: asJson(row.after) };
}

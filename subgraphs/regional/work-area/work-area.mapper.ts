import type {
  ActivityTargetRow,
  OfficeAssetRow,
  WorkAreaAgencyRow,
  WorkAreaProvinceRow,
  WorkAreaRow,
} from '../database/regional-database.types.ts';
import { toFloat } from '../provenance/provenance.mapper.ts';

/** The work area as served; provinces and agencies are loaded beside it by plan id. */
export interface WorkArea {
  planId: number;
  totalAgencies: number | null;
  totalAgenciesScope: string | null;
  totalAgenciesProvenance: unknown;
  flags: unknown;
}

export function toWorkArea(row: WorkAreaRow): WorkArea {
  return {
    planId: row.plan_id,
    totalAgencies: row.total_agencies,
    totalAgenciesScope: row.total_scope,
    totalAgenciesProvenance: row.total_source,
    flags: row.flags,
  };
}

export function toWorkAreaProvince(row: WorkAreaProvinceRow) {
  return { name: row.name, provenance: row.source };
}

export function toAgencyCount(row: WorkAreaAgencyRow) {
  return { kind: row.agency_kind, count: row.count, provenance: row.source };
}

export function toOfficeAsset(row: OfficeAssetRow) {
  return {
    category: row.category,
    name: row.name,
    count: row.count,
    unit: row.unit,
    placedAt: row.placed_at,
    partOf: row.part_of,
    provenance: row.source,
    flags: row.flags,
  };
}

export function toActivityTarget(row: ActivityTargetRow) {
  return {
    activity: row.activity,
    name: row.name,
    target: toFloat(row.target),
    unit: row.unit,
    budgetCode: row.budget_code,
    provenance: row.source,
    flags: row.flags,
  };
}

import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BigintColumn, JsonColumn, NumericColumn } from '../../../shared/database/column-types.ts';
import type { Flag, PlanFile } from '../../../shared/plan-file/plan-file.types.ts';
import type { StoredProvenance } from '../provenance/provenance.mapper.ts';

/** Every figure's provenance as stored: its source completed with the document and kind by the import. */
type Provenance = JsonColumn<StoredProvenance>;
type Flags = JsonColumn<Flag[]>;

export interface WorkPlanTable {
  id: Generated<number>;
  year: number;
  kind: string;
  document_file: string;
  document_title: string;
  total_budget: BigintColumn | null;
  total_budget_source: Provenance | null;
  flags: Flags;
  content_hash: string;
  loaded_at: Generated<Date>;
  revision: Generated<number>;
  is_current: Generated<boolean>;
  superseded_at: Date | null;
  /** The plan file this revision was imported from, for the diff against the next revision. */
  content: JsonColumn<PlanFile> | null;
}

export interface PlanChangeTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  item: string;
  field: string;
  before: JsonColumn<unknown>;
  after: JsonColumn<unknown>;
}

export interface RealisationImportTable {
  year: number;
  kind: string;
  document_file: string;
  document_title: string;
  flags: Flags;
  content_hash: string;
  imported_at: Generated<Date>;
}

export interface IndicatorRealisationTable {
  id: Generated<number>;
  year: number;
  indicator_code: string;
  period: string;
  value: NumericColumn;
  source: Provenance;
  flags: Flags;
}

export interface BudgetRealisationTable {
  id: Generated<number>;
  year: number;
  budget_code: string;
  period: string;
  amount: BigintColumn;
  source: Provenance;
  flags: Flags;
}

export interface StrategicGoalTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  number: string;
  name: string;
  perspective: string;
  source: Provenance;
}

export interface IndicatorTargetTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  code: string;
  name: string;
  unit: string;
  national_indicator_id: string;
  goal_number: string | null;
  target: NumericColumn | null;
  target_source: Provenance | null;
  realisation: NumericColumn | null;
  realisation_source: Provenance | null;
  revised_from: NumericColumn | null;
  revision_reason: string | null;
  revision_source: Provenance | null;
  flags: Flags;
}

export interface BudgetLineTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  code: string;
  printed_code: string;
  name: string;
  level: string;
  parent_code: string | null;
  volume: NumericColumn | null;
  volume_unit: string | null;
  amount: BigintColumn;
  source: Provenance;
  flags: Flags;
}

export interface SpendingSplitTable {
  id: Generated<number>;
  plan_id: number;
  spending_type: string;
  amount: BigintColumn;
  source: Provenance;
}

export interface BudgetAllocationTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  amount: BigintColumn;
  indicator_codes: string[];
  description: string;
  source: Provenance;
  flags: Flags;
}

export interface StaffHeadcountTable {
  id: Generated<number>;
  plan_id: number;
  /** DATE: both drivers read a Date; written as the plan file's "YYYY-MM-DD". */
  as_of: ColumnType<Date, string, string>;
  dimension: string;
  category: string | null;
  count: number;
  source: Provenance;
}

export interface StaffMovementTable {
  id: Generated<number>;
  plan_id: number;
  period: string;
  movement_type: string;
  count: number;
  counterpart: string | null;
  source: Provenance;
}

export interface OrganisationUnitTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  name: string;
  unit_type: string;
  parent_name: string | null;
  source: Provenance;
}

/** One row per plan that states a work area; the total where the document prints one. */
export interface WorkAreaTable {
  plan_id: number;
  total_agencies: number | null;
  total_scope: string | null;
  total_source: Provenance | null;
  flags: Flags;
}

export interface WorkAreaProvinceTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  name: string;
  source: Provenance;
}

export interface WorkAreaAgencyTable {
  id: Generated<number>;
  plan_id: number;
  agency_kind: string;
  count: number;
  source: Provenance;
}

export interface OfficeAssetTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  category: string;
  name: string;
  count: number;
  unit: string | null;
  placed_at: string | null;
  part_of: string | null;
  source: Provenance;
  flags: Flags;
}

export interface ActivityTargetTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  activity: string;
  name: string;
  target: NumericColumn;
  unit: string;
  budget_code: string | null;
  source: Provenance;
  flags: Flags;
}

/** A plan's total realisation as its import rolled it up (budget/plan-realisation-totals.ts). */
export interface PlanRealisationTotalTable {
  plan_id: number;
  /** Period → amount as decimal text (exact: sums of BIGINT). */
  by_period: JsonColumn<Record<string, string>>;
  basis: string | null;
  missing: string | null;
  note: string | null;
}

export interface RegionalDatabase {
  work_plan: WorkPlanTable;
  strategic_goal: StrategicGoalTable;
  indicator_target: IndicatorTargetTable;
  budget_line: BudgetLineTable;
  spending_split: SpendingSplitTable;
  budget_allocation: BudgetAllocationTable;
  staff_headcount: StaffHeadcountTable;
  staff_movement: StaffMovementTable;
  organisation_unit: OrganisationUnitTable;
  plan_change: PlanChangeTable;
  realisation_import: RealisationImportTable;
  indicator_realisation: IndicatorRealisationTable;
  budget_realisation: BudgetRealisationTable;
  work_area: WorkAreaTable;
  work_area_province: WorkAreaProvinceTable;
  work_area_agency: WorkAreaAgencyTable;
  office_asset: OfficeAssetTable;
  activity_target: ActivityTargetTable;
  plan_realisation_total: PlanRealisationTotalTable;
}

export type WorkPlanRow = Selectable<WorkPlanTable>;
export type StrategicGoalRow = Selectable<StrategicGoalTable>;
export type IndicatorTargetRow = Selectable<IndicatorTargetTable>;
export type BudgetLineRow = Selectable<BudgetLineTable>;
export type SpendingSplitRow = Selectable<SpendingSplitTable>;
export type BudgetAllocationRow = Selectable<BudgetAllocationTable>;
export type StaffHeadcountRow = Selectable<StaffHeadcountTable>;
export type StaffMovementRow = Selectable<StaffMovementTable>;
export type OrganisationUnitRow = Selectable<OrganisationUnitTable>;
export type PlanChangeRow = Selectable<PlanChangeTable>;
export type IndicatorRealisationRow = Selectable<IndicatorRealisationTable>;
export type BudgetRealisationRow = Selectable<BudgetRealisationTable>;
export type WorkAreaRow = Selectable<WorkAreaTable>;
export type WorkAreaProvinceRow = Selectable<WorkAreaProvinceTable>;
export type WorkAreaAgencyRow = Selectable<WorkAreaAgencyTable>;
export type OfficeAssetRow = Selectable<OfficeAssetTable>;
export type ActivityTargetRow = Selectable<ActivityTargetTable>;

import type { Generated, Selectable } from 'kysely';
import type { Flag, Source } from '../../../shared/plan-file/plan-file.types.ts';

/** BIGINT and NUMERIC arrive from the drivers as strings; mappers convert them once. */
type Bigint = string | number | bigint;
type Numeric = string | number;

export interface WorkPlanTable {
  id: Generated<number>;
  year: number;
  kind: string;
  document_file: string;
  document_title: string;
  total_budget: Bigint | null;
  total_budget_source: Source | null;
  flags: Flag[];
  content_hash: string;
  loaded_at: Generated<Date>;
  revision: Generated<number>;
  is_current: Generated<boolean>;
  superseded_at: Date | null;
  content: unknown;
}

export interface PlanChangeTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  item: string;
  field: string;
  before: unknown;
  after: unknown;
}

export interface RealisationImportTable {
  year: number;
  kind: string;
  document_file: string;
  document_title: string;
  flags: Flag[];
  content_hash: string;
  imported_at: Generated<Date>;
}

export interface IndicatorRealisationTable {
  id: Generated<number>;
  year: number;
  indicator_code: string;
  period: string;
  value: Numeric;
  source: Source;
  flags: Flag[];
}

export interface BudgetRealisationTable {
  id: Generated<number>;
  year: number;
  budget_code: string;
  period: string;
  amount: Bigint;
  source: Source;
  flags: Flag[];
}

export interface StrategicGoalTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  number: string;
  name: string;
  perspective: string;
  source: Source;
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
  target: Numeric | null;
  target_source: Source | null;
  realisation: Numeric | null;
  realisation_source: Source | null;
  revised_from: Numeric | null;
  revision_reason: string | null;
  revision_source: Source | null;
  flags: Flag[];
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
  volume: Numeric | null;
  volume_unit: string | null;
  amount: Bigint;
  source: Source;
  flags: Flag[];
}

export interface SpendingSplitTable {
  id: Generated<number>;
  plan_id: number;
  spending_type: string;
  amount: Bigint;
  source: Source;
}

export interface BudgetAllocationTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  amount: Bigint;
  indicator_codes: string[];
  description: string;
  source: Source;
  flags: Flag[];
}

export interface StaffHeadcountTable {
  id: Generated<number>;
  plan_id: number;
  as_of: string | Date;
  dimension: string;
  category: string | null;
  count: number;
  source: Source;
}

export interface StaffMovementTable {
  id: Generated<number>;
  plan_id: number;
  period: string;
  movement_type: string;
  count: number;
  counterpart: string | null;
  source: Source;
}

export interface OrganisationUnitTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  name: string;
  unit_type: string;
  parent_name: string | null;
  source: Source;
}

/** One row per plan that states a work area; the total where the document prints one. */
export interface WorkAreaTable {
  plan_id: number;
  total_agencies: number | null;
  total_scope: string | null;
  total_source: Source | null;
  flags: Flag[];
}

export interface WorkAreaProvinceTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  name: string;
  source: Source;
}

export interface WorkAreaAgencyTable {
  id: Generated<number>;
  plan_id: number;
  agency_kind: string;
  count: number;
  source: Source;
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
  source: Source;
  flags: Flag[];
}

export interface ActivityTargetTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  activity: string;
  name: string;
  target: Numeric;
  unit: string;
  budget_code: string | null;
  source: Source;
  flags: Flag[];
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

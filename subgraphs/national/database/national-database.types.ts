import type { Generated, Selectable } from 'kysely';
import type { BigintColumn, JsonColumn } from '../../../shared/database/column-types.ts';
import type { RegionCode } from '../../../shared/regions/region-codes.ts';

export interface ProvinceEntry {
  name: string;
  verified: boolean;
}

export interface RegionTable {
  code: RegionCode;
  position: number;
  name: string;
  city: string;
  provinces: JsonColumn<ProvinceEntry[]>;
  work_area_note: string | null;
  /** A synthetic benchmark shard (SYNTHETIC_SHARDS), not a BKN office. */
  synthetic: Generated<boolean>;
}

export interface IndicatorTable {
  id: string;
  position: number;
  name: string;
  description: string;
  perspective: string;
  unit: string;
  higher_is_better: boolean;
}

export interface PlanRegistryTable {
  region_code: RegionCode;
  year: number;
  kind: string;
  document_file: string;
  registered_at: Generated<Date>;
}

export interface IndicatorCodeTable {
  region_code: RegionCode;
  year: number;
  local_code: string;
  indicator_id: string;
}

export interface BudgetNomenclatureItemTable {
  version_id: string;
  version_name: string;
  valid_from: number;
  valid_to: number | null;
  position: number;
  code: string;
  level: string;
  name: string;
}

export interface DataVersionTable {
  id: number;
  version: BigintColumn;
  changed_at: Generated<Date>;
}

export interface NationalDatabase {
  data_version: DataVersionTable;
  budget_nomenclature_item: BudgetNomenclatureItemTable;
  region: RegionTable;
  indicator: IndicatorTable;
  plan_registry: PlanRegistryTable;
  indicator_code: IndicatorCodeTable;
  imported_content: ImportedContentTable;
}

/** national.imported_content: what each region-year's last import made current (migration 2026-12-01T2130). */
export interface ImportedContentTable {
  region_code: RegionCode;
  year: number;
  file_kind: 'plan' | 'realisation';
  content_hash: string;
}

export type RegionRow = Selectable<RegionTable>;
export type IndicatorRow = Selectable<IndicatorTable>;
export type PlanRegistryRow = Selectable<PlanRegistryTable>;
export type IndicatorCodeRow = Selectable<IndicatorCodeTable>;
export type BudgetNomenclatureItemRow = Selectable<BudgetNomenclatureItemTable>;

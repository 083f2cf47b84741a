import type { RegionCode } from '../regions/region-codes.ts';
/**
 * The plan file: one region's work plan for one year, as transcribed from (or generated for) a
 * document. Every figure carries a `source` that points back to where it stands.
 * Files live in data/plans/ and are named `<REGION>-<YEAR>.plan.json`.
 */

/** Where a figure comes from: a document line, derived from document figures, typed by hand, or generated. */
export type ProvenanceKind = 'DOCUMENT' | 'DERIVED' | 'MANUAL' | 'SYNTHETIC';

export interface Source {
  /** 1-based line number in the document text file (../shared/seeds/...), when the figure stands on one line. */
  line?: number;
  /** Human pointer: chapter, table, row, e.g. "BAB III A, Tabel 1, row 7.a". */
  location: string;
  /** The figure exactly as printed, e.g. "Rp. 12.218.328.000,-" or "77.932000". */
  printed?: string;
  /** Overrides the file's `kind` for this figure (e.g. DERIVED for a sum the document does not print). */
  kind?: ProvenanceKind;
}

/** A known inconsistency or caveat, kept next to the figure instead of being "fixed". */
export interface Flag {
  /** SCREAMING_SNAKE code, e.g. MALFORMED_NUMBER, UNIT_NAME_MISMATCH, YEAR_MISMATCH, MERGED_CELL. */
  code: string;
  message: string;
}

export type Perspective = 'STAKEHOLDER' | 'CUSTOMER' | 'INTERNAL_PROCESS' | 'LEARNING_AND_GROWTH';
export type BudgetLevel = 'PROGRAM' | 'KEGIATAN' | 'KRO' | 'RO' | 'KOMPONEN' | 'SUB_KOMPONEN';
export type SpendingType = 'PEGAWAI' | 'OPERASIONAL' | 'NON_OPERASIONAL';
export type MovementType = 'RETIRED' | 'TRANSFERRED_IN' | 'TRANSFERRED_OUT' | 'DIED';
export type StaffDimension = 'TOTAL' | 'POSITION' | 'RANK_GRADE' | 'RELIGION' | 'GENDER' | 'EDUCATION' | 'AGE_BAND';

export interface PlanFile {
  format: 'bkn-plan/1';
  /** "I" … "XIV" (or a synthetic shard); checked against the known codes by the file's validator. */
  region: RegionCode;
  year: number;
  kind: ProvenanceKind; // default kind of every figure in the file
  document: { file: string; title: string };
  /** Plan-level flags (e.g. a sentence that names the wrong year). */
  flags: Flag[];
  /** null where the document gives no total for that year. */
  totalBudget: { amount: number; source: Source } | null;
  spendingSplit: Array<{ type: SpendingType; amount: number; source: Source }>;
  strategicGoals: Array<{ number: string; name: string; perspective: Perspective; source: Source }>;
  indicatorTargets: IndicatorTargetEntry[];
  /** The budget tree, flat, parents before children; `parent` is the parent's full code. */
  budgetLines: BudgetLineEntry[];
  /** Amounts the document links to indicators (one amount can fund several indicators). */
  budgetAllocations: BudgetAllocationEntry[];
  staff: {
    headcounts: Array<{
      asOf: string;
      dimension: StaffDimension;
      category: string | null;
      count: number;
      source: Source;
    }>;
    movements: Array<{ period: string; type: MovementType; count: number; counterpart: string | null; source: Source }>;
  };
  organisationUnits: Array<{ name: string; unitType: string; parent: string | null; source: Source }>;
  /** The office's work area as the document states it; absent or null where it states none (unknown, not zero). */
  workArea?: WorkAreaEntry | null;
  /** The office's assets (buildings, vehicles) the document counts; absent or empty where it counts none. */
  assets?: AssetEntry[];
  /** Volume targets the document states for an activity (below the IKU), e.g. "6000 data". */
  activityTargets?: ActivityTargetEntry[];
}

export type AgencyKind = 'PROVINCIAL_GOVERNMENT' | 'REGENCY_CITY_GOVERNMENT' | 'VERTICAL_AGENCY';

/**
 * The provinces and agencies (instansi) an office serves. A kind the document does not count is absent from
 * `agencies`; `totalAgencies` is the total where the document prints one, with the scope it names.
 */
export interface WorkAreaEntry {
  provinces: Array<{ name: string; source: Source }>;
  agencies: Array<{ kind: AgencyKind; count: number; source: Source }>;
  /** e.g. scope "instansi pemerintah daerah" (no vertical agencies) for XII 2024's "sebanyak 41 instansi". */
  totalAgencies: { count: number; scope: string; source: Source } | null;
  /** AGENCY_COUNT_MISMATCH where the counts by kind do not add up to the total the document prints. */
  flags: Flag[];
}

export type AssetCategory = 'BUILDING' | 'VEHICLE';

/**
 * One count of assets as printed. A breakdown names the whole it is `partOf` (an entry with the same
 * category, that name, no `placedAt` and no `partOf`): by type (placedAt null) or by placement (placedAt set).
 */
export interface AssetEntry {
  category: AssetCategory;
  name: string; // as printed, e.g. "Gedung Arsip", "mobil dinas"
  count: number;
  unit: string | null; // as printed, e.g. "unit"
  placedAt: string | null; // e.g. "Kantor UPT BKN Padang"
  partOf: string | null;
  source: Source;
  flags: Flag[];
}

export interface ActivityTargetEntry {
  activity: string; // the activity heading as printed, e.g. "Pengelolaan Dokumen Tata Naskah Arsip Kepegawaian"
  name: string; // the indicator as printed
  target: number;
  unit: string; // as printed, e.g. "data"
  /** The budget line (full code) that funds the activity, where the plan lists it. */
  budgetCode: string | null;
  source: Source;
  flags: Flag[];
}

export interface IndicatorTargetEntry {
  code: string; // as printed, e.g. "7.a", "IKU.9"
  name: string; // as printed
  unit: string; // as printed, e.g. "%", "Indeks (0-100)"
  nationalIndicatorId: string; // an id of the national catalogue, e.g. "IKU-01"
  goalNumber: string | null; // the strategic goal it belongs to
  target: number | null;
  targetSource: Source | null;
  realisation: number | null;
  realisationSource: Source | null;
  /** The target of the earlier revision of this plan, where the document states it. */
  revisedFrom: { target: number; reason: string; source: Source } | null;
  flags: Flag[];
}

export interface BudgetLineEntry {
  code: string; // full code, e.g. "4843.EAA.003.002.A"
  printedCode: string; // as printed on its line, e.g. "'002" or "A"
  name: string;
  level: BudgetLevel;
  parent: string | null;
  volume: number | null;
  volumeUnit: string | null;
  amount: number;
  source: Source;
  flags: Flag[];
}

export interface BudgetAllocationEntry {
  amount: number;
  indicatorCodes: string[]; // local codes, as in indicatorTargets
  description: string; // the document's "Keterangan", as printed
  source: Source;
  flags: Flag[];
}

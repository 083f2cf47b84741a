import type { MovementType, PlanFile, StaffDimension } from '../../shared/plan-file/plan-file.types.ts';
import { REGION_CODES, type RegionCode } from '../../shared/regions/region-codes.ts';
import { apportion, clamp } from './figure-arithmetic.ts';
import { SeededRandom } from './seeded-random.ts';
import { FIRST_SYNTHETIC_YEAR, generated } from './synthetic-provenance.ts';

type Staff = PlanFile['staff'];
type Headcount = Staff['headcounts'][number];
type Movement = Staff['movements'][number];

const RELIGIONS = ['Islam', 'Kristen Protestan', 'Katolik', 'Hindu', 'Buddha', 'Konghucu'] as const;

/**
 * Rough religious make-up of each office's staff, from the make-up of its work area (background knowledge,
 * not from the documents; national recruitment makes offices more mixed than their provinces).
 * Weights in the order of RELIGIONS.
 */
const RELIGION_WEIGHTS: Readonly<Record<string, readonly number[]>> = {
  I: [88, 6, 5, 0.5, 0.5, 0],
  II: [91, 5, 3, 0.5, 0.5, 0],
  III: [94, 3.5, 2, 0.25, 0.25, 0],
  IV: [87, 8, 3.5, 1, 0.5, 0],
  V: [82, 10, 5, 1, 2, 0],
  VI: [62, 29, 7, 0.5, 1.5, 0],
  VII: [93, 4, 2, 0.5, 0.5, 0],
  VIII: [86, 8, 4, 1.5, 0.5, 0],
  IX: [30, 52, 16, 1, 1, 0],
  X: [28, 8, 6, 57, 1, 0],
  XI: [38, 52, 8, 1, 1, 0],
  XII: [89, 7, 3, 0, 1, 0],
  XIII: [98, 1, 1, 0, 0, 0],
  XIV: [33, 52, 13, 1, 1, 0],
};

/** A synthetic benchmark shard (SYNTHETIC_SHARDS) has no work area of its own: it gets the mean of the 14 offices. */
const MEAN_RELIGION_WEIGHTS: readonly number[] = RELIGIONS.map(
  (_, index) => REGION_CODES.reduce((sum, code) => sum + RELIGION_WEIGHTS[code]![index]!, 0) / REGION_CODES.length,
);

const religionWeightsOf = (region: RegionCode): readonly number[] => RELIGION_WEIGHTS[region] ?? MEAN_RELIGION_WEIGHTS;

/** Categories of each dimension in a fixed order, so that regions and years compare category by category. */
const CATEGORIES = {
  POSITION: ['Jabatan Pimpinan Tinggi Pratama', 'Administrator', 'Pengawas', 'Jabatan Fungsional', 'Pelaksana'],
  RANK_GRADE: ['Golongan I', 'Golongan II', 'Golongan III', 'Golongan IV'],
  RELIGION: RELIGIONS,
  GENDER: ['Laki-laki', 'Perempuan'],
  EDUCATION: ['SD/SMP', 'SMA/Sederajat', 'D3', 'S1/D4', 'S2', 'S3'],
  AGE_BAND: ['21-30', '31-40', '41-50', '51-60'],
} as const satisfies Partial<Record<StaffDimension, readonly string[]>>;

/** Kepala (1) and the Kabag and four Kabid (5); before the 2021 delayering also a Kasubbag or Kasi per unit (19). */
const LEADERS = 1;
const ADMINISTRATORS = 5;
const SUPERVISORS_BEFORE_DELAYERING = 19;
/**
 * The first 31 December after the 2021 delayering (penyederhanaan birokrasi), when most Pengawas became functional
 * posts.
 */
const FIRST_YEAR_END_AFTER_DELAYERING = 2021;

/**
 * Staff at 31 December two years before the first synthetic year, sized from the first year's Belanja Pegawai (68–78
 * million Rupiah per employee; VI 2021: 73).
 */
function initialHeadcount(seed: number, region: RegionCode, firstYearPegawai: number): number {
  return Math.round(
    firstYearPegawai / new SeededRandom(seed, `${region}/staff-cost-per-employee`).between(68_000_000, 78_000_000),
  );
}

/**
 * A year's movements: a few retire, rarely one dies (more often in the pandemic years), transfers in roughly replace
 * those who leave.
 */
function movementsOf(seed: number, region: RegionCode, year: number): Movement[] {
  const random = new SeededRandom(seed, `${region}/${year}/staff-movements`);
  const retired = random.pick([0, 1, 1, 2, 2, 2, 3, 3, 4]);
  const died = random.chance(year === 2020 || year === 2021 ? 0.35 : 0.15) ? 1 : 0;
  const transferredOut = random.pick([0, 0, 1, 1, 2, 3]);
  const transferredIn = Math.max(0, retired + died + transferredOut + random.int(-2, 2));
  const others = [
    ...REGION_CODES.filter((code) => code !== region).map((code) => `Kantor Regional ${code} BKN`),
    'BKN Pusat',
  ];
  const byCounterpart = (type: MovementType, count: number): Movement[] => {
    if (count === 0) return [];
    const first = random.int(1, count);
    const counterparts = [random.pick(others), random.pick(others)];
    const parts = [
      { counterpart: counterparts[0]!, count: first },
      { counterpart: counterparts[1]!, count: count - first },
    ].filter((part) => part.count > 0);
    if (parts.length === 2 && parts[0]!.counterpart === parts[1]!.counterpart)
      parts.splice(0, 2, { counterpart: parts[0]!.counterpart, count });
    return parts.map((part) => ({
      period: String(year),
      type,
      count: part.count,
      counterpart: part.counterpart,
      source: generated('staff movements'),
    }));
  };
  return [
    { period: String(year), type: 'RETIRED', count: retired, counterpart: null, source: generated('staff movements') },
    ...byCounterpart('TRANSFERRED_IN', transferredIn),
    ...byCounterpart('TRANSFERRED_OUT', transferredOut),
    { period: String(year), type: 'DIED', count: died, counterpart: null, source: generated('staff movements') },
  ];
}

function netChange(movements: readonly Movement[]): number {
  return movements.reduce(
    (sum, movement) => sum + (movement.type === 'TRANSFERRED_IN' ? movement.count : -movement.count),
    0,
  );
}

/** Headcount at 31 December of the year: the initial headcount changed by every year's movements since. */
function headcountAtEndOf(seed: number, region: RegionCode, year: number, firstYearPegawai: number): number {
  let headcount = initialHeadcount(seed, region, firstYearPegawai);
  for (let later = FIRST_SYNTHETIC_YEAR - 1; later <= year; later++)
    headcount += netChange(movementsOf(seed, region, later));
  return headcount;
}

function composition(
  seed: number,
  region: RegionCode,
  yearEnd: number,
  total: number,
): Array<{ dimension: StaffDimension; category: string; count: number }> {
  const profile = new SeededRandom(seed, `${region}/staff-profile`);
  const maleShare = profile.between(0.5, 0.62);
  const supervisorsAfterDelayering = profile.int(3, 6);
  const functionalShare = profile.between(0.06, 0.14);
  const random = new SeededRandom(seed, `${region}/${yearEnd}/staff-composition`);
  const yearsOn = yearEnd - FIRST_SYNTHETIC_YEAR;

  const supervisors =
    yearEnd >= FIRST_YEAR_END_AFTER_DELAYERING ? supervisorsAfterDelayering : SUPERVISORS_BEFORE_DELAYERING;
  const converted = SUPERVISORS_BEFORE_DELAYERING - supervisors;
  const others = Math.max(0, total - LEADERS - ADMINISTRATORS - supervisors);
  const functional = Math.min(
    others,
    Math.round(others * clamp(functionalShare + random.between(-0.01, 0.01), 0, 1)) + converted,
  );
  const position = [LEADERS, ADMINISTRATORS, supervisors, functional, others - functional];

  const maleNow = clamp(maleShare + random.between(-0.01, 0.01), 0, 1);
  const weights: Record<keyof typeof CATEGORIES, readonly number[]> = {
    POSITION: position,
    RANK_GRADE: random.jitter([1, 17, 62, 20], 0.15),
    RELIGION: random.jitter(religionWeightsOf(region), 0.1),
    GENDER: [maleNow, 1 - maleNow],
    // More staff with a master's degree every year (tugas belajar).
    EDUCATION: random.jitter([1, 14, 8, 56 - yearsOn, 20 + yearsOn, 1], 0.1),
    AGE_BAND: random.jitter([15, 30, 30, 25], 0.15),
  };
  return (Object.keys(CATEGORIES) as Array<keyof typeof CATEGORIES>).flatMap((dimension) => {
    const counts = dimension === 'POSITION' ? position : apportion(total, weights[dimension]);
    return CATEGORIES[dimension].map((category, index) => ({ dimension, category, count: counts[index]! }));
  });
}

/**
 * The staff section of the region-year's plan: headcounts at 31 December of the previous year (TOTAL, then
 * every other dimension with categories adding up to the TOTAL) and that year's movements. Each year's TOTAL
 * is the previous plan's TOTAL changed by the movements this plan reports.
 */
export function generateStaff(
  seed: number,
  region: RegionCode,
  year: number,
  firstYearPegawai: number,
): { staff: Staff; headcount: number } {
  const yearEnd = year - 1;
  const total = headcountAtEndOf(seed, region, yearEnd, firstYearPegawai);
  const asOf = `${yearEnd}-12-31`;
  const headcounts: Headcount[] = [
    { asOf, dimension: 'TOTAL', category: null, count: total, source: generated('staff composition') },
    ...composition(seed, region, yearEnd, total).map((entry) => ({
      asOf,
      ...entry,
      source: generated('staff composition'),
    })),
  ];
  return { staff: { headcounts, movements: movementsOf(seed, region, yearEnd) }, headcount: total };
}

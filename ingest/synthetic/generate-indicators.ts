import type { IndicatorTargetEntry, Perspective, PlanFile } from '../../shared/plan-file/plan-file.types.ts';
import type { RegionCode } from '../../shared/regions/region-codes.ts';
import { clamp } from './figure-arithmetic.ts';
import { SeededRandom } from './seeded-random.ts';
import {
  INDICATOR_PROFILES,
  type IndicatorProfile,
  type IndicatorScale,
  type IndicatorScope,
} from './synthetic-indicator-profiles.ts';

export type { IndicatorProfile, IndicatorProgress } from './synthetic-indicator-profiles.ts';
import { FIRST_SYNTHETIC_YEAR, generated } from './synthetic-provenance.ts';

/** One entry of the national catalogue (subgraphs/national/reference-data/indicators.json). */
export interface CatalogueIndicator {
  id: string;
  name: string;
  perspective: string;
  /** As the catalogue prints it: "%" is a percentage; anything else an index or score (a default profile's scale). */
  unit: string;
}

/** "IKU.1" … "IKU.14" as in Kanreg XII's 2024 plan, or "1.a" … "7.f" as in Kanreg VI's 2021 plan. */
export type IndicatorCodeStyle = 'IKU_NUMBER' | 'GOAL_LETTER';

/** The phrase after the catalogue name, as in the XII 2024 plan ("… di Wilayah Kerja Kantor Regional XII BKN"). */
const SCOPE_PHRASE: Record<IndicatorScope, string> = {
  WORK_AREA: 'di Wilayah Kerja ',
  AT_OFFICE: 'di ',
  OF_OFFICE: '',
  BY_OFFICE: 'yang diselenggarakan ',
};

/** The seven strategic goals of the Renstra, as the XII 2024 plan prints them. */
const STRATEGIC_GOALS: ReadonlyArray<{ number: string; name: string; perspective: Perspective }> = [
  {
    number: '1',
    name: 'Terwujudnya instansi pemerintah yang profesional dalam menerapkan manajemen ASN',
    perspective: 'STAKEHOLDER',
  },
  {
    number: '2',
    name: 'Terwujudnya pembinaan dan pelayanan kepegawaian yang berkualitas prima',
    perspective: 'CUSTOMER',
  },
  { number: '3', name: 'Terwujudnya pemenuhan kebijakan teknis manajemen ASN', perspective: 'INTERNAL_PROCESS' },
  {
    number: '4',
    name: 'Terwujudnya peningkatan kualitas data dan sistem Informasi ASN',
    perspective: 'INTERNAL_PROCESS',
  },
  {
    number: '5',
    name: 'Terwujudnya peningkatan digitalisasi penyelenggaraan layanan manajemen ASN',
    perspective: 'INTERNAL_PROCESS',
  },
  {
    number: '6',
    name: 'Terwujudnya peningkatan kualitas pengawasan dan pengendalian pelaksanaan manajemen ASN',
    perspective: 'INTERNAL_PROCESS',
  },
  {
    number: '7',
    name: 'Terwujudnya manajemen internal BKN yang efektif, efisien dan akuntabel',
    perspective: 'LEARNING_AND_GROWTH',
  },
];

/** Regions whose documents fix the numbering; the others get one drawn from the seed. */
const DOCUMENTED_CODE_STYLE: Readonly<Record<string, IndicatorCodeStyle>> = { VI: 'GOAL_LETTER', XII: 'IKU_NUMBER' };

const UNIT: Record<IndicatorScale, string> = { PERCENT: '%', INDEX: 'Indeks (0-100)' };
/** Lowest plausible figure: percentages can be 0; the indices and scores in the documents are never below 60. */
export const SCALE_FLOOR: Record<IndicatorScale, number> = { PERCENT: 0, INDEX: 60 };

/** The hand-written profile of an indicator; see profilesFor for one the catalogue added since. */
export function profileOf(nationalIndicatorId: string): IndicatorProfile {
  const profile = INDICATOR_PROFILES.find((candidate) => candidate.id === nationalIndicatorId);
  if (!profile) {
    const known = INDICATOR_PROFILES.map((candidate) => candidate.id).join(', ');
    throw new Error(`no hand-written synthetic profile for indicator "${nationalIndicatorId}"; there are ${known}`);
  }
  return profile;
}

/** Target ranges of a default profile: plausible for its scale, rising over the five years, never above 100. */
const DEFAULT_TARGETS: Record<IndicatorScale, Pick<IndicatorProfile, 'firstTarget' | 'fifthTarget'>> = {
  PERCENT: { firstTarget: [70, 90], fifthTarget: [90, 100] },
  INDEX: { firstTarget: [75, 85], fifthTarget: [85, 95] },
};

/**
 * The default profile of an indicator with no hand-written one (added to the catalogue since): the scale from
 * its unit, a level measure of the office itself, the first strategic goal of its perspective, and the next
 * free letter of that goal (after `taken`). Its figures are as synthetic as any other, only less tailored.
 */
export function defaultProfile(indicator: CatalogueIndicator, taken: readonly IndicatorProfile[]): IndicatorProfile {
  const goal = STRATEGIC_GOALS.find((candidate) => candidate.perspective === indicator.perspective);
  if (!goal) {
    const perspectives = [...new Set(STRATEGIC_GOALS.map((candidate) => candidate.perspective))].join(', ');
    throw new Error(
      `indicator "${indicator.id}" has perspective "${indicator.perspective}"; expected one of ${perspectives}`,
    );
  }
  const scale: IndicatorScale = indicator.unit.trim() === '%' ? 'PERCENT' : 'INDEX';
  const letter = String.fromCharCode(
    'a'.charCodeAt(0) + taken.filter((profile) => profile.goalNumber === goal.number).length,
  );
  return {
    id: indicator.id,
    goalNumber: goal.number,
    goalLetterCode: `${goal.number}.${letter}`,
    scale,
    progress: 'LEVEL',
    ...DEFAULT_TARGETS[scale],
    step: 1,
    scope: 'OF_OFFICE',
    isDefault: true,
  };
}

/** A profile for every indicator of the catalogue, in catalogue order: the hand-written one, else the default. */
export function profilesFor(catalogue: readonly CatalogueIndicator[]): IndicatorProfile[] {
  const profiles: IndicatorProfile[] = [];
  for (const indicator of catalogue) {
    const handWritten = INDICATOR_PROFILES.find((candidate) => candidate.id === indicator.id);
    const taken = [...INDICATOR_PROFILES, ...profiles.filter((profile) => profile.isDefault)];
    profiles.push(handWritten ?? defaultProfile(indicator, taken));
  }
  return profiles;
}

/**
 * How an indicator's figures move through the year (scale and progress), for a plan's indicator: its
 * hand-written profile, else a default profile's, from the unit the plan prints.
 */
export function measureOf(nationalIndicatorId: string, unit: string): Pick<IndicatorProfile, 'scale' | 'progress'> {
  const profile = INDICATOR_PROFILES.find((candidate) => candidate.id === nationalIndicatorId);
  if (profile) return profile;
  return { scale: unit === UNIT.PERCENT ? 'PERCENT' : 'INDEX', progress: 'LEVEL' };
}

export function indicatorCodeStyle(seed: number, region: RegionCode): IndicatorCodeStyle {
  return (
    DOCUMENTED_CODE_STYLE[region] ??
    (new SeededRandom(seed, `${region}/indicator-code-style`).chance(0.3) ? 'GOAL_LETTER' : 'IKU_NUMBER')
  );
}

export function generateStrategicGoals(): PlanFile['strategicGoals'] {
  return STRATEGIC_GOALS.map((goal) => ({
    ...goal,
    source: generated('strategic goals of the BKN Renstra 2020-2024'),
  }));
}

/**
 * The region's targets for the year, by national id: for each indicator a straight line from its first-year
 * target to its fifth-year target, continued afterwards, rounded to the indicator's step, never above 100.
 * Never falls from year to year.
 */
export function targetsFor(
  seed: number,
  region: RegionCode,
  year: number,
  profiles: readonly IndicatorProfile[] = INDICATOR_PROFILES,
): Map<string, number> {
  // One stream for every indicator, drawn in catalogue order, so each indicator's line is the same every year
  // and an indicator added at the end of the catalogue leaves the others' figures as they were.
  const random = new SeededRandom(seed, `${region}/indicator-trends`);
  return new Map(
    profiles.map((profile) => {
      const first = random.between(profile.firstTarget[0], profile.firstTarget[1]);
      const fifth = Math.max(first, random.between(profile.fifthTarget[0], profile.fifthTarget[1]));
      const value = first + ((fifth - first) * (year - FIRST_SYNTHETIC_YEAR)) / 4;
      return [profile.id, clamp(Math.round(value / profile.step) * profile.step, SCALE_FLOOR[profile.scale], 100)];
    }),
  );
}

/**
 * Every indicator of the catalogue with the region's targets for the year; realisations are filled in from the
 * realisation file. An indicator without a hand-written profile gets the default one, and its source says so.
 */
export function generateIndicatorTargets(
  seed: number,
  region: RegionCode,
  year: number,
  catalogue: readonly CatalogueIndicator[],
): IndicatorTargetEntry[] {
  const style = indicatorCodeStyle(seed, region);
  const profiles = profilesFor(catalogue);
  const targets = targetsFor(seed, region, year, profiles);
  return profiles.map((profile, index) => {
    const entry = catalogue[index]!;
    const office = `Kantor Regional ${region} BKN`;
    const target = targets.get(profile.id)!;
    const trend = `indicator target, trend from ${FIRST_SYNTHETIC_YEAR}`;
    return {
      code: style === 'IKU_NUMBER' ? `IKU.${index + 1}` : profile.goalLetterCode,
      name: `${entry.name} ${SCOPE_PHRASE[profile.scope]}${office}`,
      unit: UNIT[profile.scale],
      nationalIndicatorId: profile.id,
      goalNumber: profile.goalNumber,
      target,
      targetSource: generated(profile.isDefault ? `${trend} (default profile: none written for ${profile.id})` : trend),
      realisation: null,
      realisationSource: null,
      revisedFrom: null,
      flags: [],
    };
  });
}

import type {
  BudgetAllocationEntry,
  BudgetLevel,
  BudgetLineEntry,
  IndicatorTargetEntry,
  PlanFile,
  SpendingType,
} from '../../shared/plan-file/plan-file.types.ts';
import type { RegionCode } from '../../shared/regions/region-codes.ts';
import { apportion } from './figure-arithmetic.ts';
import { SeededRandom } from './seeded-random.ts';
import {
  type AbsorptionPattern,
  BUDGET_TEMPLATE,
  type KomponenTemplate,
  type Presence,
  type RoTemplate,
  type SubKomponenTemplate,
} from './synthetic-budget-tree.ts';
import { FIRST_SYNTHETIC_YEAR, generated } from './synthetic-provenance.ts';

export type { AbsorptionPattern } from './synthetic-budget-tree.ts';

/**
 * Which amounts the plans link to which indicators, as the XII 2024 IKU table does: the supervision RO funds
 * the stakeholder and supervision indicators, the services KRO the service index, and the support kegiatan
 * the internal-management indicators. Disjoint lines, so they never add up to more than the total.
 */
const ALLOCATIONS: ReadonlyArray<{ budgetCode: string; indicatorIds: string[] }> = [
  { budgetCode: '4848.BDB.005', indicatorIds: ['IKU-01', 'IKU-02', 'IKU-03', 'IKU-05', 'IKU-08'] },
  { budgetCode: '4846.BAB', indicatorIds: ['IKU-04'] },
  { budgetCode: '4847.FAA.001', indicatorIds: ['IKU-06', 'IKU-07'] },
  { budgetCode: '4842.EAF.004', indicatorIds: ['IKU-09'] },
  { budgetCode: '4843', indicatorIds: ['IKU-10', 'IKU-11', 'IKU-12', 'IKU-13', 'IKU-14'] },
];

const LEVEL_WORD: Record<BudgetLevel, string> = {
  PROGRAM: 'Program',
  KEGIATAN: 'Kegiatan',
  KRO: 'KRO',
  RO: 'RO',
  KOMPONEN: 'Komponen',
  SUB_KOMPONEN: 'Sub Komponen',
};
const SUB_KOMPONEN_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The region's pagu for the year in thousands of Rupiah: 10–15 billion in the first year, growing 1–5 % a year. */
function totalInThousands(seed: number, region: RegionCode, year: number): number {
  let total = new SeededRandom(seed, `${region}/budget-first-total`).between(10_000_000, 15_000_000);
  for (let later = FIRST_SYNTHETIC_YEAR + 1; later <= year; later++)
    total *= 1 + new SeededRandom(seed, `${region}/budget-growth/${later}`).between(0.01, 0.05);
  return Math.round(total);
}

/**
 * Belanja Pegawai about half of the total (VI 2021: 52 %), Operasional a quarter to a third (VI: 32 %), in thousands.
 */
function spendingInThousands(seed: number, region: RegionCode, year: number): Record<SpendingType, number> {
  const profile = new SeededRandom(seed, `${region}/budget-shares`);
  const pegawaiShare = profile.between(0.48, 0.53);
  const operasionalShare = profile.between(0.26, 0.31);
  const yearly = new SeededRandom(seed, `${region}/${year}/budget-shares`);
  const total = totalInThousands(seed, region, year);
  const pegawai = Math.round(total * (pegawaiShare + yearly.between(-0.015, 0.015)));
  const operasional = Math.round(total * (operasionalShare + yearly.between(-0.015, 0.015)));
  return { PEGAWAI: pegawai, OPERASIONAL: operasional, NON_OPERASIONAL: total - pegawai - operasional };
}

/** Belanja Pegawai of the region-year in Rupiah (the staff generator sizes the first headcount from it). */
export function pegawaiBudgetFor(seed: number, region: RegionCode, year: number): number {
  return spendingInThousands(seed, region, year).PEGAWAI * 1000;
}

/**
 * The optional lines left out of the region-year, by key (RO code, or "RO code.komponen/sub name"). Every optional
 * line of the template gets its draw, present or not, so that one year's absent RO does not change the others.
 */
function absentLines(seed: number, region: RegionCode, year: number): Set<string> {
  const perRegion = new SeededRandom(seed, `${region}/budget-presence`);
  const perYear = new SeededRandom(seed, `${region}/${year}/budget-presence`);
  const absent = new Set<string>();
  const decide = (key: string, presence: Presence | undefined) => {
    if (presence && !(presence.decided === 'PER_REGION' ? perRegion : perYear).chance(presence.probability))
      absent.add(key);
  };
  for (const program of BUDGET_TEMPLATE) {
    for (const kegiatan of program.kegiatans) {
      for (const kro of kegiatan.kros) {
        for (const ro of kro.ros) {
          const code = `${kegiatan.code}.${kro.code}.${ro.code}`;
          decide(code, ro.presence);
          for (const komponen of ro.komponens)
            for (const sub of komponen.subs) decide(`${code}.${komponen.code}/${sub.name}`, sub.presence);
        }
      }
    }
  }
  return absent;
}

interface PlannedRo {
  code: string;
  template: RoTemplate;
  /** Present sub-komponen with their weights for the year, in template order. */
  subs: Array<{ komponen: KomponenTemplate; sub: SubKomponenTemplate; weight: number }>;
}

/**
 * The budget tree of the region-year, flat, parents before children, as in the VI LAMPIRAN. Amounts are whole
 * thousands of Rupiah and add up exactly at every level: ROs get their spending type's amount (or a weighted
 * share of the non-operational rest), sub-komponen a weighted share of their RO, every parent the sum of its children.
 */
export function generateBudgetTree(
  seed: number,
  region: RegionCode,
  year: number,
  headcount: number,
): Pick<PlanFile, 'totalBudget' | 'spendingSplit' | 'budgetLines'> {
  const spending = spendingInThousands(seed, region, year);
  const random = new SeededRandom(seed, `${region}/${year}/budget-amounts`);
  const absent = absentLines(seed, region, year);
  const planned: PlannedRo[] = [];
  for (const program of BUDGET_TEMPLATE) {
    for (const kegiatan of program.kegiatans) {
      for (const kro of kegiatan.kros) {
        for (const ro of kro.ros) {
          const code = `${kegiatan.code}.${kro.code}.${ro.code}`;
          if (absent.has(code)) continue;
          const subs = ro.komponens.flatMap((komponen) =>
            komponen.subs
              .filter((sub) => !absent.has(`${code}.${komponen.code}/${sub.name}`))
              .map((sub) => ({ komponen, sub, weight: sub.weight })),
          );
          planned.push({
            code,
            template: ro,
            subs: subs.map((entry) => ({ ...entry, weight: entry.weight * random.between(0.75, 1.25) })),
          });
        }
      }
    }
  }
  const nonOperational = planned.filter((ro) => ro.template.spending === 'NON_OPERASIONAL');
  const nonOperationalAmounts = apportion(
    spending.NON_OPERASIONAL,
    random.jitter(
      nonOperational.map((ro) => ro.template.weight),
      0.3,
    ),
  );
  const roAmount = new Map<string, number>();
  for (const ro of planned) {
    const amount =
      ro.template.spending === 'NON_OPERASIONAL'
        ? nonOperationalAmounts[nonOperational.indexOf(ro)]!
        : spending[ro.template.spending];
    roAmount.set(ro.code, amount);
  }

  const lines: BudgetLineEntry[] = [];
  const line = (
    code: string,
    printedCode: string,
    name: string,
    level: BudgetLevel,
    parent: string | null,
    volume: number | null = null,
    volumeUnit: string | null = null,
  ): BudgetLineEntry => {
    const entry: BudgetLineEntry = {
      code,
      printedCode,
      name,
      level,
      parent,
      volume,
      volumeUnit,
      amount: 0,
      source: generated('budget tree'),
      flags: [],
    };
    lines.push(entry);
    return entry;
  };
  const sumInto = (parent: BudgetLineEntry, children: BudgetLineEntry[]) => {
    parent.amount = children.reduce((sum, child) => sum + child.amount, 0);
  };
  const programs: BudgetLineEntry[] = [];
  for (const program of BUDGET_TEMPLATE) {
    const present = planned.filter((ro) =>
      program.kegiatans.some((kegiatan) => ro.code.startsWith(`${kegiatan.code}.`)),
    );
    if (present.length === 0) continue;
    const programLine = line(program.code, `'${program.code}`, program.name, 'PROGRAM', null);
    const kegiatanLines: BudgetLineEntry[] = [];
    for (const kegiatan of program.kegiatans) {
      if (!present.some((ro) => ro.code.startsWith(`${kegiatan.code}.`))) continue;
      const kegiatanLine = line(kegiatan.code, kegiatan.code, kegiatan.name, 'KEGIATAN', program.code);
      const kroLines: BudgetLineEntry[] = [];
      for (const kro of kegiatan.kros) {
        const kroCode = `${kegiatan.code}.${kro.code}`;
        const ros = present.filter((ro) => ro.code.startsWith(`${kroCode}.`));
        if (ros.length === 0) continue;
        const kroLine = line(
          kroCode,
          kroCode,
          kro.name,
          'KRO',
          kegiatan.code,
          kro.volume === 'HEADCOUNT' ? headcount : kro.volume,
          kro.volumeUnit,
        );
        const roLines: BudgetLineEntry[] = [];
        for (const ro of ros) {
          const roLine = line(ro.code, ro.code, ro.template.name, 'RO', kroCode);
          const subAmounts = apportion(
            roAmount.get(ro.code)!,
            ro.subs.map((entry) => entry.weight),
          );
          const komponenLines: BudgetLineEntry[] = [];
          for (const komponen of ro.template.komponens) {
            const subs = ro.subs
              .map((entry, index) => ({ ...entry, amount: subAmounts[index]! }))
              .filter((entry) => entry.komponen === komponen);
            if (subs.length === 0) continue;
            const komponenCode = `${ro.code}.${komponen.code}`;
            const komponenLine = line(komponenCode, `'${komponen.code}`, komponen.name, 'KOMPONEN', ro.code);
            const subLines = subs.map((entry, index) => {
              const letter = SUB_KOMPONEN_LETTERS[index]!;
              const subLine = line(`${komponenCode}.${letter}`, letter, entry.sub.name, 'SUB_KOMPONEN', komponenCode);
              subLine.amount = entry.amount;
              return subLine;
            });
            sumInto(komponenLine, subLines);
            komponenLines.push(komponenLine);
          }
          sumInto(roLine, komponenLines);
          roLines.push(roLine);
        }
        sumInto(kroLine, roLines);
        kroLines.push(kroLine);
      }
      sumInto(kegiatanLine, kroLines);
      kegiatanLines.push(kegiatanLine);
    }
    sumInto(programLine, kegiatanLines);
    programs.push(programLine);
  }
  for (const entry of lines) entry.amount *= 1000;

  const total = programs.reduce((sum, program) => sum + program.amount, 0);
  const amountOf = (spendingType: SpendingType) =>
    planned
      .filter((ro) => ro.template.spending === spendingType)
      .reduce((sum, ro) => sum + lines.find((entry) => entry.code === ro.code)!.amount, 0);
  return {
    totalBudget: { amount: total, source: generated('budget tree, sum of the programs') },
    spendingSplit: (['PEGAWAI', 'OPERASIONAL', 'NON_OPERASIONAL'] as const).map((type) => ({
      type,
      amount: amountOf(type),
      source: generated('budget tree, ROs by spending type'),
    })),
    budgetLines: lines,
  };
}

/** The amounts the plan links to indicators: one per allocation whose budget line the tree has. */
export function generateBudgetAllocations(
  budgetLines: readonly BudgetLineEntry[],
  indicatorTargets: readonly IndicatorTargetEntry[],
): BudgetAllocationEntry[] {
  const codeOf = (nationalId: string) =>
    indicatorTargets.find((indicator) => indicator.nationalIndicatorId === nationalId)?.code;
  return ALLOCATIONS.flatMap(({ budgetCode, indicatorIds }) => {
    const budgetLine = budgetLines.find((entry) => entry.code === budgetCode);
    const indicatorCodes = indicatorIds.map(codeOf).filter((code): code is string => code !== undefined);
    if (!budgetLine || indicatorCodes.length === 0) return [];
    return [
      {
        amount: budgetLine.amount,
        indicatorCodes,
        description: `Pagu Anggaran pada ${LEVEL_WORD[budgetLine.level]} ${budgetLine.name}`,
        source: generated(`budget allocation, the amount of budget line ${budgetCode}`),
        flags: [],
      },
    ];
  });
}

/** The absorption pattern of an RO of the template, by its full code ("4843.EAA.002"). */
export function absorptionPatternOf(roCode: string): AbsorptionPattern {
  for (const program of BUDGET_TEMPLATE) {
    for (const kegiatan of program.kegiatans) {
      for (const kro of kegiatan.kros) {
        const ro = kro.ros.find((candidate) => `${kegiatan.code}.${kro.code}.${candidate.code}` === roCode);
        if (ro) return ro.absorption;
      }
    }
  }
  throw new Error(`"${roCode}" is not an RO of the synthetic budget template`);
}

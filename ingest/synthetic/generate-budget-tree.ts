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
import { FIRST_SYNTHETIC_YEAR, generated } from './synthetic-provenance.ts';

/** How an RO's pagu is absorbed over the year: salaries monthly, office running costs steadily, activities and purchases late. */
export type AbsorptionPattern = 'SALARY' | 'OPERATIONS' | 'ACTIVITY' | 'CAPITAL';

/** An optional line: present with this probability, decided once per region (stable over the years) or every year. */
interface Presence {
  probability: number;
  decided: 'PER_REGION' | 'PER_YEAR';
}

interface SubKomponenTemplate {
  name: string;
  weight: number;
  presence?: Presence;
}
interface KomponenTemplate {
  code: string;
  name: string;
  subs: SubKomponenTemplate[];
}
interface RoTemplate {
  code: string;
  name: string;
  /** PEGAWAI and OPERASIONAL ROs carry the whole of their spending type (as in the VI 2021 plan); the others share the rest by weight. */
  spending: SpendingType;
  absorption: AbsorptionPattern;
  weight: number;
  presence?: Presence;
  komponens: KomponenTemplate[];
}
interface KroTemplate {
  code: string;
  name: string;
  volume: number | 'HEADCOUNT';
  volumeUnit: string;
  ros: RoTemplate[];
}
interface KegiatanTemplate {
  code: string;
  name: string;
  kros: KroTemplate[];
}
interface ProgramTemplate {
  code: string;
  name: string;
  kegiatans: KegiatanTemplate[];
}

const TANPA = 'TANPA SUB KOMPONEN';
const perRegion = (probability: number): Presence => ({ probability, decided: 'PER_REGION' });
const perYear = (probability: number): Presence => ({ probability, decided: 'PER_YEAR' });

/**
 * The budget tree of a Kanreg, after the LAMPIRAN "Rincian Pagu Anggaran T.A. 2021" of Kanreg VI: codes and
 * names as printed there (RO names ending "Kanreg I - XIV" are shared by all offices); weights are VI's
 * amounts in millions, varied per region and year.
 */
const BUDGET_TEMPLATE: readonly ProgramTemplate[] = [
  {
    code: '088.01.CO',
    name: 'Program Kebijakan, Pembinaan Profesi, dan Tata Kelola ASN',
    kegiatans: [
      {
        code: '4846',
        name: 'Penyelenggaraan Pelayanan Administrasi Kepegawaian ASN',
        kros: [
          {
            code: 'BAB',
            name: 'Pelayanan Publik kepada lembaga',
            volume: 3,
            volumeUnit: 'Lembaga',
            ros: [
              {
                code: '001',
                name: 'Penetapan NIP',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 15,
                presence: perRegion(0.8),
                komponens: [{ code: '051', name: 'Penetapan NIP CASN', subs: [{ name: TANPA, weight: 15 }] }],
              },
              {
                code: '006',
                name: 'Penetapan Kenaikan Pangkat Kantor Regional I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 374,
                komponens: [
                  {
                    code: '051',
                    name: 'Penetapan Nota persetujuan KP, PMK dan mutasi lainnya',
                    subs: [
                      { name: TANPA, weight: 172 },
                      { name: 'Bimbingan Teknis Kepegawaian', weight: 185, presence: perRegion(0.8) },
                    ],
                  },
                  { code: '052', name: 'Penetapan Karis/Karsu/Karpeg', subs: [{ name: TANPA, weight: 18 }] },
                ],
              },
              {
                code: '007',
                name: 'Pertimbangan Teknis Pensiun PNS dan Pejabat Negara Kantor Regional I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 184,
                komponens: [
                  {
                    code: '051',
                    name: 'Penetapan Pertimbangan Teknis SK Pensiun',
                    subs: [{ name: TANPA, weight: 184 }],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        code: '4847',
        name: 'Pengelolaan Dokumen Arsip Kepegawaian, Data dan Sistem Informasi ASN',
        kros: [
          {
            code: 'FAA',
            name: 'Dokumen Kearsipan',
            volume: 1,
            volumeUnit: 'Dokumen',
            ros: [
              {
                code: '001',
                name: 'Dokumen Arsip Kepegawaian ASN Kantor Regional I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 417,
                komponens: [
                  {
                    code: '051',
                    name: 'Pengelolaan Dokumen Tata Naskah Arsip Kepegawaian',
                    subs: [{ name: 'Pengelolaan Tata Naskah', weight: 130 }],
                  },
                  {
                    code: '052',
                    name: 'Rekonsiliasi Data, Pembinaan Sapk Dan Perancangan/Pengembangan Aplikasi Penunjang',
                    subs: [
                      { name: 'Rekonsiliasi Data Kepegawaian', weight: 65 },
                      { name: 'Sosialisasi Pemanfaatan Web Service', weight: 222, presence: perRegion(0.8) },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        code: '4848',
        name: 'Pengawasan dan Pengendalian NSPK Manajemen ASN',
        kros: [
          {
            code: 'BDB',
            name: 'Fasilitasi dan Pembinaan Lembaga',
            volume: 1,
            volumeUnit: 'Lembaga',
            ros: [
              {
                code: '005',
                name: 'Bimbingan Teknis NSPK Manajemen ASN Kantor Regional I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 310,
                komponens: [
                  {
                    code: '053',
                    name: 'Permasalahan Kepegawaian yang dikelola',
                    subs: [
                      { name: TANPA, weight: 120 },
                      { name: 'Peningkatan Pelayanan Pengembangan Dan Supervisi Kepegawaian', weight: 166 },
                      { name: 'FGD', weight: 24, presence: perRegion(0.6) },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
  {
    code: '088.01.WA',
    name: 'Program Dukungan Manajemen',
    kegiatans: [
      {
        code: '4842',
        name: 'Pengelolaan Organisasi dan SDM',
        kros: [
          {
            code: 'EAF',
            name: 'Layanan SDM',
            volume: 'HEADCOUNT',
            volumeUnit: 'orang',
            ros: [
              {
                code: '004',
                name: 'Administrasi Kepegawaian Kanreg I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 135,
                komponens: [
                  {
                    code: '005',
                    name: 'Dukungan Penyelenggaraan Tugas dan Fungsi Unit',
                    subs: [{ name: 'Pembinaan Dan Pengembangan Pegawai', weight: 135 }],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        code: '4843',
        name: 'Pengelolaan Keuangan, BMN, dan Umum',
        kros: [
          {
            code: 'EAA',
            name: 'Layanan Perkantoran',
            volume: 2,
            volumeUnit: 'Layanan',
            ros: [
              {
                code: '002',
                name: 'Gaji dan Tunjangan Kanreg I - XIV',
                spending: 'PEGAWAI',
                absorption: 'SALARY',
                weight: 0,
                komponens: [
                  {
                    code: '001',
                    name: 'Gaji dan Tunjangan',
                    subs: [{ name: 'Pembayaran Gaji Dan Tunjangan', weight: 1 }],
                  },
                ],
              },
              {
                code: '003',
                name: 'Operasional dan Pemeliharaan Kanreg I - XIV',
                spending: 'OPERASIONAL',
                absorption: 'OPERATIONS',
                weight: 0,
                komponens: [
                  {
                    code: '002',
                    name: 'Operasional dan Pemeliharaan Kantor',
                    subs: [
                      { name: 'Perawatan Gedung Kantor', weight: 272 },
                      { name: 'Penyedia Informasi Publik', weight: 7.5, presence: perRegion(0.8) },
                      { name: 'Pengelolaan Layanan Kesehatan', weight: 114 },
                      { name: 'Penyelenggaraan Pengadaan Barang Jasa', weight: 20, presence: perRegion(0.85) },
                      { name: 'Pelaksanaan Layanan Rumah Tangga', weight: 19, presence: perRegion(0.9) },
                      { name: 'Pengelolaan Layanan Keamanan Dan Ketertiban', weight: 662 },
                      { name: 'Layanan Daya Dan Jasa', weight: 636 },
                      { name: 'Pengelolaan Arsip Dan Persuratan', weight: 25, presence: perRegion(0.9) },
                      { name: 'Laporan Operasional Perkantoran Dan Pimpinan', weight: 1697 },
                      { name: 'Pemeliharaan Peralatan Kantor', weight: 282 },
                      { name: 'Pemeliharaan Sarana Gedung', weight: 18, presence: perRegion(0.8) },
                      { name: 'Pelantikan/Pengambilan Sumpah Dan Jabatan', weight: 53, presence: perRegion(0.8) },
                      { name: 'Laporan Administrasi Keuangan', weight: 131 },
                    ],
                  },
                ],
              },
            ],
          },
          {
            code: 'EAB',
            name: 'Layanan Perencanaan dan Penganggaran Internal',
            volume: 1,
            volumeUnit: 'Layanan',
            ros: [
              {
                code: '005',
                name: 'Rencana Kerja dan Anggaran Kanreg I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 78,
                komponens: [
                  {
                    code: '005',
                    name: 'Dukungan Penyelenggaraan Tugas dan Fungsi Unit',
                    subs: [
                      { name: 'Penyusunan Rencana Program Dan Anggaran', weight: 29 },
                      { name: 'Pengurusan/Penyimpanan Barang Milik Negara', weight: 30 },
                      { name: 'Penyusunan Laporan Keuangan', weight: 4.3 },
                      { name: 'Laporan Sistem Akuntansi Instansi', weight: 14.4 },
                    ],
                  },
                ],
              },
            ],
          },
          {
            code: 'EAC',
            name: 'Layanan Umum',
            volume: 1,
            volumeUnit: 'Layanan',
            ros: [
              {
                code: '004',
                name: 'Layanan umum, rumah tangga, dan perlengkapan Kanreg I-XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 20,
                presence: perRegion(0.7),
                komponens: [
                  {
                    code: '005',
                    name: 'Dukungan Penyelenggaraan Tugas dan Fungsi Unit',
                    subs: [{ name: TANPA, weight: 20 }],
                  },
                ],
              },
            ],
          },
          {
            code: 'EAD',
            name: 'Layanan Sarana Internal',
            volume: 1,
            volumeUnit: 'unit',
            ros: [
              {
                code: '007',
                name: 'Perangkat Pengolah Data dan Komunikasi Kantor Regional I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'CAPITAL',
                weight: 380,
                presence: perYear(0.75),
                komponens: [
                  {
                    code: '051',
                    name: 'Pengadaan perangkat pengolah data dan komunikasi',
                    subs: [{ name: 'Pengadaan Fasilitas Perkantoran', weight: 380 }],
                  },
                ],
              },
            ],
          },
          {
            code: 'EAL',
            name: 'Layanan Monitoring dan Evaluasi Internal',
            volume: 1,
            volumeUnit: 'Laporan',
            ros: [
              {
                code: '002',
                name: 'Laporan Monitoring dan Evaluasi Kanreg I - XIV',
                spending: 'NON_OPERASIONAL',
                absorption: 'ACTIVITY',
                weight: 23.5,
                presence: perRegion(0.9),
                komponens: [
                  {
                    code: '005',
                    name: 'Dukungan Penyelenggaraan Tugas dan Fungsi Unit',
                    subs: [{ name: 'Penyusunan Laporan Monitoring Dan Evaluasi', weight: 23.5 }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];

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

/** Belanja Pegawai about half of the total (VI 2021: 52 %), Operasional a quarter to a third (VI: 32 %), in thousands. */
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

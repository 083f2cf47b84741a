import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * How an RO's pagu is absorbed over the year: salaries monthly, office running costs steadily, activities and
 * purchases late.
 */
const absorptionPattern = z.enum(['SALARY', 'OPERATIONS', 'ACTIVITY', 'CAPITAL']);
export type AbsorptionPattern = z.infer<typeof absorptionPattern>;

/** An optional line: present with this probability, decided once per region (stable over the years) or every year. */
const presence = z.object({ probability: z.number().min(0).max(1), decided: z.enum(['PER_REGION', 'PER_YEAR']) });
export type Presence = z.infer<typeof presence>;

const subKomponen = z.object({ name: z.string(), weight: z.number(), presence: presence.optional() });
const komponen = z.object({ code: z.string(), name: z.string(), subs: z.array(subKomponen) });
const ro = z.object({
  code: z.string(),
  name: z.string(),
  /**
   * PEGAWAI and OPERASIONAL ROs carry the whole of their spending type (as in the VI 2021 plan); the others share the
   * rest by weight.
   */
  spending: z.enum(['PEGAWAI', 'OPERASIONAL', 'NON_OPERASIONAL']),
  absorption: absorptionPattern,
  weight: z.number(),
  presence: presence.optional(),
  komponens: z.array(komponen),
});
const kro = z.object({
  code: z.string(),
  name: z.string(),
  volume: z.union([z.number(), z.literal('HEADCOUNT')]),
  volumeUnit: z.string(),
  ros: z.array(ro),
});
const kegiatan = z.object({ code: z.string(), name: z.string(), kros: z.array(kro) });
const program = z.object({ code: z.string(), name: z.string(), kegiatans: z.array(kegiatan) });

export type SubKomponenTemplate = z.infer<typeof subKomponen>;
export type KomponenTemplate = z.infer<typeof komponen>;
export type RoTemplate = z.infer<typeof ro>;
export type ProgramTemplate = z.infer<typeof program>;

/**
 * The budget tree of a Kanreg (synthetic-budget-tree.json), after the LAMPIRAN "Rincian Pagu Anggaran T.A. 2021"
 * of Kanreg VI: codes and names as printed there (RO names ending "Kanreg I - XIV" are shared by all offices);
 * weights are VI's amounts in millions, varied per region and year. Checked on load: a wrong entry fails here,
 * naming its path, rather than as a strange plan.
 */
export const BUDGET_TEMPLATE: readonly ProgramTemplate[] = z
  .array(program)
  .parse(JSON.parse(readFileSync(new URL('./synthetic-budget-tree.json', import.meta.url), 'utf8')));

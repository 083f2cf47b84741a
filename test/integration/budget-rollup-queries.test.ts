import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { inSchema } from '../../shared/database/database.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { parseRegionCode, regionSchemaName } from '../../shared/regions/region-codes.ts';
import {
  type LineRealisation,
  planRealisation,
  rollUpRealisations,
} from '../../subgraphs/regional/budget/budget-realisation-rollup.ts';
import {
  findBudgetLinesByPlanIds,
  findBudgetRealisationsByYears,
} from '../../subgraphs/regional/budget/budget.queries.ts';
import {
  rollUpPlanRealisations,
  storeMissingPlanRealisations,
  storePlanRealisations,
} from '../../subgraphs/regional/budget/plan-realisation-totals.ts';
import { createLoaders } from '../../subgraphs/regional/context.ts';
import { createRegionalService } from '../../subgraphs/regional/regional-service.ts';
import { storeRealisations } from '../../subgraphs/regional/plan-import/store-realisations.ts';
import type { BudgetLineRow, RegionalDatabase } from '../../subgraphs/regional/database/regional-database.types.ts';
import { findCurrentPlans } from '../../subgraphs/regional/plans/plan.queries.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

/** What the comparisons read of a plan's budget tree, against the whole tree rolled up in one pass. */
interface WholeTree {
  year: number;
  planId: number;
  lines: BudgetLineRow[];
  rolledUp: Map<string, LineRealisation>;
}

/**
 * The budget cells and a plan's total read only part of a plan's tree (the requested lines and what their
 * realisation sums; the tree's PROGRAM..RO lines without their provenance). The oracle here is the whole tree:
 * every line with every column and every realisation of the year, rolled up in one pass, as `WorkPlan.budgetLines`
 * serves it (and as the e2e comparisons test checks it against the files).
 */
describe.each(TEST_ENGINES)('the budget queries that read part of a plan tree (%s)', (engine) => {
  let database: TestDatabase;
  const trees = new Map<string, WholeTree[]>();
  const dbOf = (region: string): Kysely<RegionalDatabase> =>
    inSchema<RegionalDatabase>(database.handle, regionSchemaName(parseRegionCode(region), database.schemaPrefix));

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const directory = mkdtempSync(join(tmpdir(), 'budget-rollup-'));
    expect(runGenerateCommand(['--seed', '11', '--out', directory], () => {})).toBe(0);
    const synthetic = readdirSync(directory)
      .filter((name) => /^(I|VI)-/.test(name))
      .map((name) => join(directory, name));
    await importFiles(database.handle, [...PLAN_FILES, ...synthetic], { schemaPrefix: database.schemaPrefix });
    for (const region of ['I', 'VI']) {
      const db = dbOf(region);
      const whole: WholeTree[] = [];
      for (const plan of await findCurrentPlans(db)) {
        const lines = await findBudgetLinesByPlanIds(db, [plan.id]);
        const realisations = await findBudgetRealisationsByYears(db, [plan.year]);
        whole.push({ year: plan.year, planId: plan.id, lines, rolledUp: rollUpRealisations(lines, realisations) });
      }
      trees.set(region, whole);
    }
  }, 120_000);
  afterAll(async () => database?.dispose());

  it('has trees worth checking: rolled-up sums, imported figures and lines with none', () => {
    const all = [...trees.values()].flat().flatMap((tree) => [...tree.rolledUp.values()]);
    expect(all.filter((line) => line.basis === 'ROLLED_UP').length).toBeGreaterThan(10);
    expect(all.filter((line) => line.basis === 'IMPORTED').length).toBeGreaterThan(10);
    expect(all.filter((line) => line.missing === 'INCOMPLETE_BELOW').length).toBeGreaterThan(0);
  });

  it("gives each plan's total as the whole tree does", async () => {
    for (const [region, whole] of trees) {
      const loaders = createLoaders(dbOf(region));
      for (const tree of whole) {
        const expected = planRealisation(tree.lines, tree.rolledUp);
        expect(await loaders.planRealisationByPlanId.load(tree.planId), `${region} ${tree.year}`).toEqual(expected);
      }
    }
  });

  it("stores each plan's total at import, and rolls up a plan without a stored one when asked", async () => {
    for (const [region, whole] of trees) {
      const db = dbOf(region);
      const plans = await db.selectFrom('work_plan').select('id').execute();
      const stored = await db.selectFrom('plan_realisation_total').select('plan_id').execute();
      expect(stored.map((row) => row.plan_id).sort(), region).toEqual(plans.map((row) => row.id).sort());
      const tree = whole[0]!;
      await db.deleteFrom('plan_realisation_total').where('plan_id', '=', tree.planId).execute();
      const expected = planRealisation(tree.lines, tree.rolledUp);
      expect(await createLoaders(db).planRealisationByPlanId.load(tree.planId), region).toEqual(expected);
      await storePlanRealisations(db, [tree.planId]);
      expect(await createLoaders(db).planRealisationByPlanId.load(tree.planId), region).toEqual(expected);
    }
  });

  it('stores, when the service starts, the totals of plans imported without one, and keeps the ones stored', async () => {
    const db = dbOf('I');
    const [first, second] = trees.get('I')!;
    const storedSecond = await db
      .selectFrom('plan_realisation_total')
      .selectAll()
      .where('plan_id', '=', second!.planId)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('plan_realisation_total').where('plan_id', '=', first!.planId).execute();
    await createRegionalService({
      region: parseRegionCode('I'),
      database: database.handle,
      schemaPrefix: database.schemaPrefix,
      logger: createLogger('test', 'silent'),
    });
    expect(await storeMissingPlanRealisations(db)).toBe(0);
    expect(await createLoaders(db).planRealisationByPlanId.load(first!.planId)).toEqual(
      planRealisation(first!.lines, first!.rolledUp),
    );
    expect(
      await db
        .selectFrom('plan_realisation_total')
        .selectAll()
        .where('plan_id', '=', second!.planId)
        .executeTakeFirstOrThrow(),
    ).toEqual(storedSecond);
  });

  it('gives every budget cell its line and rolled-up realisation, asked all at once, alone, or with the lines above', async () => {
    for (const [region, whole] of trees) {
      const db = dbOf(region);
      // One batch: every line of every year of the region.
      const everyCell = createLoaders(db);
      const allAtOnce = await Promise.all(
        whole.flatMap((tree) =>
          tree.lines.map((line) => everyCell.budgetCellByCodeYear.load({ code: line.code, year: tree.year })),
        ),
      );
      let index = 0;
      for (const tree of whole) {
        for (const line of tree.lines) {
          const expected = { year: tree.year, line, rolledUp: tree.rolledUp.get(line.code) };
          const parent = tree.lines.find((candidate) => candidate.code === line.parent_code);
          const grandparent = tree.lines.find((candidate) => candidate.code === parent?.parent_code);
          // A fresh request per family: the line with its parent and grandparent in one batch.
          const family = createLoaders(db);
          const inEverything = allAtOnce[index++];
          const [alone, inFamily] = await Promise.all([
            createLoaders(db).budgetCellByCodeYear.load({ code: line.code, year: tree.year }),
            Promise.all(
              [line, parent, grandparent]
                .filter((member) => member !== undefined)
                .map((member) => family.budgetCellByCodeYear.load({ code: member.code, year: tree.year })),
            ).then((cells) => cells[0]),
          ]);
          for (const cell of [alone, inFamily, inEverything])
            expect(cell, `${region} ${tree.year} ${line.code}`).toMatchObject(expected);
        }
      }
    }
  }, 120_000);

  // Last: it changes VI's realisations, which the trees above were read with.
  it("replaces the stored totals of the year's plans when the year's realisations are imported again", async () => {
    const db = dbOf('VI');
    const tree = trees.get('VI')!.find((candidate) => candidate.lines.some((line) => line.level === 'RO'))!;
    const before = await createLoaders(db).planRealisationByPlanId.load(tree.planId);
    // Every RO line realised at a tenth of its amount: every total rolls up, whatever was imported before.
    const outcome = await storeRealisations(db, {
      format: 'bkn-realisation/1',
      region: parseRegionCode('VI'),
      year: tree.year,
      kind: 'DERIVED',
      document: { file: 'test-realisation.json', title: 'a test realisation report' },
      flags: [],
      indicatorRealisations: [],
      budgetRealisations: tree.lines
        .filter((line) => line.level === 'RO')
        .map((line) => ({
          code: line.code,
          period: 'TW4' as const,
          amount: Math.floor(Number(line.amount) / 10),
          source: { location: 'test' },
          flags: [],
        })),
    });
    expect(outcome).not.toBe('unchanged');
    const after = await createLoaders(db).planRealisationByPlanId.load(tree.planId);
    expect(after).toEqual((await rollUpPlanRealisations(db, [tree.planId])).get(tree.planId));
    expect(after.basis).toBe('ROLLED_UP');
    expect(after).not.toEqual(before);
  });
});

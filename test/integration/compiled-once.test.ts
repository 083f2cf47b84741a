import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilAborted } from '../../shared/database/abortable-queries.ts';
import { compiledOnce } from '../../shared/database/compiled-once.ts';
import { bindSchema } from '../../shared/database/database.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

interface Tables {
  cell: { region: string; year: number; value: string };
}

const ROWS = [
  { region: 'VI', year: 2021, value: 'a' },
  { region: 'VI', year: 2024, value: 'b' },
  { region: 'XII', year: 2021, value: 'c' },
  { region: 'XII', year: 2024, value: 'd' },
  { region: 'I', year: 2023, value: 'e' },
];

describe.each(TEST_ENGINES)('compiledOnce on %s', (engine) => {
  let database: TestDatabase;
  const dbOf = (schema: string) => bindSchema<Tables>(database.handle.db, `${database.schemaPrefix}${schema}`);
  let first: Kysely<Tables>;
  let second: Kysely<Tables>;
  let builds = 0;

  // Two array arguments and a constant between them, in an order the parameters do not follow.
  const cellsOf = compiledOnce((db: Kysely<Tables>, years: readonly number[], regions: readonly string[]) => {
    builds++;
    return db
      .selectFrom('cell')
      .select(['region', 'year', 'value'])
      .where((eb) => eb('region', '=', eb.fn.any(eb.val(regions))))
      .where('value', '<>', 'z')
      .where((eb) => eb('year', '=', eb.fn.any(eb.val(years))))
      .orderBy('value');
  });

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    for (const schema of ['one', 'two']) {
      const name = `${database.schemaPrefix}${schema}`;
      await sql`create schema ${sql.id(name)}`.execute(database.handle.db);
      await sql`create table ${sql.table(`${name}.cell`)} (region text, year int, value text)`.execute(
        database.handle.db,
      );
    }
    first = dbOf('one');
    second = dbOf('two');
    await first.insertInto('cell').values(ROWS).execute();
    await second.insertInto('cell').values(ROWS.slice(0, 1)).execute();
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('answers each call with its own arguments, as the query built for them would', async () => {
    for (const [years, regions] of [
      [[2021], ['VI']],
      [
        [2021, 2024],
        ['VI', 'XII', 'I'],
      ],
      [
        [2023, 2024, 2025],
        ['I', 'XII'],
      ],
      [[1999], ['VI']],
    ] as const) {
      const expected = await first
        .selectFrom('cell')
        .select(['region', 'year', 'value'])
        .where('region', 'in', regions)
        .where('year', 'in', years)
        .orderBy('value')
        .execute();
      expect(await cellsOf(first, years, regions)).toEqual(expected);
    }
  });

  it('compiles once per schema-bound handle, and a request handle uses its service handle’s SQL', async () => {
    const before = builds;
    await cellsOf(first, [2021], ['VI']);
    await cellsOf(untilAborted(first, new AbortController().signal), [2024], ['XII']);
    expect(builds).toBe(before);
    // Another schema is another handle: its own SQL, its own rows.
    expect(await cellsOf(second, [2021, 2024], ['VI', 'XII'])).toEqual([ROWS[0]]);
    expect(builds).toBe(before + 1);
  });

  it("refuses to start once the request's signal has aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    await expect(cellsOf(untilAborted(first, controller.signal), [2021], ['VI'])).rejects.toThrow(
      /Query not started: the request was cancelled \(client went away\)/,
    );
  });

  it('rejects a build that leaves an argument out of the query', async () => {
    const careless = compiledOnce((db: Kysely<Tables>, _years: readonly number[], regions: readonly string[]) =>
      db
        .selectFrom('cell')
        .selectAll()
        .where((eb) => eb('region', '=', eb.fn.any(eb.val(regions)))),
    );
    await expect(careless(first, [2021], ['VI'])).rejects.toThrow(/argument 1 must reach the query whole/);
  });
});

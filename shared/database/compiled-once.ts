import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { refuseIfRequestAborted, serviceHandleOf } from './abortable-queries.ts';

/** Where each parameter of the compiled SQL comes from: an argument of the call, or a value the build fixed. */
type ParameterSource = { argument: number } | { constant: unknown };

interface CompiledTemplate {
  sql: string;
  sources: ParameterSource[];
}

/** Stands in for an argument while the query is built once; found again among the compiled parameters. */
class ArgumentStandIn {
  constructor(readonly index: number) {}
}

function compileTemplate<Database, Args extends readonly unknown[]>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<unknown>,
  db: Kysely<Database>,
  argumentCount: number,
): CompiledTemplate {
  const standIns = Array.from({ length: argumentCount }, (_, index) => new ArgumentStandIn(index));
  const compiled = build(db, ...(standIns as unknown as Args)).compile();
  const sources = compiled.parameters.map(
    (parameter): ParameterSource =>
      parameter instanceof ArgumentStandIn ? { argument: parameter.index } : { constant: parameter },
  );
  for (const standIn of standIns)
    if (!sources.some((source) => 'argument' in source && source.argument === standIn.index))
      throw new Error(`compiledOnce: argument ${standIn.index + 1} must reach the query whole, as one value`);
  return { sql: compiled.sql, sources };
}

/**
 * A query whose SQL is the same on every call, compiled once per service handle (the schema it is bound to)
 * and then run with each call's arguments as its parameters. kysely otherwise builds the query tree, binds it
 * to the schema and compiles it on every call. For a comparison's six cells that was about a third of the
 * regional service's CPU per request (4.2–4.4 against 2.8–3.1 ms; docs/performance.md, fourth pass).
 *
 * `build` is called once, with stand-ins for the arguments, and must pass each argument whole as one value
 * (an array as `= any(array)`, never spread into `in (…)`), so that the SQL does not depend on the arguments.
 * A request's handle (untilAborted) still refuses to start the statement once the request is cancelled.
 */
export function compiledOnce<Database, Args extends readonly unknown[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  const templates = new WeakMap<Kysely<Database>, CompiledTemplate>();
  return async (db, ...args) => {
    const serviceHandle = serviceHandleOf(db);
    let template = templates.get(serviceHandle);
    if (!template) {
      template = compileTemplate(build, serviceHandle, args.length);
      templates.set(serviceHandle, template);
    }
    refuseIfRequestAborted(db as Kysely<unknown>);
    const parameters = template.sources.map((source) =>
      'argument' in source ? args[source.argument] : source.constant,
    );
    const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(template.sql, parameters));
    return rows;
  };
}

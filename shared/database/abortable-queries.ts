import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * A kysely plugin that refuses to start any statement once `signal` has aborted: a request whose caller
 * went away starts no new DataLoader batch (each batch is one statement), while a statement already
 * running finishes (bounded by statement_timeout on PostgreSQL).
 */
class AbortableQueries implements KyselyPlugin {
  constructor(private readonly signal: AbortSignal) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.signal.aborted)
      throw new Error(
        `Query not started: the request was cancelled (${(this.signal.reason as Error)?.message ?? 'aborted'})`,
        { cause: this.signal.reason },
      );
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The same database handle, refusing new statements once the request's signal aborts. */
export function untilAborted<Database>(db: Kysely<Database>, signal: AbortSignal): Kysely<Database> {
  return db.withPlugin(new AbortableQueries(signal));
}

import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { graphQLError } from '../errors/error-codes.ts';

/**
 * A kysely plugin that refuses to start any statement once `signal` has aborted: a request whose caller
 * went away starts no new DataLoader batch (each batch is one statement), while a statement already
 * running finishes (bounded by statement_timeout on PostgreSQL).
 */
class AbortableQueries implements KyselyPlugin {
  constructor(private readonly signal: AbortSignal) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    refuseOnceAborted(this.signal);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * OPERATION_ABORTED, a registered code: a caller that left is routine, so the service does not log it as an
 * unexpected error with its stack (it did, for every field whose batch was refused, as a bench ended).
 */
function refuseOnceAborted(signal: AbortSignal): void {
  if (signal.aborted)
    throw graphQLError(
      'OPERATION_ABORTED',
      `Query not started: the request was cancelled (${(signal.reason as Error)?.message ?? 'aborted'})`,
    );
}

/** Each request's handle → the handle it wraps and the request's signal (see compiledOnce, which runs SQL it compiled earlier). */
const requestHandles = new WeakMap<object, { base: Kysely<unknown>; signal: AbortSignal }>();

/** The same database handle, refusing new statements once the request's signal aborts. */
export function untilAborted<Database>(db: Kysely<Database>, signal: AbortSignal): Kysely<Database> {
  const handle = db.withPlugin(new AbortableQueries(signal));
  requestHandles.set(handle, { base: db as Kysely<unknown>, signal });
  return handle;
}

/**
 * The handle a request's handle wraps (itself when it is no request's): the same for every request of a
 * service, so that what is derived from it can be kept.
 */
export function serviceHandleOf<Database>(db: Kysely<Database>): Kysely<Database> {
  return (requestHandles.get(db)?.base as Kysely<Database> | undefined) ?? db;
}

/**
 * Refuses, as the plugin does, a statement that kysely will not compile (SQL compiled earlier runs without
 * the plugins' transformQuery).
 */
export function refuseIfRequestAborted(db: Kysely<unknown>): void {
  const signal = requestHandles.get(db)?.signal;
  if (signal) refuseOnceAborted(signal);
}

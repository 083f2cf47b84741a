import { CLIENT_ERROR_CODES } from '../../shared/errors/error-codes.ts';
import { REGION_CODES } from '../../shared/regions/region-codes.ts';
import type { ExecutionResult } from '../graphql-executor.ts';
import { ExportRequestError } from './export-request-error.ts';
import type { GraphQLResultError } from './export-view.ts';

/** Codes by which the gateway says that a region's cells are empty because its service is missing. */
const MISSING_REGION_CODES = new Set(['REGION_UNAVAILABLE', 'REGION_NOT_CONFIGURED']);

/** Resolver argument (as BAD_USER_INPUT extensions name it) → the export parameter that carries it. */
const PARAMETER_OF_ARGUMENT: Record<string, string> = {
  indicator: 'indicators',
  region: 'regions',
  year: 'years',
  codes: 'codes',
  level: 'level',
  kinds: 'kinds',
  provinces: 'provinces',
  province: 'provinces',
  rankBy: 'rank_by',
};

const codeOf = (error: GraphQLResultError) =>
  typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';

/** Regions whose service did not answer, in directory order (I … XIV): the X-Missing-Regions header. */
export function missingRegionsOf(errors: readonly GraphQLResultError[]): string[] {
  const missing = new Set(
    errors
      .filter((error) => MISSING_REGION_CODES.has(codeOf(error)))
      .map((error) => String(error.extensions?.region ?? '')),
  );
  return [...missing].filter((region) => region !== '').sort((a, b) => regionOrder(a) - regionOrder(b));
}

/**
 * Regions whose cells are their last known figures (REGION_STALE), each with the oldest time among them, in
 * directory order: the X-Stale-Regions header, "XII as of 2026-11-30T08:00:00.000Z".
 */
export function staleRegionsOf(errors: readonly GraphQLResultError[]): Array<{ region: string; asOf: string }> {
  const oldest = new Map<string, string>();
  for (const error of errors) {
    const { region, asOf } = error.extensions ?? {};
    if (codeOf(error) !== 'REGION_STALE' || typeof region !== 'string' || typeof asOf !== 'string') continue;
    const known = oldest.get(region);
    if (known === undefined || asOf < known) oldest.set(region, asOf);
  }
  return [...oldest]
    .map(([region, asOf]) => ({ region, asOf }))
    .sort((a, b) => regionOrder(a.region) - regionOrder(b.region));
}

function regionOrder(region: string): number {
  const index = (REGION_CODES as readonly string[]).indexOf(region);
  return index === -1 ? REGION_CODES.length : index;
}

/** The parameter a graph error is about, from the argument it names or the variable that failed to coerce. */
function parameterOf(error: GraphQLResultError): string | undefined {
  const argument = error.extensions?.argument;
  if (typeof argument === 'string') return PARAMETER_OF_ARGUMENT[argument] ?? argument;
  const variable = /^Variable "\$([A-Za-z]+)/.exec(error.message)?.[1];
  return variable && (PARAMETER_OF_ARGUMENT[variable] ?? variable);
}

/** One line per distinct error, naming the parameter where the graph says which one it is. */
function describeErrors(errors: readonly GraphQLResultError[], exportParameters: readonly string[]): string {
  const lines = errors.map((error) => {
    const parameter = parameterOf(error);
    return parameter && exportParameters.includes(parameter)
      ? `Bad parameter "${parameter}": ${error.message}`
      : error.message;
  });
  return [...new Set(lines)].join('\n');
}

/**
 * The result's data, or the ExportRequestError that answers it when there is none (or a root field is null
 * beside errors): 400 with the graph's message when the request was at fault, 502 when the graph failed.
 */
export function dataOrFailure(
  result: ExecutionResult,
  exportParameters: readonly string[] = [],
): Record<string, unknown> {
  // National root fields are nullable (docs/decisions/0003): a failed one arrives as null beside its error
  // rather than as `data: null`. An export needs every root field it asks for, so one such null fails it, as before.
  const rootFailed = result.data && result.errors?.length && Object.values(result.data).some((value) => value === null);
  if (result.data && !rootFailed) return result.data;
  const errors = result.errors ?? [];
  if (errors.length === 0) throw new ExportRequestError(502, 'The graph answered with neither data nor errors');
  return failWith(errors, exportParameters);
}

export function failWith(errors: readonly GraphQLResultError[], exportParameters: readonly string[] = []): never {
  // A caller over its rate budget is told when to come back, as on POST /graphql.
  const rateLimited = errors.find((error) => codeOf(error) === 'RATE_LIMITED');
  if (rateLimited) {
    const retryAfter = Number(rateLimited.extensions?.retryAfterSeconds);
    throw new ExportRequestError(
      429,
      rateLimited.message,
      Number.isFinite(retryAfter) ? { 'Retry-After': String(retryAfter) } : {},
    );
  }
  const status = errors.some((error) => CLIENT_ERROR_CODES.has(codeOf(error))) ? 400 : 502;
  const prefix = status === 502 ? 'The graph could not answer:\n' : '';
  throw new ExportRequestError(status, prefix + describeErrors(errors, exportParameters));
}

/** At most this much of X-GraphQL-Errors, and of each message in it: proxies and clients refuse long header lines. */
const ERRORS_HEADER_LIMIT = 2_000;
const ERROR_MESSAGE_LIMIT = 300;

/**
 * X-GraphQL-Errors: a JSON array of "CODE: message" for the distinct errors of a partial answer, in
 * printable ASCII (other characters as \uXXXX, as JSON allows) since a header can carry nothing else.
 */
export function errorsHeaderOf(errors: readonly GraphQLResultError[]): string | undefined {
  if (errors.length === 0) return undefined;
  const entries = [...new Set(errors.map((error) => shorten(`${codeOf(error)}: ${error.message}`)))];
  let kept = entries;
  while (kept.length > 1 && asciiJson([...kept, '… and 999 more']).length > ERRORS_HEADER_LIMIT)
    kept = kept.slice(0, -1);
  return asciiJson(kept.length < entries.length ? [...kept, `… and ${entries.length - kept.length} more`] : kept);
}

const shorten = (text: string) =>
  text.length > ERROR_MESSAGE_LIMIT ? `${text.slice(0, ERROR_MESSAGE_LIMIT - 1)}…` : text;

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

/** Where a subgraph's entities carry the region code: a key field per type, `defaultField` for the others. */
export interface RegionKeyFields {
  fieldByType: Readonly<Record<string, string>>;
  defaultField: string;
}

/** The house convention: `Region` is keyed by `code`, every other regional entity by `regionCode`. */
export const DEFAULT_REGION_KEY: Readonly<RegionKeyFields> = Object.freeze({
  fieldByType: Object.freeze({ Region: 'code' }),
  defaultField: 'regionCode',
});

/**
 * One subgraph beyond the repository's own two (another team's), as SUBGRAPHS_FILE lists it: what composition
 * needs (its SDL) and what the gateway needs (where to call it; sharded by region, each region's URL).
 */
export interface ListedSubgraph {
  name: string;
  /** Where the gateway calls it; written into the supergraph. Sharded, the first region's URL when unset. */
  url: string;
  /** Its SDL file (absolute); unset, composition asks `url` for `{ _service { sdl } }`. */
  schemaFile: string | undefined;
  /** Present: the subgraph is routed by region, region code (upper case) → that region's GraphQL URL. */
  regionUrls: ReadonlyMap<string, string> | undefined;
  regionKey: Readonly<RegionKeyFields>;
}

const urlSchema = z.url({ protocol: /^https?$/ });
const fieldNameSchema = z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/, 'expected a GraphQL field name');
const entrySchema = z
  .object({
    // Composition turns the name into an enum value of join__Graph, so it must be a GraphQL name.
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected letters, digits and _ (a GraphQL name)'),
    url: urlSchema.optional(),
    schemaFile: z.string().min(1).optional(),
    regionUrls: z.record(z.string().regex(/^[A-Za-z0-9]+$/, 'expected a region code'), urlSchema).optional(),
    regionKey: z
      .object({
        fieldByType: z.record(z.string(), fieldNameSchema).optional(),
        defaultField: fieldNameSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((entry) => entry.url !== undefined || Object.keys(entry.regionUrls ?? {}).length > 0, {
    message: 'expected "url", or "regionUrls" for a subgraph sharded by region',
  });
const listSchema = z.array(entrySchema);

/**
 * Parses a subgraph list (JSON: an array of `{ name, url?, schemaFile?, regionUrls?, regionKey? }`);
 * `schemaFile` paths are relative to `baseDirectory`. Fails naming `source`, the entry and what was expected.
 */
export function parseSubgraphList(text: string, source: string, baseDirectory: string): ListedSubgraph[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: expected a JSON array of subgraphs; ${(error as Error).message}`);
  }
  const result = listSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${source}: at ${issue.path.join('.') || 'the top'}: ${issue.message}`);
  }
  const names = new Set<string>();
  return result.data.map((entry) => {
    if (names.has(entry.name)) throw new Error(`${source}: subgraph "${entry.name}" is listed twice`);
    names.add(entry.name);
    const regionUrls = entry.regionUrls
      ? new Map(Object.entries(entry.regionUrls).map(([code, url]) => [code.toUpperCase(), url]))
      : undefined;
    return {
      name: entry.name,
      url: entry.url ?? [...(regionUrls?.values() ?? [])][0]!,
      schemaFile: entry.schemaFile === undefined ? undefined : resolve(baseDirectory, entry.schemaFile),
      regionUrls,
      regionKey: {
        fieldByType: entry.regionKey?.fieldByType ?? DEFAULT_REGION_KEY.fieldByType,
        defaultField: entry.regionKey?.defaultField ?? DEFAULT_REGION_KEY.defaultField,
      },
    };
  });
}

/** The subgraphs SUBGRAPHS_FILE lists; none when it is unset. */
export function readSubgraphList(env: NodeJS.ProcessEnv): ListedSubgraph[] {
  const file = env.SUBGRAPHS_FILE;
  if (file === undefined || file === '') return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`SUBGRAPHS_FILE: cannot read "${file}": ${(error as Error).message}`);
  }
  return parseSubgraphList(text, `SUBGRAPHS_FILE ${file}`, dirname(resolve(file)));
}

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatProblem, validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';
import { readKnownRegions, type KnownRegions } from '../../shared/regions/known-regions.ts';
import type { RegionCode } from '../../shared/regions/region-codes.ts';
import { findDocumentRegionYears } from './document-region-years.ts';
import type { CatalogueIndicator } from './generate-indicators.ts';
import type { ReportedThrough } from './generate-realisations.ts';
import { generateSyntheticFiles } from './generate-synthetic-files.ts';
import { MAX_SEED } from './seeded-random.ts';
import { FIRST_SYNTHETIC_YEAR, LAST_SYNTHETIC_YEAR } from './synthetic-provenance.ts';
import { writeSyntheticFile, type WriteOutcome } from './write-synthetic-file.ts';

export const USAGE = [
  'usage: npm run generate -- --seed N [--out DIR] [--years 2020-2025] [--regions I,II,…] [--documents DIR] ' +
    '[--reported-through 2025-TW2]',
  '  --out               where to write (default data/synthetic/seed-N)',
  `  --years             a year, a range or a list, within ${FIRST_SYNTHETIC_YEAR}-${LAST_SYNTHETIC_YEAR} ` +
    '(default 2020-2025)',
  '  --regions           region codes (default all 14; with SYNTHETIC_SHARDS=N set, ' +
    'also the N synthetic shards XV …)',
  '  --documents         the plan files with document data, whose region-years are never generated ' +
    '(default data/plans);',
  '                      a region-year with a file in the output that is not synthetic is never generated either',
  '  --reported-through  the last quarter with realisations (default 2025-TW2): later quarters and years get none',
].join('\n');

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_YEARS = '2020-2025';
const DEFAULT_REPORTED_THROUGH = '2025-TW2';

class UsageError extends Error {}

export interface GenerateOptions {
  seed: number;
  outDirectory: string;
  years: number[];
  regions: RegionCode[];
  /** The codes generated files are checked against (the 14 offices, plus SYNTHETIC_SHARDS shards). */
  knownRegions: KnownRegions;
  documentsDirectory: string;
  reportedThrough: ReportedThrough;
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) throw new UsageError('--seed is required, e.g. --seed 1');
  if (!/^\d+$/.test(text) || Number(text) > MAX_SEED)
    throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}; got "${text}"`);
  return Number(text);
}

/** "2020-2025", "2021,2023" or "2024" → sorted distinct years. */
function parseYears(text: string): number[] {
  const years = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$/.exec(part);
    if (!match)
      throw new UsageError(`--years expects a year, a range like 2020-2025 or a list like 2021,2023; got "${text}"`);
    const first = Number(match[1]);
    const last = Number(match[2] ?? match[1]);
    if (first > last || first < FIRST_SYNTHETIC_YEAR || last > LAST_SYNTHETIC_YEAR) {
      throw new UsageError(
        `--years must lie within ${FIRST_SYNTHETIC_YEAR}-${LAST_SYNTHETIC_YEAR} (budgets and staff grow from ` +
          `${FIRST_SYNTHETIC_YEAR}); got "${part.trim()}"`,
      );
    }
    for (let year = first; year <= last; year++) years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}

function parseRegions(text: string | undefined, known: KnownRegions): RegionCode[] {
  if (text === undefined) return [...known.codes];
  const wanted = new Set<RegionCode>();
  for (const part of text.split(',')) {
    try {
      wanted.add(known.parse(part));
    } catch (error) {
      throw new UsageError(`--regions: ${(error as Error).message}`);
    }
  }
  return known.codes.filter((code) => wanted.has(code));
}

function parseReportedThrough(text: string): ReportedThrough {
  const match = /^(\d{4})-TW([1-4])$/i.exec(text.trim());
  if (!match) throw new UsageError(`--reported-through expects a year and quarter like 2025-TW2; got "${text}"`);
  return { year: Number(match[1]), quarter: Number(match[2]) as ReportedThrough['quarter'] };
}

/**
 * Reads the command line into options; relative paths are taken from the working directory, defaults from
 * the repository. `env`: SYNTHETIC_SHARDS extends the region codes --regions may name.
 */
export function parseGenerateArguments(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): GenerateOptions | 'HELP' {
  const values = readGenerateArguments(argv);
  if (values.help) return 'HELP';
  const seed = parseSeed(values.seed);
  let known: KnownRegions;
  try {
    known = readKnownRegions(env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    seed,
    outDirectory:
      values.out === undefined ? join(REPOSITORY_ROOT, 'data', 'synthetic', `seed-${seed}`) : resolve(values.out),
    years: parseYears(values.years ?? DEFAULT_YEARS),
    regions: parseRegions(values.regions, known),
    knownRegions: known,
    documentsDirectory:
      values.documents === undefined ? join(REPOSITORY_ROOT, 'data', 'plans') : resolve(values.documents),
    reportedThrough: parseReportedThrough(values['reported-through'] ?? DEFAULT_REPORTED_THROUGH),
  };
}

/** The national catalogue the generated indicators map to (subgraphs/national/reference-data/indicators.json). */
export function readIndicatorCatalogue(): CatalogueIndicator[] {
  const path = join(REPOSITORY_ROOT, 'subgraphs', 'national', 'reference-data', 'indicators.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { indicators: CatalogueIndicator[] }).indicators;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * `npm run generate`: generates, checks every plan file with validatePlanFile, then writes; prints a line per
 * region and the counts. Returns the exit code: 0 done, 1 a generated plan is invalid (nothing written), 2 bad usage.
 */
export function runGenerateCommand(
  argv: readonly string[],
  print: (line: string) => void = console.log,
  printError: (line: string) => void = console.error,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const started = performance.now();
  let options: GenerateOptions | 'HELP';
  try {
    options = parseGenerateArguments(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printError(`${error.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'HELP') {
    print(USAGE);
    return 0;
  }
  const { seed, outDirectory, documentsDirectory } = options;
  const shown = (path: string) => relative(process.cwd(), path) || '.';
  // A region-year with a file that is not synthetic, among the documents or already in the output, is left whole:
  // a synthetic realisation beside a transcribed plan would realise codes the plan does not have.
  const documentRegionYears = new Map<string, string[]>();
  for (const directory of [documentsDirectory, ...(existsSync(outDirectory) ? [outDirectory] : [])]) {
    let found: Map<string, string[]>;
    try {
      found = findDocumentRegionYears(directory);
    } catch (error) {
      printError(`cannot read the plan files in ${shown(directory)}: ${(error as Error).message}`);
      return 2;
    }
    for (const [key, names] of found)
      documentRegionYears.set(key, [
        ...(documentRegionYears.get(key) ?? []),
        ...names.map((name) => shown(join(directory, name))),
      ]);
  }
  const catalogue = readIndicatorCatalogue();
  const results = generateSyntheticFiles({ ...options, catalogue, documentRegionYears });

  const knownIndicatorIds = new Set(catalogue.map((indicator) => indicator.id));
  const problems = results.flatMap((result) =>
    result.files
      .filter((file) => file.kind === 'plan')
      .flatMap((file) => {
        const validation = validatePlanFile(file.text, knownIndicatorIds, options.knownRegions);
        return validation.ok ? [] : validation.problems.map((problem) => formatProblem(file.name, problem));
      }),
  );
  if (problems.length) {
    printError(
      `the generator produced ${plural(problems.length, 'problem')}; nothing was written:\n  ${problems.join('\n  ')}`,
    );
    return 1;
  }

  mkdirSync(outDirectory, { recursive: true });
  const outcomes: Record<WriteOutcome, number> = { WRITTEN: 0, UNCHANGED: 0, KEPT: 0 };
  const kept: string[] = [];
  let bytes = 0;
  print(
    `seed ${seed}: ${plural(options.regions.length, 'region')} × ${options.years.join(', ')} → ` +
      `${shown(outDirectory)}`,
  );
  for (const result of results) {
    for (const file of result.files) {
      const outcome = writeSyntheticFile(join(outDirectory, file.name), file.text);
      outcomes[outcome] += 1;
      if (outcome === 'KEPT') kept.push(file.name);
      else bytes += Buffer.byteLength(file.text);
    }
    const count = (kind: 'plan' | 'realisation') =>
      result.files.filter((file) => file.kind === kind && !kept.includes(file.name)).length;
    const notes = [
      ...result.skipped.map(
        ({ year, documentFiles }) => `skipped ${year} (not synthetic: ${documentFiles.join(', ')})`,
      ),
      ...result.files
        .filter((file) => kept.includes(file.name))
        .map((file) => `kept ${file.name} (exists and is not synthetic)`),
    ];
    print(
      `  ${result.region.padEnd(5)} ${plural(count('plan'), 'plan')}, ` +
        `${plural(count('realisation'), 'realisation')}${notes.length ? `; ${notes.join('; ')}` : ''}`,
    );
  }
  const all = results.flatMap((result) => result.files).filter((file) => !kept.includes(file.name));
  const skipped = results.flatMap((result) => result.skipped.map(({ year }) => `${result.region}-${year}`));
  print(
    `done in ${((performance.now() - started) / 1000).toFixed(2)} s: ` +
      `${plural(all.filter((file) => file.kind === 'plan').length, 'plan file')}, ` +
      `${plural(all.filter((file) => file.kind === 'realisation').length, 'realisation file')} ` +
      `(${outcomes.WRITTEN} written, ${outcomes.UNCHANGED} unchanged), ` +
      `${(bytes / 1_000_000).toFixed(1)} MB in ${shown(outDirectory)}`,
  );
  if (skipped.length)
    print(
      `skipped ${plural(skipped.length, 'region-year')} with files that are not synthetic (document data): ` +
        `${skipped.join(', ')}`,
    );
  if (kept.length)
    print(
      `kept ${plural(kept.length, 'existing file')} that ${kept.length === 1 ? 'is' : 'are'} not synthetic: ` +
        `${kept.join(', ')}`,
    );
  return 0;
}

/** The command line as node:util's parseArgs reads it; a malformed one is a UsageError. */
function readGenerateArguments(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        seed: { type: 'string' },
        out: { type: 'string' },
        years: { type: 'string' },
        regions: { type: 'string' },
        documents: { type: 'string' },
        'reported-through': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

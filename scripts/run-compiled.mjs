/**
 * `node scripts/run-compiled.mjs ENTRY.ts [args…]`: runs a TypeScript entry point from a bundle of the
 * project's own modules (packages stay external, loaded from node_modules as usual), built by esbuild into
 * node_modules/.cache/run-compiled/ on the first run and again whenever any of its input files changed.
 *
 * Why: `npm start` spent about 2.5 s of its CPU (half of loading its modules) in tsx, which compiles and
 * resolves each of the ~150 project modules through a loader thread on every start. The bundle is never
 * stale: every run compares the size and mtime of every input esbuild reported (a few ms) and rebuilds
 * (about 0.5 s) when one differs. Plain JavaScript, since it must run before anything compiles TypeScript.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIRECTORY = join(ROOT, 'node_modules', '.cache', 'run-compiled');
const LAUNCHER = fileURLToPath(import.meta.url);

const [entryArgument, ...args] = process.argv.slice(2);
if (!entryArgument?.endsWith('.ts')) {
  console.error(
    'usage: node scripts/run-compiled.mjs ENTRY.ts [args…]; got ' +
      `${entryArgument === undefined ? 'no entry point' : `"${entryArgument}"`}`,
  );
  process.exit(2);
}
const entry = resolve(entryArgument);
const outFile = join(OUT_DIRECTORY, `${relative(ROOT, entry).split(sep).join('--').replace(/\.ts$/, '')}.mjs`);
const manifestFile = `${outFile}.inputs.json`;

const toPosix = (path) => path.split(sep).join('/');
const stamp = (path) => {
  const stats = statSync(path);
  return { path: toPosix(relative(ROOT, path)), size: stats.size, mtimeMs: stats.mtimeMs };
};

/** True when the bundle exists and no input file (nor this launcher, nor tsconfig.json) changed since it was built. */
function bundleIsFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    statSync(outFile);
  } catch {
    return false;
  }
  return manifest.inputs.every((input) => {
    try {
      const now = stamp(join(ROOT, input.path));
      return now.size === input.size && now.mtimeMs === input.mtimeMs;
    } catch {
      return false;
    }
  });
}

/**
 * A module's `import.meta.url` names the module itself (its .graphql and .json neighbours are read through it),
 * so in the bundle each becomes the URL of the source file it came from, relative to the bundle.
 */
const importMetaUrlOfSource = {
  name: 'import-meta-url-of-source',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const url = `new URL(${JSON.stringify(toPosix(relative(OUT_DIRECTORY, path)))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

async function buildBundle() {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    tsconfig: join(ROOT, 'tsconfig.json'),
    metafile: true,
    write: false,
    logLevel: 'error',
    plugins: [importMetaUrlOfSource],
  });
  mkdirSync(OUT_DIRECTORY, { recursive: true });
  // Written under a temporary name and renamed, so that two starts at once never read half a bundle.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const inputs = [
    ...Object.keys(result.metafile.inputs).map((path) => resolve(ROOT, path)),
    LAUNCHER,
    join(ROOT, 'tsconfig.json'),
  ];
  const temporary = `${manifestFile}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    JSON.stringify({ entry: toPosix(relative(ROOT, entry)), inputs: inputs.map(stamp) }, null, 1),
  );
  renameSync(temporary, manifestFile);
}

if (!bundleIsFresh()) {
  // The first start (or one after a change) compiles first: say so, since it takes seconds on a busy machine.
  console.log(
    `compiling ${toPosix(relative(ROOT, entry))} and the modules it imports (first start, or the sources changed)…`,
  );
  await buildBundle();
}
// Stack traces name the .ts files and lines, as under tsx.
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(outFile).href);

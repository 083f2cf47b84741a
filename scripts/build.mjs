/**
 * `npm run build`: compiles every TypeScript module of gateway/, subgraphs/, shared/, ingest/, bench/ and scripts/
 * into dist/, one JavaScript file per module at the same relative path, and copies the files the modules read beside
 * themselves (.graphql, .json, .html, .css, browser .js) next to them. `node dist/gateway/main.js` then runs
 * without tsx, as the containers do.
 *
 * Why one file per module and not a bundle: each module reads its neighbours through `import.meta.url`, and
 * the tracing and metrics preload (`--import ./dist/shared/observability/preload.js`) must share its module
 * instances (the metric registry) with the app. Types are checked by `npm run check:types`, not here.
 * Plain JavaScript, since it must run before anything compiles TypeScript.
 *
 * Then the browser bundles (BROWSER_BUNDLES, each a compiled module exporting a `createBrowserBundle` result)
 * are written beside their module, so that the compiled gateway serves them without building anything.
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` (inside the repository, so that packages resolve from its node_modules): tests build a copy there.
const outArgument = process.argv.indexOf('--out');
const OUT =
  outArgument > 0 && process.argv[outArgument + 1] ? resolve(process.argv[outArgument + 1]) : join(ROOT, 'dist');
const SOURCES = ['gateway', 'subgraphs', 'shared', 'ingest', 'bench', 'scripts'];
const ASSET = /\.(graphql|json|html|css|js)$/;

function filesUnder(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Compiled module → its export (a browser bundle) → the directory its files go to, relative to the module. */
const BROWSER_BUNDLES = [{ module: 'gateway/graphiql/ide-bundle.js', exported: 'ideBundle', directory: 'bundle' }];

const files = SOURCES.flatMap((source) => filesUnder(join(ROOT, source)));
const modules = files.filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'));

/** Every import stays an import: relative ones point at the compiled .js neighbour, packages at node_modules. */
const keepImports = {
  name: 'keep-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const relativeImport = args.path.startsWith('./') || args.path.startsWith('../');
      return { path: relativeImport ? args.path.replace(/\.tsx?$/, '.js') : args.path, external: true };
    });
  },
};

const started = performance.now();
rmSync(OUT, { recursive: true, force: true });
await esbuild.build({
  entryPoints: modules,
  outbase: ROOT,
  outdir: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  tsconfig: join(ROOT, 'tsconfig.json'),
  logLevel: 'error',
  plugins: [keepImports],
});
for (const file of files.filter((path) => ASSET.test(path) && !path.endsWith('.ts'))) {
  const target = join(OUT, relative(ROOT, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
process.stdout.write(
  `built ${modules.length} modules into ${relative(process.cwd(), OUT) || '.'}/ in ` +
    `${Math.round(performance.now() - started)} ms\n`,
);

for (const { module, exported, directory } of BROWSER_BUNDLES) {
  const bundleStarted = performance.now();
  const compiled = join(OUT, module);
  const bundle = (await import(pathToFileURL(compiled).href))[exported];
  const { files: count, bytes } = await bundle.writeTo(join(dirname(compiled), directory));
  process.stdout.write(
    `bundled ${module} for the browser: ${count} files, ${(bytes / 1e6).toFixed(1)} MB in ` +
      `${Math.round(performance.now() - bundleStarted)} ms\n`,
  );
}

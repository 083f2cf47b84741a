import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { Request, RequestHandler, Response } from 'express';

/** One file of a bundle, as the browser receives it. */
export interface BundleFile {
  contents: Uint8Array;
  contentType: string;
  etag: string;
  /** Compressed once per encoding, on the first request that accepts it (see `send`). */
  encoded?: Partial<Record<Encoding, Promise<Buffer>>>;
}

type Encoding = 'br' | 'gzip';

export interface BrowserBundleOptions {
  /** Output name (served as `<name>.js`, its styles as `<name>.css`) → entry module (absolute path). */
  entryPoints: Record<string, string>;
  /** Replaces `process.env.NODE_ENV` etc. in the bundled libraries; production React unless told otherwise. */
  define?: Record<string, string>;
  /**
   * Where `npm run build` wrote the files ahead of time (`writeTo`); when it holds them they are served as they
   * are and nothing is built in the process. Without it (under tsx) the bundle is built on first use.
   */
  prebuiltDirectory?: string;
  /**
   * Where a bundle built on first use is kept for the next process (node_modules/.cache/…): used while none
   * of the files esbuild read changed (size and mtime), so that a restart of `npm start` does not build again.
   */
  cacheDirectory?: string;
}

export interface BrowserBundle {
  /** The files by name (`ide.js`, `ide.css`, `editor.worker.js`, fonts); built on the first call, once per process. */
  files(): Promise<ReadonlyMap<string, BundleFile>>;
  /**
   * Serves the files under the router's path with an ETag (a reload revalidates and gets 304), brotli or gzip
   * as the client accepts (compressed once per process); any other name goes on (404).
   */
  serve(): RequestHandler;
  /** Starts building in the background (errors wait for the first request), so that the first visitor does not wait. */
  warm(): void;
  /** Builds and writes the files into `directory`, with the list of them that `prebuiltDirectory` reads. */
  writeTo(directory: string): Promise<{ files: number; bytes: number }>;
}

/** The list of files a prebuilt or cache directory holds, and (for the cache) what they were built from. */
const MANIFEST = 'bundle-files.json';

interface InputStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

interface Manifest {
  files: string[];
  /** The options the files were built with (entries, defines), as JSON: other options, another bundle. */
  options?: string;
  inputs?: InputStamp[];
}

interface Built {
  files: Map<string, BundleFile>;
  inputs: InputStamp[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * A browser entry's module under tsx is the TypeScript source; in dist/ it is the .js `npm run build` compiled
 * beside it (imports kept, so esbuild still bundles the packages from node_modules here).
 */
export function sourceOrCompiled(path: string): string {
  if (existsSync(path)) return path;
  const compiled = path.replace(/\.tsx?$/, '.js');
  if (existsSync(compiled)) return compiled;
  throw new Error(`Expected the browser entry ${path} (or ${compiled} in a compiled build); found neither`);
}

function bundleFile(name: string, contents: Uint8Array): BundleFile {
  return {
    contents,
    contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(contents).digest('base64url').slice(0, 27)}"`,
  };
}

function stamp(path: string): InputStamp {
  const stats = statSync(path);
  return { path, size: stats.size, mtimeMs: stats.mtimeMs };
}

function readManifest(directory: string | undefined): Manifest | undefined {
  if (!directory || !existsSync(join(directory, MANIFEST))) return undefined;
  return JSON.parse(readFileSync(join(directory, MANIFEST), 'utf8')) as Manifest;
}

function readFiles(directory: string, manifest: Manifest): Map<string, BundleFile> {
  return new Map(manifest.files.map((name) => [name, bundleFile(name, readFileSync(join(directory, name)))]));
}

function writeFiles(directory: string, built: Built, options: string): void {
  mkdirSync(directory, { recursive: true });
  for (const [name, file] of built.files) writeFileSync(join(directory, name), file.contents);
  // Last: a directory without its manifest is never read.
  const manifest: Manifest = { files: [...built.files.keys()], options, inputs: built.inputs };
  writeFileSync(join(directory, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** True when the cache was built with these options and none of its inputs changed since. */
function isFresh(manifest: Manifest, options: string): boolean {
  if (manifest.options !== options || !manifest.inputs) return false;
  return manifest.inputs.every((input) => {
    try {
      const now = stamp(input.path);
      return now.size === input.size && now.mtimeMs === input.mtimeMs;
    } catch {
      return false;
    }
  });
}

function optionsKey(options: BrowserBundleOptions): string {
  return JSON.stringify({ entryPoints: options.entryPoints, define: options.define ?? {} });
}

async function build(options: BrowserBundleOptions): Promise<Built> {
  const entryPoints = Object.entries(options.entryPoints).map(([out, path]) => ({ in: sourceOrCompiled(path), out }));
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    // Names are virtual (nothing is written), but esbuild needs a directory to lay several outputs out.
    outdir: '/browser-bundle',
    entryNames: '[name]',
    assetNames: '[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    jsx: 'automatic',
    minify: true,
    legalComments: 'eof',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"', ...options.define },
    logLevel: 'silent',
  });
  const files = new Map<string, BundleFile>();
  for (const output of result.outputFiles)
    files.set(basename(output.path), bundleFile(basename(output.path), output.contents));
  // esbuild names its inputs relative to its working directory, the process's.
  const inputs = Object.keys(result.metafile.inputs).map((input) => stamp(resolve(input)));
  return { files, inputs };
}

/** Prebuilt files as they are; else a fresh cache; else a build (kept in the cache when there is one). */
async function load(options: BrowserBundleOptions): Promise<Map<string, BundleFile>> {
  const prebuilt = readManifest(options.prebuiltDirectory);
  if (prebuilt && options.prebuiltDirectory) return readFiles(options.prebuiltDirectory, prebuilt);
  const key = optionsKey(options);
  const cached = readManifest(options.cacheDirectory);
  if (cached && options.cacheDirectory && isFresh(cached, key)) return readFiles(options.cacheDirectory, cached);
  const built = await build(options);
  if (options.cacheDirectory) {
    try {
      writeFiles(options.cacheDirectory, built, key);
    } catch {
      // A read-only node_modules: the next process builds again, nothing worse.
    }
  }
  return built.files;
}

const compress: Record<Encoding, (contents: Uint8Array) => Promise<Buffer>> = {
  // Quality 5: ide.js (5.2 MB) to about 1.4 MB in under a second; 11 would take tens of seconds.
  br: (contents) => promisify(brotliCompress)(contents, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (contents) => promisify(gzip)(contents, { level: 9 }),
};

/** The encoding to send: brotli, else gzip, when the client accepts it and the file is worth it. */
function encodingFor(req: Request, file: BundleFile): Encoding | undefined {
  if (file.contents.byteLength < 1024) return undefined;
  const accepted = req.acceptsEncodings('br', 'gzip', 'identity');
  return accepted === 'br' || accepted === 'gzip' ? accepted : undefined;
}

/**
 * Sends a file, compressed once and kept: the gateway's compression middleware would compress the 5 MB script
 * again on every visit (it leaves an answer that already has a Content-Encoding alone).
 */
async function send(req: Request, res: Response, file: BundleFile): Promise<void> {
  const encoding = encodingFor(req, file);
  // Each encoding is its own representation, with its own strong ETag.
  const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept-Encoding');
  // Revalidated on every load: names are fixed, so a new build must be seen at once; a 304 costs little.
  res.setHeader('Cache-Control', 'no-cache');
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.type(file.contentType);
  if (!encoding) {
    res.send(Buffer.from(file.contents.buffer, file.contents.byteOffset, file.contents.byteLength));
    return;
  }
  file.encoded ??= {};
  const pending = file.encoded[encoding] ?? compress[encoding](file.contents);
  file.encoded[encoding] = pending;
  const body = await pending;
  res.setHeader('Content-Encoding', encoding);
  res.send(body);
}

/**
 * Browser code bundled with esbuild from node_modules (no CDN, no UMD script), once per process and held in
 * memory. Mount `serve()` under a path: `router.use('/graphiql', bundle.serve())` serves `/graphiql/ide.js`.
 */
export function createBrowserBundle(options: BrowserBundleOptions): BrowserBundle {
  let loaded: Promise<Map<string, BundleFile>> | undefined;
  // A failed build is not kept: the next request tries again (after the file is fixed, say).
  const files = () =>
    (loaded ??= load(options).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  return {
    files,
    warm() {
      files().catch(() => undefined);
    },
    async writeTo(directory) {
      const built = await build(options);
      writeFiles(directory, built, optionsKey(options));
      return {
        files: built.files.size,
        bytes: [...built.files.values()].reduce((sum, file) => sum + file.contents.byteLength, 0),
      };
    },
    serve() {
      return (req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        files().then((bundle) => {
          const file = bundle.get(req.path.replace(/^\//, ''));
          if (file) send(req, res, file).catch(next);
          else next();
        }, next);
      };
    },
  };
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
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

/** The list of files a prebuilt directory holds. */
const MANIFEST = 'bundle-files.json';

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

function readPrebuilt(directory: string): Map<string, BundleFile> {
  const names = JSON.parse(readFileSync(join(directory, MANIFEST), 'utf8')) as string[];
  return new Map(names.map((name) => [name, bundleFile(name, readFileSync(join(directory, name)))]));
}

async function build(options: BrowserBundleOptions): Promise<Map<string, BundleFile>> {
  if (options.prebuiltDirectory && existsSync(join(options.prebuiltDirectory, MANIFEST))) return readPrebuilt(options.prebuiltDirectory);
  const entryPoints = Object.entries(options.entryPoints).map(([out, path]) => ({ in: sourceOrCompiled(path), out }));
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
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
  for (const output of result.outputFiles) files.set(basename(output.path), bundleFile(basename(output.path), output.contents));
  return files;
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
  const body = await (file.encoded[encoding] ??= compress[encoding](file.contents));
  res.setHeader('Content-Encoding', encoding);
  res.send(body);
}

/**
 * Browser code bundled with esbuild from node_modules (no CDN, no UMD script), once per process and held in
 * memory. Mount `serve()` under a path: `router.use('/graphiql', bundle.serve())` serves `/graphiql/ide.js`.
 */
export function createBrowserBundle(options: BrowserBundleOptions): BrowserBundle {
  let built: Promise<Map<string, BundleFile>> | undefined;
  const files = () => (built ??= build(options));
  return {
    files,
    warm() {
      files().catch(() => undefined);
    },
    async writeTo(directory) {
      const built = await files();
      mkdirSync(directory, { recursive: true });
      let bytes = 0;
      for (const [name, file] of built) {
        writeFileSync(join(directory, name), file.contents);
        bytes += file.contents.byteLength;
      }
      writeFileSync(join(directory, MANIFEST), `${JSON.stringify([...built.keys()], null, 2)}\n`);
      return { files: built.size, bytes };
    },
    serve() {
      return (req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        files().then(
          (bundle) => {
            const file = bundle.get(req.path.replace(/^\//, ''));
            if (file) send(req, res, file).catch(next);
            else next();
          },
          next,
        );
      };
    },
  };
}

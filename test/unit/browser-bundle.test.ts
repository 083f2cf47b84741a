import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBrowserBundle } from '../../gateway/http/browser-bundle.ts';

describe('createBrowserBundle', () => {
  let directory: string;
  let entry: string;
  const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'browser-bundle-'));
    entry = join(directory, 'page.ts');
    writeFileSync(join(directory, 'page.css'), 'body { color: #123457; }\n');
    writeFileSync(
      entry,
      "import './page.css';\nconst greeting: string = 'first version';\ndocument.title = greeting;\n",
    );
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('bundles a TypeScript entry with its styles, each file with a content type and an ETag', async () => {
    const files = await createBrowserBundle({ entryPoints: { page: entry } }).files();
    expect([...files.keys()].sort()).toEqual(['page.css', 'page.js']);
    expect(text(files.get('page.js')?.contents)).toContain('first version');
    expect(text(files.get('page.css')?.contents)).toContain('#123457');
    expect(files.get('page.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(files.get('page.js')?.etag).toMatch(/^"[\w-]{27}"$/);
  });

  it('serves a prebuilt directory as it is, without building', async () => {
    const prebuilt = join(directory, 'prebuilt');
    expect(await createBrowserBundle({ entryPoints: { page: entry } }).writeTo(prebuilt)).toMatchObject({ files: 2 });
    // Gone from the sources: only the prebuilt files can answer.
    rmSync(entry);
    const files = await createBrowserBundle({ entryPoints: { page: entry }, prebuiltDirectory: prebuilt }).files();
    expect(text(files.get('page.js')?.contents)).toBe(readFileSync(join(prebuilt, 'page.js'), 'utf8'));
  });

  it('reuses its cache in the next process while no input changed, and builds again when one did', async () => {
    const cacheDirectory = join(directory, 'cache');
    await createBrowserBundle({ entryPoints: { page: entry }, cacheDirectory }).files();
    // A marker in the cached file shows whether the next bundle read the cache or built.
    writeFileSync(join(cacheDirectory, 'page.js'), 'from the cache');
    expect(
      text(
        (await createBrowserBundle({ entryPoints: { page: entry }, cacheDirectory }).files()).get('page.js')?.contents,
      ),
    ).toBe('from the cache');

    writeFileSync(entry, "const greeting: string = 'second version';\ndocument.title = greeting;\n");
    utimesSync(entry, new Date(), new Date(Date.now() + 5_000));
    const rebuilt = await createBrowserBundle({ entryPoints: { page: entry }, cacheDirectory }).files();
    expect(text(rebuilt.get('page.js')?.contents)).toContain('second version');
    expect(rebuilt.has('page.css')).toBe(false);
  });

  it('names the entry it cannot find', async () => {
    await expect(
      createBrowserBundle({ entryPoints: { page: join(directory, 'missing.tsx') } }).files(),
    ).rejects.toThrow(/missing\.tsx .*found neither/);
  });
});

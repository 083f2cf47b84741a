import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseGenerateArguments, runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { writeSyntheticFile } from '../../ingest/synthetic/write-synthetic-file.ts';

let workDirectory: string;
let out: string;

function run(...argv: string[]) {
  const printed: string[] = [];
  const errors: string[] = [];
  const exitCode = runGenerateCommand(
    argv,
    (line) => printed.push(line),
    (line) => errors.push(line),
  );
  return { exitCode, printed: printed.join('\n'), errors: errors.join('\n') };
}

beforeEach(() => {
  workDirectory = mkdtempSync(join(tmpdir(), 'synthetic-cli-'));
  out = join(workDirectory, 'out');
});
afterEach(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('npm run generate', () => {
  it('writes plan and realisation files, prints a line per region and the counts, and skips the region-years of data/plans', () => {
    const { exitCode, printed } = run('--seed', '3', '--out', out, '--regions', 'VI,XII', '--years', '2021-2024');
    expect(exitCode).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      ['VI-2022', 'VI-2023', 'VI-2024', 'XII-2021', 'XII-2022']
        .flatMap((key) => [`${key}.plan.json`, `${key}.realisation.json`])
        .sort(),
    );
    expect(printed).toMatch(
      /^ {2}VI {4}3 plans, 3 realisations; skipped 2021 \(not synthetic: data\/plans\/VI-2021\.plan\.json\)$/m,
    );
    expect(printed).toMatch(/^ {2}XII {3}2 plans, 2 realisations; skipped 2023 .*; skipped 2024 /m);
    expect(printed).toContain('5 plan files, 5 realisation files (10 written, 0 unchanged)');
    expect(printed).toContain(
      'skipped 3 region-years with files that are not synthetic (document data): VI-2021, XII-2023, XII-2024',
    );
    expect(JSON.parse(readFileSync(join(out, 'VI-2022.plan.json'), 'utf8'))).toMatchObject({
      region: 'VI',
      year: 2022,
      kind: 'SYNTHETIC',
    });
  });

  it('rewrites nothing when run again with the same seed, and replaces its own files for another seed', () => {
    run('--seed', '3', '--out', out, '--regions', 'I', '--years', '2024');
    const before = readFileSync(join(out, 'I-2024.plan.json'), 'utf8');
    expect(run('--seed', '3', '--out', out, '--regions', 'I', '--years', '2024').printed).toContain(
      '(0 written, 2 unchanged)',
    );
    expect(run('--seed', '4', '--out', out, '--regions', 'I', '--years', '2024').printed).toContain(
      '(2 written, 0 unchanged)',
    );
    expect(readFileSync(join(out, 'I-2024.plan.json'), 'utf8')).not.toBe(before);
  });

  it('never overwrites an existing file that is not synthetic, and leaves its region-year whole', () => {
    mkdirSync(out, { recursive: true });
    const transcription = readFileSync('data/plans/VI-2021.plan.json', 'utf8')
      .replace('"region": "VI"', '"region": "II"')
      .replace('"year": 2021', '"year": 2022');
    writeFileSync(join(out, 'II-2022.plan.json'), transcription);
    writeFileSync(join(out, 'II-2023.realisation.json'), 'not JSON at all');
    const { exitCode, printed } = run('--seed', '3', '--out', out, '--regions', 'II', '--years', '2022-2024');
    expect(exitCode).toBe(0);
    expect(readFileSync(join(out, 'II-2022.plan.json'), 'utf8')).toBe(transcription);
    expect(readFileSync(join(out, 'II-2023.realisation.json'), 'utf8')).toBe('not JSON at all');
    expect(printed).toMatch(
      /II {4}1 plan, 1 realisation; skipped 2022 \(not synthetic: .*II-2022\.plan\.json\); skipped 2023 /,
    );
    expect(readdirSync(out).sort()).toEqual([
      'II-2022.plan.json',
      'II-2023.realisation.json',
      'II-2024.plan.json',
      'II-2024.realisation.json',
    ]);
  });

  it('writes over a file that is not synthetic in no case, even one that appears after the region-years were read', () => {
    mkdirSync(out, { recursive: true });
    const path = join(out, 'I-2020.plan.json');
    writeFileSync(path, JSON.stringify({ kind: 'DOCUMENT' }));
    expect(writeSyntheticFile(path, '{"kind": "SYNTHETIC"}\n')).toBe('KEPT');
    expect(readFileSync(path, 'utf8')).toBe('{"kind":"DOCUMENT"}');
    writeFileSync(path, '{"kind": "SYNTHETIC", "old": true}');
    expect(writeSyntheticFile(path, '{"kind": "SYNTHETIC"}\n')).toBe('WRITTEN');
    expect(writeSyntheticFile(path, '{"kind": "SYNTHETIC"}\n')).toBe('UNCHANGED');
  });

  it('reads the region-years to skip from the documents directory, ignoring synthetic files there', () => {
    const documents = join(workDirectory, 'documents');
    mkdirSync(documents);
    copyFileSync('data/plans/VI-2021.plan.json', join(documents, 'III-2022.plan.json'));
    writeFileSync(join(documents, 'IV-2022.plan.json'), JSON.stringify({ kind: 'SYNTHETIC' }));
    const { exitCode, printed } = run(
      '--seed',
      '3',
      '--out',
      out,
      '--documents',
      documents,
      '--regions',
      'III,IV,VI',
      '--years',
      '2021-2022',
    );
    expect(exitCode).toBe(0);
    expect(printed).toContain('skipped 1 region-year with files that are not synthetic (document data): III-2022');
    expect(
      readdirSync(out)
        .filter((name) => name.endsWith('.plan.json'))
        .sort(),
    ).toEqual([
      'III-2021.plan.json',
      'IV-2021.plan.json',
      'IV-2022.plan.json',
      'VI-2021.plan.json',
      'VI-2022.plan.json',
    ]);
  });

  it('refuses bad arguments with the usage and exit code 2, writing nothing', () => {
    for (const argv of [
      [],
      ['--seed', 'x'],
      ['--seed', '1', '--years', '2019-2021'],
      ['--seed', '1', '--regions', 'XV'],
      ['--seed', '1', '--reported-through', '2025-Q2'],
      ['--seed', '1', '--colour'],
    ]) {
      const { exitCode, errors } = run(...argv, '--out', out);
      expect(exitCode, argv.join(' ')).toBe(2);
      expect(errors).toContain('usage: npm run generate -- --seed N');
    }
    expect(() => readdirSync(out)).toThrow();
  });

  it('defaults to data/synthetic/seed-N, 2020-2025, all 14 regions and data/plans', () => {
    const options = parseGenerateArguments(['--seed', '5']);
    expect(options).toMatchObject({
      outDirectory: resolve('data/synthetic/seed-5'),
      years: [2020, 2021, 2022, 2023, 2024, 2025],
      documentsDirectory: resolve('data/plans'),
      reportedThrough: { year: 2025, quarter: 2 },
    });
    expect(options !== 'HELP' && options.regions).toHaveLength(14);
    expect(parseGenerateArguments(['--seed', '5', '--years', '2024,2021-2022', '--regions', 'xii, i'])).toMatchObject({
      years: [2021, 2022, 2024],
      regions: ['I', 'XII'],
    });
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerateCommand } from './run-generate-command.ts';

const jsonFilesIn = (directory: string) =>
  readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(directory, name));

/**
 * What `npm start` serves: the documents' plan files, and with a demo seed also the synthetic files of that
 * seed (generated when missing; the same seed gives the same files).
 */
export function dataFilesToServe(demoSeed: string | undefined, step: (message: string) => void): string[] {
  const files = jsonFilesIn('data/plans');
  if (demoSeed === undefined) return files;
  const directory = `data/synthetic/seed-${demoSeed}`;
  step(`generating synthetic demo data (seed ${demoSeed}) in ${directory}`);
  if (runGenerateCommand(['--seed', demoSeed, '--out', directory], () => {}) !== 0)
    throw new Error('generating the demo data failed');
  return [...files, ...jsonFilesIn(directory)];
}

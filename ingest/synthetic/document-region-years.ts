import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DATA_FILE_NAME = /^([IVXLCDM]+)-(\d{4})\.(plan|realisation)\.json$/;

/** "VI-2021": the key of a region-year, as in the file names. */
export const regionYearKey = (region: string, year: number) => `${region}-${year}`;

/**
 * The region-years that have document data in the directory: every `<REGION>-<YEAR>.plan.json` or
 * `.realisation.json` whose kind is not SYNTHETIC (an unreadable file counts as a document: better skip a
 * region-year than overwrite a transcription). Maps each key to the file names that hold it.
 */
export function findDocumentRegionYears(directory: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const name of readdirSync(directory).sort()) {
    const match = DATA_FILE_NAME.exec(name);
    if (!match || isSyntheticFile(join(directory, name))) continue;
    const key = regionYearKey(match[1]!, Number(match[2]));
    found.set(key, [...(found.get(key) ?? []), name]);
  }
  return found;
}

/** True only for a readable JSON file that says `"kind": "SYNTHETIC"`. */
export function isSyntheticFile(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { kind?: unknown })?.kind === 'SYNTHETIC';
  } catch {
    return false;
  }
}

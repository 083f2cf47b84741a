import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isSyntheticFile } from './document-region-years.ts';

/**
 * WRITTEN: new or replaced a synthetic file; UNCHANGED: the same bytes were there; KEPT: a file that is not synthetic
 * was there and is left alone.
 */
export type WriteOutcome = 'WRITTEN' | 'UNCHANGED' | 'KEPT';

/**
 * Writes a generated file unless that would overwrite a file that is not synthetic (a transcription, a hand edit,
 * anything unreadable).
 */
export function writeSyntheticFile(path: string, text: string): WriteOutcome {
  if (existsSync(path)) {
    if (!isSyntheticFile(path)) return 'KEPT';
    if (readFileSync(path, 'utf8') === text) return 'UNCHANGED';
  }
  writeFileSync(path, text);
  return 'WRITTEN';
}

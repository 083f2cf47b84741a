import type { AssetEntry } from '../../shared/plan-file/plan-file.types.ts';
import type { DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';

/**
 * Reads the office's assets as the Latar Belakang usually counts them: buildings ("1 (satu) Gedung Arsip"),
 * vehicles ("6 (enam) unit mobil dinas yang terdiri dari 1 (satu) unit mobil Eselon II dan 5 (lima) unit
 * mobil operasional dengan perincian penempatan 5 Unit di Kantor Regional dan 1 unit di Kantor UPT BKN
 * Padang serta 3 (tiga) unit motor dinas di Kantor Regional"). A breakdown is part of the vehicle count said
 * before it in the same line.
 */
const NUMBER = String.raw`(\d{1,4})\s*(?:\([^)]*\)\s*)?`;
const END = String.raw`(?=\s+(?:dan|dengan|serta|yang)\b|[,.]|$)`;
const BUILDING = new RegExp(`${NUMBER}((?:Gedung|Laboratorium)\\b[^,.]*?)${END}`, 'g');
const VEHICLE = new RegExp(
  `${NUMBER}(unit)\\s+((?:mobil|motor)\\s+dinas)(?:\\s+di\\s+(Kantor\\b[^,.]*?)${END})?`,
  'gi',
);
const VEHICLE_TYPE = new RegExp(`${NUMBER}(unit)\\s+((?:mobil|motor)\\s+(?!dinas\\b)[^,.]*?)${END}`, 'gi');
const PLACEMENT = new RegExp(`(\\d{1,4})\\s+(unit)\\s+di\\s+(Kantor\\b[^,.]*?)${END}`, 'gi');

export function extractAssets(lines: DocumentLine[]): AssetEntry[] {
  return lines.flatMap((line) => assetsOn(line, `${sectionOf(lines, line.number)}, paragraph on sarana dan prasarana`));
}

function assetsOn(line: DocumentLine, location: string): AssetEntry[] {
  const found: Array<{ at: number; entry: AssetEntry }> = [];
  const add = (at: number, entry: Omit<AssetEntry, 'source' | 'flags'>, printed: string) =>
    found.push({ at, entry: { ...entry, source: { line: line.number, location, printed }, flags: [] } });
  for (const match of line.text.matchAll(BUILDING)) {
    add(
      match.index,
      {
        category: 'BUILDING',
        name: match[2]!.trim(),
        count: Number(match[1]),
        unit: null,
        placedAt: null,
        partOf: null,
      },
      match[0].trim(),
    );
  }
  for (const match of line.text.matchAll(VEHICLE)) {
    add(
      match.index,
      {
        category: 'VEHICLE',
        name: match[3]!,
        count: Number(match[1]),
        unit: match[2]!,
        placedAt: match[4]?.trim() ?? null,
        partOf: null,
      },
      match[0].trim(),
    );
  }
  const wholeBefore = (at: number) =>
    found.filter((item) => item.entry.category === 'VEHICLE' && item.entry.partOf === null && item.at < at).at(-1)
      ?.entry.name ?? null;
  const parts: typeof found = [];
  for (const match of line.text.matchAll(VEHICLE_TYPE)) {
    parts.push({
      at: match.index,
      entry: {
        category: 'VEHICLE',
        name: match[3]!.trim(),
        count: Number(match[1]),
        unit: match[2]!,
        placedAt: null,
        partOf: wholeBefore(match.index),
        source: { line: line.number, location, printed: match[0].trim() },
        flags: [],
      },
    });
  }
  for (const match of line.text.matchAll(PLACEMENT)) {
    const whole = wholeBefore(match.index);
    if (!whole) continue;
    parts.push({
      at: match.index,
      entry: {
        category: 'VEHICLE',
        name: whole,
        count: Number(match[1]),
        unit: match[2]!,
        placedAt: match[3]!.trim(),
        partOf: whole,
        source: { line: line.number, location, printed: match[0].trim() },
        flags: [],
      },
    });
  }
  return [...found, ...parts].sort((a, b) => a.at - b.at).map((item) => item.entry);
}

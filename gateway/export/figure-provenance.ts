import type { ProvenanceEntry } from './export-table.ts';

/** Provenance as the graph serves it. */
export interface Provenance {
  kind: string;
  document: string | null;
  location: string;
  line: number | null;
  printed: string | null;
}

/** The fields every view asks of a Provenance, as a fragment named Source. */
export const PROVENANCE_FRAGMENT = 'fragment Source on Provenance { kind document location line printed }';

/** A figure's provenance in the table's terms; null when the figure has none (no such figure). */
export function provenanceEntry(
  place: { regionCode: string; year: number },
  item: string,
  figure: string,
  provenance: Provenance | null | undefined,
): ProvenanceEntry | null {
  if (!provenance) return null;
  return { regionCode: place.regionCode, year: place.year, item, figure, ...provenance };
}

/**
 * The region-years the table's rows show, as "code@year": comparisons lay out the year before each asked
 * year too (for the change), whose figures are not in the file and so not in its provenance.
 */
export function regionYearsOf(places: Array<{ regionCode: string; year: number }>): Set<string> {
  return new Set(places.map((place) => `${place.regionCode}@${place.year}`));
}

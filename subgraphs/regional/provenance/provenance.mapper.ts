import type { Flag } from '../../../shared/plan-file/plan-file.types.ts';

/** Provenance as stored: the loader completes each source with its document and kind. */
export interface StoredProvenance {
  kind: string;
  document: string | null;
  location: string;
  line?: number;
  printed?: string;
}

export type { Flag };

/** NUMERIC arrives as a string from both drivers; GraphQL Float wants a number. */
export function toFloat(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

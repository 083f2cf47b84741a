/**
 * The national indicators measured as a share of the agencies in an office's work area (the catalogue's
 * "% of agencies in the work area …": IKU-01, IKU-02). XII 2024 states it for IKU.1 (line 170): "100% atau
 * seluruh instansi pemerintah daerah wilayah kerja … sebanyak 41 instansi". For these, a target or
 * realisation in % is also a number of agencies, out of the work area's printed total.
 */
export const AGENCY_SHARE_INDICATORS: ReadonlySet<string> = new Set(['IKU-01', 'IKU-02']);

/** A figure in % of `agencies` as a number of agencies; null unless the unit is a percentage and both are known. */
export function percentOfAgencies(percent: number | null, unit: string | null, agencies: number | null): number | null {
  if (percent === null || agencies === null || unit === null || !unit.includes('%')) return null;
  return (percent * agencies) / 100;
}

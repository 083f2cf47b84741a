import type { IndicatorTargetRow } from '../database/regional-database.types.ts';
import { toFloat } from '../provenance/provenance.mapper.ts';

export function toIndicatorTarget(row: IndicatorTargetRow) {
  return {
    code: row.code,
    name: row.name,
    unit: row.unit,
    target: toFloat(row.target),
    realisation: toFloat(row.realisation),
    indicator: { id: row.national_indicator_id },
    goalNumber: row.goal_number,
    targetProvenance: row.target_source,
    realisationProvenance: row.realisation_source,
    targetRevision:
      row.revised_from === null
        ? null
        : { previousTarget: toFloat(row.revised_from), reason: row.revision_reason, provenance: row.revision_source },
    flags: row.flags,
  };
}

/** A grid cell; a region-year without a plan (or without this indicator) gives null figures, not an error. */
export function toIndicatorValue(key: { indicatorId: string; regionCode: string; year: number }, row: IndicatorTargetRow | null) {
  const target = row ? toIndicatorTarget(row) : null;
  return {
    ...key,
    code: target?.code ?? null,
    localName: target?.name ?? null,
    unit: target?.unit ?? null,
    target: target?.target ?? null,
    realisation: target?.realisation ?? null,
    targetRevisedFrom: target?.targetRevision?.previousTarget ?? null,
    targetProvenance: target?.targetProvenance ?? null,
    realisationProvenance: target?.realisationProvenance ?? null,
    targetRevision: target?.targetRevision ?? null,
    flags: target?.flags ?? [],
  };
}

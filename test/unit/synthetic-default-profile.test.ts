import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CatalogueIndicator } from '../../ingest/synthetic/generate-indicators.ts';
import { generateRegionYear, type RegionYearRequest } from '../../ingest/synthetic/generate-region-year.ts';
import { validatePlanFile } from '../../shared/plan-file/validate-plan-file.ts';
import { parseRegionCode } from '../../shared/regions/region-codes.ts';

const CATALOGUE = (
  JSON.parse(readFileSync('subgraphs/national/reference-data/indicators.json', 'utf8')) as {
    indicators: CatalogueIndicator[];
  }
).indicators;

/** What CONTRIBUTING.md's recipe adds to indicators.json: an indicator no synthetic profile was written for. */
const IKU_15: CatalogueIndicator = {
  id: 'IKU-15',
  name: 'Persentase Layanan Kepegawaian yang Terdigitalisasi',
  perspective: 'LEARNING_AND_GROWTH',
  unit: '%',
};

const request = (catalogue: readonly CatalogueIndicator[], region = 'I', year = 2024): RegionYearRequest => ({
  seed: 1,
  region: parseRegionCode(region),
  year,
  catalogue,
  reportedThrough: { year: 2025, quarter: 2 },
});

describe('synthetic data for an indicator the catalogue gained, with no profile written for it', () => {
  const before = generateRegionYear(request(CATALOGUE));
  const after = generateRegionYear(request([...CATALOGUE, IKU_15]));
  const added = after.plan.indicatorTargets.find((indicator) => indicator.nationalIndicatorId === 'IKU-15')!;

  it('generates its targets and realisations from a default profile, and says so in their source', () => {
    expect(added).toBeDefined();
    expect(added.unit).toBe('%');
    expect(added.goalNumber).toBe('7');
    expect(added.target).toBeGreaterThanOrEqual(70);
    expect(added.target).toBeLessThanOrEqual(100);
    expect(added.targetSource?.location).toBe(
      'generated: indicator target, trend from 2020 (default profile: none written for IKU-15)',
    );
    const figures = after.realisation!.indicatorRealisations.filter((entry) => entry.code === added.code);
    expect(figures.map((entry) => entry.period)).toEqual(['TW1', 'TW2', 'TW3', 'TW4', 'YEAR']);
    expect(added.realisation).toBe(figures.at(-1)!.value);
  });

  it('writes a plan file the import accepts once the catalogue lists the indicator', () => {
    const ids = new Set([...CATALOGUE, IKU_15].map((indicator) => indicator.id));
    const result = validatePlanFile(JSON.stringify(after.plan), ids);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('leaves the figures of the indicators that were there before as they were', () => {
    expect(after.plan.indicatorTargets.slice(0, CATALOGUE.length)).toEqual(before.plan.indicatorTargets);
    const earlier = new Set(before.plan.indicatorTargets.map((indicator) => indicator.code));
    expect(after.realisation!.indicatorRealisations.filter((entry) => earlier.has(entry.code))).toEqual(
      before.realisation!.indicatorRealisations,
    );
  });

  it('gives it the next free code of its goal where plans number by goal letter (7.a … 7.f, then 7.g)', () => {
    const vi = generateRegionYear(request([...CATALOGUE, IKU_15], 'VI', 2022)).plan.indicatorTargets;
    expect(vi.map((indicator) => indicator.code).slice(-3)).toEqual(['7.e', '7.f', '7.g']);
    expect(new Set(vi.map((indicator) => indicator.code)).size).toBe(vi.length);
  });
});

import { describe, expect, it } from 'vitest';
import { missingByReason, missingSentence } from '../../gateway/compare-page/browser/missing-summary.ts';
import { pageQueryString, readState } from '../../gateway/compare-page/browser/page-state.ts';

const ALL = { regions: 14, years: 6 };

describe('the comparison page’s state in its query string', () => {
  it('gives back the same query string for every view, measure, year, sort and ranking it reads', () => {
    for (const search of [
      'indicator=IKU-09&regions=VI,XII&years=2021,2024',
      'indicator=IKU-09&rankBy=REALISATION&synthetic=1&view=table&sort=-realisation',
      'indicator=IKU-02&provinces=Riau&view=ranking&measure=achievement&year=2024',
      'level=RO&codes=4843.EAA.002&regions=VI,XII&years=2021,2024&view=heatmap',
      'subject=spending&years=2021&measure=budgetPerAgency',
      'subject=staff',
      'subject=workload&years=2024&view=ranking&measure=budgetPerAgency&year=2024',
    ]) {
      expect(pageQueryString(readState(`?${search}`), ALL)).toBe(search);
    }
  });

  it('leaves defaults out and refuses what it does not know: an unknown view is the trend, an unknown rankBy achievement', () => {
    const state = readState('?indicator=IKU-09&view=pie&rankBy=height&year=soon&regions=vi');
    expect(state).toMatchObject({
      view: 'trend',
      rankBy: 'ACHIEVEMENT',
      year: null,
      regions: ['VI'],
      subject: 'indicator',
    });
    expect(pageQueryString(state, ALL)).toBe('indicator=IKU-09&regions=VI');
  });

  it('reads the workload subject, and an unknown subject as the indicator', () => {
    expect(readState('?subject=workload').subject).toBe('workload');
    expect(readState('?subject=weather').subject).toBe('indicator');
  });

  it('names the province, not the regions it stands for, and keeps the ranking year only on the ranking', () => {
    const state = { ...readState('?indicator=IKU-09&year=2024'), regions: ['XII'], provinces: ['Riau'] };
    expect(pageQueryString(state, ALL)).toBe('indicator=IKU-09&provinces=Riau');
  });
});

describe('the missing cells in one sentence', () => {
  it('counts region-years by reason, most frequent first, each once', () => {
    const cells = [
      ...Array.from({ length: 70 }, (_, index) => ({
        regionCode: `R${index % 14}`,
        year: 2000 + Math.floor(index / 14),
        code: null,
        reason: 'NO_PLAN',
      })),
      ...Array.from({ length: 11 }, (_, index) => ({
        regionCode: `S${index}`,
        year: 2024,
        code: null,
        reason: 'EXCLUDED_KIND',
      })),
      // The same region-year twice (two cells of it) counts once.
      { regionCode: 'S0', year: 2024, code: null, reason: 'EXCLUDED_KIND' },
    ];
    const groups = missingByReason(cells, (cell) => `${cell.regionCode} ${cell.year}`);
    expect(missingSentence(groups, 'wilayah-tahun')).toBe(
      '81 wilayah-tahun tanpa data: 70 tanpa rencana, 11 sintetis tidak disertakan',
    );
  });

  it('says nothing when nothing is missing', () => {
    expect(missingSentence([], 'wilayah-tahun')).toBe('');
  });
});

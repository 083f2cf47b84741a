import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffPlans } from '../../subgraphs/regional/plan-import/diff-plans.ts';
import type { PlanFile } from '../../shared/plan-file/plan-file.types.ts';

const read = (name: string) => JSON.parse(readFileSync(`data/plans/${name}.plan.json`, 'utf8')) as PlanFile;

describe('what a revision says changed in the work area, assets and activity targets', () => {
  it('names nothing for an identical plan, and a plan written before these parts existed is no change from one that states none', () => {
    expect(diffPlans(read('XII-2024'), read('XII-2024'))).toEqual([]);
    const before = read('XII-2023');
    const { workArea: _workArea, assets: _assets, activityTargets: _targets, ...older } = before;
    expect(diffPlans(older as PlanFile, before)).toEqual([]);
  });

  it('names a changed total, an added province and a work area that appears', () => {
    const before = read('XII-2024');
    const after = read('XII-2024');
    after.workArea!.totalAgencies!.count = 42;
    after.workArea!.provinces.push({ name: 'Jambi', source: { location: 'edited for the test' } });
    expect(diffPlans(before, after)).toEqual([
      {
        item: 'work area',
        field: 'provinces',
        before: ['Riau', 'Kepulauan Riau', 'Sumatera Barat'],
        after: ['Riau', 'Kepulauan Riau', 'Sumatera Barat', 'Jambi'],
      },
      { item: 'work area', field: 'totalAgencies', before: 41, after: 42 },
    ]);
    const appeared = diffPlans(read('XII-2023'), { ...read('XII-2023'), workArea: before.workArea });
    expect(appeared).toEqual([
      { item: 'work area', field: '(added)', before: null, after: expect.objectContaining({ totalAgencies: 41 }) },
    ]);
  });

  it('names a changed asset count by name and placement, and a changed activity target', () => {
    const before = read('XII-2024');
    const after = read('XII-2024');
    after.assets!.find((asset) => asset.placedAt === 'Kantor UPT BKN Padang')!.count = 2;
    expect(diffPlans(before, after)).toEqual([
      { item: 'asset VEHICLE mobil dinas Kantor UPT BKN Padang', field: 'count', before: 1, after: 2 },
    ]);
    const vi = read('VI-2021');
    const revised = read('VI-2021');
    revised.activityTargets![0]!.target = 6500;
    expect(diffPlans(vi, revised)).toEqual([
      { item: `activity target ${vi.activityTargets![0]!.name}`, field: 'target', before: 6000, after: 6500 },
    ]);
  });
});

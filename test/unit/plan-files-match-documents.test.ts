import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlanFile, Source } from '../../shared/plan-file/plan-file.types.ts';

const DOCUMENTS = 'data/documents';
const plans = readdirSync('data/plans').map((name) => ({
  name,
  plan: JSON.parse(readFileSync(`data/plans/${name}`, 'utf8')) as PlanFile,
}));

/** "Rp. 12.218.328.000,-", "173,794,000", "10918328000", "Rp14.682.611.000,00" → whole Rupiah. */
function rupiahAsPrinted(printed: string): number {
  const digits = printed
    .replace(/^Rp\.?\s*/, '')
    .replace(/,-$|,00$/, '')
    .replace(/[.,]/g, '');
  return Number(digits);
}

function sourcesOf(plan: PlanFile): Array<{ what: string; source: Source; amount?: number; value?: number | null }> {
  return [
    ...(plan.totalBudget
      ? [{ what: 'total budget', source: plan.totalBudget.source, amount: plan.totalBudget.amount }]
      : []),
    ...plan.spendingSplit.map((part) => ({ what: `spending ${part.type}`, source: part.source, amount: part.amount })),
    ...plan.budgetLines.map((line) => ({ what: `budget line ${line.code}`, source: line.source, amount: line.amount })),
    ...plan.budgetAllocations.map((allocation) => ({
      what: `allocation ${allocation.indicatorCodes.join('+')}`,
      source: allocation.source,
      amount: allocation.amount,
    })),
    ...plan.indicatorTargets.flatMap((indicator) => [
      ...(indicator.targetSource
        ? [{ what: `target ${indicator.code}`, source: indicator.targetSource, value: indicator.target }]
        : []),
      ...(indicator.realisationSource
        ? [{ what: `realisation ${indicator.code}`, source: indicator.realisationSource, value: indicator.realisation }]
        : []),
      ...(indicator.revisedFrom
        ? [
            {
              what: `earlier target ${indicator.code}`,
              source: indicator.revisedFrom.source,
              value: indicator.revisedFrom.target,
            },
          ]
        : []),
    ]),
    ...plan.staff.headcounts.map((headcount) => ({
      what: `headcount ${headcount.asOf}`,
      source: headcount.source,
      value: headcount.count,
    })),
    ...(plan.workArea?.provinces ?? []).map((province) => ({
      what: `province ${province.name}`,
      source: province.source,
    })),
    ...(plan.workArea?.agencies ?? []).map((agency) => ({
      what: `agencies ${agency.kind}`,
      source: agency.source,
      value: agency.count,
    })),
    ...(plan.workArea?.totalAgencies
      ? [
          {
            what: 'total agencies',
            source: plan.workArea.totalAgencies.source,
            value: plan.workArea.totalAgencies.count,
          },
        ]
      : []),
    ...(plan.assets ?? []).map((asset) => ({
      what: `asset ${asset.name} ${asset.placedAt ?? ''}`,
      source: asset.source,
      value: asset.count,
    })),
    ...(plan.activityTargets ?? []).map((target) => ({
      what: `activity target ${target.name}`,
      source: target.source,
      value: target.target,
    })),
  ];
}

describe('the plan files against their source documents', () => {
  it.runIf(existsSync('../shared/seeds'))('keeps copies of the documents identical to the shared seeds', () => {
    for (const name of readdirSync('../shared/seeds')) {
      expect(readFileSync(`${DOCUMENTS}/${name}`, 'utf8'), name).toBe(readFileSync(`../shared/seeds/${name}`, 'utf8'));
    }
  });

  it.each(plans)('$name: every figure is printed on the line its provenance names, and equals it', ({ plan }) => {
    const document = readFileSync(`${DOCUMENTS}/${plan.document.file}`, 'utf8').split('\n');
    let checked = 0;
    for (const { what, source, amount, value } of sourcesOf(plan)) {
      if (source.line === undefined || source.printed === undefined) continue;
      expect(document[source.line - 1], `${what} at line ${source.line}`).toContain(source.printed);
      if (amount !== undefined) {
        const flaggedMalformed = /^\d+\.\d{6}$/.test(source.printed);
        if (!flaggedMalformed) expect(rupiahAsPrinted(source.printed), what).toBe(amount);
      }
      if (value !== undefined && value !== null)
        expect(Number.parseFloat(source.printed.replace(/[^\d.]/g, '')), what).toBe(value);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('reads XII 2024’s work area as printed on lines 60 and 170: 3 provincial + 38 regency/city governments, 41 in all', () => {
    const xii = plans.find(({ plan }) => plan.region === 'XII' && plan.year === 2024)!.plan;
    const document = readFileSync(`${DOCUMENTS}/${xii.document.file}`, 'utf8').split('\n');
    const area = xii.workArea!;
    expect(area.provinces.map((province) => province.name)).toEqual(['Riau', 'Kepulauan Riau', 'Sumatera Barat']);
    for (const province of area.provinces) expect(document[59]).toContain(`Provinsi ${province.name}`);
    const counts = Object.fromEntries(area.agencies.map((agency) => [agency.kind, agency.count]));
    expect(counts).toEqual({ PROVINCIAL_GOVERNMENT: 3, REGENCY_CITY_GOVERNMENT: 38 });
    expect(document[59]).toMatch(
      /3 \(tiga\) instansi pemerintah provinsi dan 38 \(tiga puluh delapan\) instansi kabupaten\/kota/,
    );
    expect(area.totalAgencies).toMatchObject({ count: 41, source: { line: 170 } });
    expect(document[169]).toContain('sebanyak 41 instansi');
    // The document's two statements agree, so nothing is flagged as a mismatch; the uncounted vertical agencies are
    // flagged.
    expect(counts.PROVINCIAL_GOVERNMENT! + counts.REGENCY_CITY_GOVERNMENT!).toBe(area.totalAgencies!.count);
    expect(area.flags.map((flag) => flag.code)).toEqual(['KIND_NOT_COUNTED']);
  });

  it('reads XII 2024’s assets from line 89, with both breakdowns of the 6 cars adding up', () => {
    const xii = plans.find(({ plan }) => plan.region === 'XII' && plan.year === 2024)!.plan;
    const assets = xii.assets!;
    expect(assets.every((asset) => asset.source.line === 89)).toBe(true);
    expect(assets.filter((asset) => asset.category === 'BUILDING').map((asset) => [asset.name, asset.count])).toEqual([
      ['Gedung Kantor Utama', 1],
      ['Gedung Arsip', 1],
      ['Laboratorium CAT Kantor Regional XII BKN', 1],
      ['Gedung Mess', 1],
    ]);
    const cars = assets.filter((asset) => asset.partOf === 'mobil dinas');
    expect(cars.filter((car) => car.placedAt === null).map((car) => [car.name, car.count])).toEqual([
      ['mobil Eselon II', 1],
      ['mobil operasional', 5],
    ]);
    expect(cars.filter((car) => car.placedAt !== null).map((car) => [car.placedAt, car.count])).toEqual([
      ['Kantor Regional', 5],
      ['Kantor UPT BKN Padang', 1],
    ]);
    expect(assets.find((asset) => asset.name === 'mobil dinas' && asset.partOf === null)!.count).toBe(6);
    expect(assets.find((asset) => asset.name === 'motor dinas')).toMatchObject({
      count: 3,
      placedAt: 'Kantor Regional',
    });
  });

  it('states no work area where the document states none: VI 2021 and XII 2023 are unknown, not zero', () => {
    const vi = plans.find(({ plan }) => plan.region === 'VI')!.plan;
    const xii2023 = plans.find(({ plan }) => plan.region === 'XII' && plan.year === 2023)!.plan;
    expect(vi.workArea).toBeNull();
    expect(xii2023.workArea).toBeNull();
    expect(xii2023.assets).toEqual([]);
  });

  it('reads VI 2021’s activity target "6000 data" from line 319, flagged as a count named a percentage', () => {
    const vi = plans.find(({ plan }) => plan.region === 'VI')!.plan;
    const [target] = vi.activityTargets!;
    expect(target).toMatchObject({
      target: 6000,
      unit: 'data',
      budgetCode: '4847.FAA.001.051',
      source: { line: 319, printed: '6000 data' },
    });
    expect(target!.flags.map((flag) => flag.code)).toEqual(['UNIT_NAME_MISMATCH']);
  });

  it('serves VI’s Tabel 2 figure "77.932000" as the LAMPIRAN’s 77.932.000, flagged', () => {
    const vi = plans.find(({ plan }) => plan.region === 'VI')!.plan;
    const line = vi.budgetLines.find((budgetLine) => budgetLine.code === '4843.EAB.005')!;
    expect(line.amount).toBe(77932000);
    expect(line.flags.map((flag) => flag.code)).toContain('MALFORMED_NUMBER');
  });
});

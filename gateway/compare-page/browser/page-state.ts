// The page's state lives in its query string, so that a view can be shared as a link and back/forward work:
// ?indicator=IKU-09&regions=VI,XII&view=heatmap&measure=achievement, ?level=RO&codes=…, ?subject=staff.

import type { Subject } from './comparison-model.ts';

export type View = 'trend' | 'heatmap' | 'ranking' | 'table';
export const VIEWS: readonly View[] = ['trend', 'heatmap', 'ranking', 'table'];

export interface PageState {
  view: View;
  subject: Subject;
  indicator: string | null;
  level: string;
  codes: string[];
  /** null: every region (or, with provinces, the offices serving them). */
  regions: string[] | null;
  /** Offices whose work area holds any of these provinces. */
  provinces: string[];
  /** null: every year. */
  years: number[] | null;
  synthetic: boolean;
  /** The figure the charts show; null: the subject's first. */
  measure: string | null;
  /** The ranking's year; null: the latest year with figures. */
  year: number | null;
  /** The table's sort: a column key, '-' in front for descending; null: region then year. */
  sort: string | null;
  /** What an indicator's rank follows: ACHIEVEMENT (the graph's default) or REALISATION. */
  rankBy: 'ACHIEVEMENT' | 'REALISATION';
}

function listParam(params: URLSearchParams, name: string): string[] | null {
  const value = params.get(name);
  return value == null
    ? null
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}

const SUBJECTS: readonly Subject[] = ['indicator', 'budget', 'spending', 'staff', 'workload'];

function subjectOf(params: URLSearchParams): Subject {
  const subject = params.get('subject');
  if (SUBJECTS.includes(subject as Subject)) return subject as Subject;
  return params.get('level') ? 'budget' : 'indicator';
}

/** The state a query string asks for; what it leaves out takes its default. */
export function readState(search: string): PageState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  const year = Number(params.get('year'));
  return {
    view: VIEWS.includes(view as View) ? (view as View) : 'trend',
    subject: subjectOf(params),
    indicator: params.get('indicator'),
    level: (params.get('level') ?? 'RO').toUpperCase(),
    codes: listParam(params, 'codes') ?? [],
    regions: listParam(params, 'regions')?.map((code) => code.toUpperCase()) ?? null,
    provinces: listParam(params, 'provinces') ?? [],
    years: listParam(params, 'years')?.map(Number).filter(Number.isInteger) ?? null,
    synthetic: ['1', 'true', 'ya'].includes(params.get('synthetic') ?? ''),
    measure: params.get('measure'),
    year: Number.isInteger(year) && year > 0 ? year : null,
    sort: params.get('sort'),
    rankBy: params.get('rankBy')?.toUpperCase() === 'REALISATION' ? 'REALISATION' : 'ACHIEVEMENT',
  };
}

/** Commas stay readable in shared links: `regions=VI,XII`. */
export function queryString(entries: Array<[string, string | number | null | undefined]>): string {
  return entries
    .filter((entry): entry is [string, string | number] => entry[1] != null && entry[1] !== '')
    .map(([name, value]) => `${name}=${String(value).split(',').map(encodeURIComponent).join(',')}`)
    .join('&');
}

function subjectEntries(state: PageState): Array<[string, string | null]> {
  switch (state.subject) {
    case 'indicator':
      return [
        ['indicator', state.indicator],
        ['rankBy', state.rankBy === 'ACHIEVEMENT' ? null : state.rankBy],
      ];
    case 'budget':
      return [
        ['level', state.level],
        ['codes', state.codes.join(',')],
      ];
    default:
      return [['subject', state.subject]];
  }
}

/** The query string of a state; lists that hold everything are left out, as are defaults. */
export function pageQueryString(state: PageState, all: { regions: number; years: number }): string {
  const regions =
    state.provinces.length > 0 || state.regions == null || state.regions.length === all.regions
      ? null
      : state.regions.join(',');
  const years = state.years == null || state.years.length === all.years ? null : state.years.join(',');
  return queryString([
    ...subjectEntries(state),
    ['regions', regions],
    ['provinces', state.provinces.join(',')],
    ['years', years],
    ['synthetic', state.synthetic ? '1' : null],
    ['view', state.view === 'trend' ? null : state.view],
    ['measure', state.measure],
    ['year', state.view === 'ranking' ? state.year : null],
    ['sort', state.sort],
  ]);
}

// The comparison page: one shareable URL (page-state.ts) holds the subject (indicator, budget code, staff,
// spending), the regions (or a province), the years and the view (trend, heatmap, ranking, table). The page
// asks the gateway's /graphql, draws the view and the sortable table, summarises missing cells, and saves the
// chart as PNG or the view as CSV/XLSX. A region that does not answer is named, the others shown.

import { readCredential, saveCredential } from '../../auth/page-credential.js';
import { clearChart, drawRanking, drawTrend, regionColour } from './chart-views.ts';
import type { Comparison, MissingCell } from './comparison-model.ts';
import { measureOf } from './comparison-model.ts';
import {
  type BudgetLevel,
  ComparePageBudgetItemsDocument,
  ComparePageCatalogueDocument,
} from './compare-page-operations.generated.ts';
import { askComparison, LEVEL_LABELS, requestOf, type Question } from './comparison-queries.ts';
import { fillTable } from './comparison-table.ts';
import { downloadExport, exportHref, savePng } from './downloads.ts';
import { postGraphQL, RefusedError, type GraphQLError } from './graphql-client.ts';
import { drawHeatmap, heatmapCanvas } from './heatmap-view.ts';
import { fillMissing } from './missing-summary.ts';
import { pageQueryString, readState, VIEWS, type PageState, type View } from './page-state.ts';

interface CatalogueRegion {
  code: string;
  name: string;
  city: string;
  planYears: number[];
  provinces: Array<{ name: string; verified: boolean }>;
}

const VIEW_LABELS: Record<View, string> = {
  trend: 'Tren',
  heatmap: 'Peta panas',
  ranking: 'Peringkat',
  table: 'Tabel',
};

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no #${id}`);
  return found as T;
}

const elements = {
  form: element<HTMLFormElement>('comparison-form'),
  indicator: element<HTMLSelectElement>('indicator'),
  rankBy: element<HTMLSelectElement>('rank-by'),
  level: element<HTMLSelectElement>('level'),
  code: element<HTMLSelectElement>('code'),
  province: element<HTMLSelectElement>('province'),
  regionChecks: element('region-checks'),
  yearChecks: element('year-checks'),
  synthetic: element<HTMLInputElement>('synthetic'),
  results: element('results'),
  status: element('status'),
  unavailable: element('unavailable'),
  error: element('error'),
  views: element('views'),
  measure: element<HTMLSelectElement>('measure'),
  rankingYear: element<HTMLSelectElement>('ranking-year'),
  rankingYearField: element('ranking-year-field'),
  chartTitle: element('chart-title'),
  chartNote: element('chart-note'),
  chartSection: element('chart-section'),
  chartBox: element('chart-box'),
  canvas: element<HTMLCanvasElement>('comparison-chart'),
  heatmapBox: element('heatmap-box'),
  heatmap: element<HTMLTableElement>('heatmap'),
  heatmapLegend: element('heatmap-legend'),
  savePng: element<HTMLButtonElement>('save-png'),
  table: element<HTMLTableElement>('comparison-table'),
  missing: element<HTMLDetailsElement>('missing'),
  summary: element('summary'),
  csvLink: element<HTMLAnchorElement>('csv-link'),
  xlsxLink: element<HTMLAnchorElement>('xlsx-link'),
  excelCsvLink: element<HTMLAnchorElement>('excel-csv-link'),
  credentialForm: element<HTMLFormElement>('credential-form'),
  credential: element<HTMLInputElement>('credential'),
  credentialForget: element<HTMLButtonElement>('credential-forget'),
  credentialStatus: element('credential-status'),
};

/** What the page knows from the national service. */
const catalogue = {
  indicators: [] as Array<{ id: string; name: string }>,
  regions: [] as CatalogueRegion[],
  years: [] as number[],
  provinces: [] as string[],
  /** Provinces a source document states for some office; the others come from background knowledge. */
  verifiedProvinces: new Set<string>(),
  budgetItems: new Map<string, Array<{ code: string; name: string; validFrom: number }>>(),
};

let state: PageState = readState(location.search);
/** The last answer, by the request that asked it: a change of view, measure or sort draws again without asking. */
let shown: { key: string; comparison: Comparison; errors: GraphQLError[] } | null = null;
let latestRequest = 0;

// ---- messages ------------------------------------------------------------------------------------

function showError(message: string): void {
  elements.error.hidden = !message;
  elements.error.textContent = message ? `Galat: ${message}` : '';
}

function showFailure(error: unknown): void {
  if (error instanceof RefusedError) {
    elements.credentialForm.classList.add('refused');
    elements.credentialStatus.textContent = error.message;
    elements.credential.focus();
  }
  showError(error instanceof Error ? error.message : String(error));
}

function setBusy(busy: boolean): void {
  elements.results.setAttribute('aria-busy', String(busy));
}

function regionLabel(code: string): string {
  const region = catalogue.regions.find((item) => item.code === code);
  return region ? `Kanreg ${region.code} ${region.city}` : `Kanreg ${code}`;
}

const cityOf = (code: string) => catalogue.regions.find((region) => region.code === code)?.city ?? '';

/** Regions whose service did not answer, from the missing cells and the errors, in directory order. */
function unavailableRegions(missing: MissingCell[], errors: GraphQLError[]): string[] {
  const codes = new Set(missing.filter((cell) => cell.reason === 'REGION_UNAVAILABLE').map((cell) => cell.regionCode));
  for (const error of errors) {
    const code = error.extensions?.code;
    if ((code === 'REGION_UNAVAILABLE' || code === 'REGION_NOT_CONFIGURED') && error.extensions?.region)
      codes.add(error.extensions.region);
  }
  return catalogue.regions.map((region) => region.code).filter((code) => codes.has(code));
}

/** Regions served from the gateway's last good answers (REGION_STALE), each with its oldest "as of". */
function staleRegions(errors: GraphQLError[]): Array<{ code: string; asOf: string }> {
  const oldest = new Map<string, string>();
  for (const error of errors) {
    const { code, region, asOf } = error.extensions ?? {};
    if (code !== 'REGION_STALE' || !region || !asOf) continue;
    if (!oldest.has(region) || asOf < oldest.get(region)!) oldest.set(region, asOf);
  }
  return catalogue.regions
    .filter((region) => oldest.has(region.code))
    .map((region) => ({ code: region.code, asOf: oldest.get(region.code)! }));
}

function asOfText(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString('id-ID', { dateStyle: 'medium', timeStyle: 'short' });
}

function showUnavailable(codes: string[], stale: Array<{ code: string; asOf: string }>): void {
  const notes: string[] = [];
  if (codes.length > 0) {
    notes.push(
      `Data ${codes.map(regionLabel).join(', ')} tidak tersedia saat ini: layanan wilayahnya tidak menjawab. ` +
        'Wilayah lain tetap ditampilkan; coba lagi nanti untuk wilayah itu.',
    );
  }
  if (stale.length > 0) {
    notes.push(
      `Layanan ${stale.map(({ code }) => regionLabel(code)).join(', ')} tidak menjawab; ` +
        'angkanya adalah yang terakhir diketahui: ' +
        stale.map(({ code, asOf }) => `${regionLabel(code)} per ${asOfText(asOf)} (as of ${asOf})`).join(', ') +
        '.',
    );
  }
  elements.unavailable.hidden = notes.length === 0;
  elements.unavailable.textContent = notes.join(' ');
}

// ---- the form ------------------------------------------------------------------------------------

function checkbox(name: string, value: string, text: string, hint: string | null, title?: string): HTMLLabelElement {
  const label = document.createElement('label');
  const input = Object.assign(document.createElement('input'), { type: 'checkbox', name, value });
  label.append(input, ` ${text}`);
  if (hint) label.append(' ', Object.assign(document.createElement('span'), { className: 'city', textContent: hint }));
  if (title) label.title = title;
  return label;
}

function buildForm(): void {
  elements.indicator.replaceChildren(
    ...catalogue.indicators.map((indicator) => new Option(indicator.name, indicator.id)),
  );
  elements.regionChecks.replaceChildren(
    ...catalogue.regions.map((region) => checkbox('region', region.code, region.code, region.city, region.name)),
  );
  elements.yearChecks.replaceChildren(
    ...catalogue.years.map((year) => checkbox('year', String(year), String(year), null)),
  );
  elements.province.replaceChildren(
    new Option('Semua provinsi', ''),
    ...catalogue.provinces.map(
      (name) =>
        new Option(catalogue.verifiedProvinces.has(name) ? name : `${name} (belum terverifikasi dokumen)`, name),
    ),
  );
}

async function budgetItemsOf(level: string) {
  if (!catalogue.budgetItems.has(level)) {
    // The form offers only LEVEL_LABELS' levels; any other the graph refuses, and the page shows its error.
    const { data, errors } = await postGraphQL(ComparePageBudgetItemsDocument, { level: level as BudgetLevel });
    if (!data?.budgetItems) throw new Error(errors?.[0]?.message ?? `No budget items for level ${level}`);
    // A code can stand in several nomenclature versions: one entry per code, its latest name.
    const byCode = new Map<string, { code: string; name: string; validFrom: number }>();
    for (const item of data.budgetItems) {
      const known = byCode.get(item.code);
      if (!known || item.validFrom > known.validFrom) byCode.set(item.code, item);
    }
    catalogue.budgetItems.set(level, [...byCode.values()]);
  }
  return catalogue.budgetItems.get(level)!;
}

async function fillCodes(level: string, selected: string | undefined): Promise<void> {
  const items = await budgetItemsOf(level);
  elements.code.replaceChildren(...items.map((item) => new Option(`${item.code} · ${item.name}`, item.code)));
  const wanted = items.find((item) => item.code === selected) ?? items[0];
  if (wanted) elements.code.value = wanted.code;
}

function checkedValues(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll<HTMLInputElement>('input:checked')).map((input) => input.value);
}

function setChecked(container: HTMLElement, values: Array<string | number> | null): void {
  const wanted = values == null ? null : new Set(values.map(String));
  for (const input of Array.from(container.querySelectorAll<HTMLInputElement>('input')))
    input.checked = wanted == null || wanted.has(input.value);
}

/** Offices whose work area holds any of the provinces. */
function regionsServing(provinces: string[]): string[] {
  return catalogue.regions
    .filter((region) => region.provinces.some((province) => provinces.includes(province.name)))
    .map((region) => region.code);
}

function showSubject(subject: PageState['subject']): void {
  for (const radio of Array.from(elements.form.querySelectorAll<HTMLInputElement>('input[name="subject"]')))
    radio.checked = radio.value === subject;
  for (const field of Array.from(elements.form.querySelectorAll<HTMLElement>('[data-subject]')))
    field.hidden = field.dataset.subject !== subject;
}

/** Puts a state into the form; what the form cannot hold (an unknown id) takes the form's choice. */
async function applyStateToForm(wanted: PageState): Promise<PageState> {
  showSubject(wanted.subject);
  const indicator = catalogue.indicators.find((item) => item.id === wanted.indicator) ?? catalogue.indicators[0];
  if (indicator) elements.indicator.value = indicator.id;
  elements.rankBy.value = wanted.rankBy;
  if (wanted.subject === 'budget') {
    elements.level.value = LEVEL_LABELS[wanted.level] ? wanted.level : 'RO';
    await fillCodes(elements.level.value, wanted.codes[0]);
  }
  const provinces = wanted.provinces.filter((name) => catalogue.provinces.includes(name));
  elements.province.value = provinces[0] ?? '';
  setChecked(elements.regionChecks, provinces.length > 0 ? regionsServing(provinces) : wanted.regions);
  setChecked(elements.yearChecks, wanted.years);
  elements.synthetic.checked = wanted.synthetic;
  return { ...readForm(), view: wanted.view, measure: wanted.measure, year: wanted.year, sort: wanted.sort };
}

/** The form's choices; view, measure, ranking year and sort are kept from the current state. */
function readForm(): PageState {
  const subject = (elements.form.querySelector<HTMLInputElement>('input[name="subject"]:checked')?.value ??
    'indicator') as PageState['subject'];
  return {
    ...state,
    subject,
    indicator: elements.indicator.value,
    rankBy: elements.rankBy.value === 'REALISATION' ? 'REALISATION' : 'ACHIEVEMENT',
    level: elements.level.value,
    codes: elements.code.value ? [elements.code.value] : [],
    regions: checkedValues(elements.regionChecks),
    provinces: elements.province.value ? [elements.province.value] : [],
    years: checkedValues(elements.yearChecks).map(Number),
    synthetic: elements.synthetic.checked,
  };
}

// ---- drawing -------------------------------------------------------------------------------------

function questionOf(current: PageState): Question {
  return {
    state: current,
    regions: current.regions ?? catalogue.regions.map((region) => region.code),
    years: current.years ?? catalogue.years,
  };
}

function colourOf(regionCode: string): string {
  return regionColour(catalogue.regions.findIndex((region) => region.code === regionCode));
}

function fillMeasures(comparison: Comparison, chosen: string): void {
  elements.measure.replaceChildren(...comparison.measures.map((measure) => new Option(measure.label, measure.key)));
  elements.measure.value = chosen;
}

/** The ranking's year: the one asked for, else the latest with figures of the measure. */
function rankingYearOf(comparison: Comparison, measureKey: string, years: number[]): number | null {
  const withFigures = years.filter((year) =>
    comparison.rows.some((row) => row.year === year && row.values[measureKey] != null),
  );
  if (state.year != null && years.includes(state.year)) return state.year;
  return withFigures[withFigures.length - 1] ?? years[years.length - 1] ?? null;
}

function fillSummary(entries: Array<[string, string]>): void {
  elements.summary.replaceChildren(
    ...entries.flatMap(([term, description]) => [
      Object.assign(document.createElement('dt'), { textContent: term }),
      Object.assign(document.createElement('dd'), { textContent: description }),
    ]),
  );
}

function draw(comparison: Comparison, question: Question): void {
  const years = [...question.years].sort((a, b) => a - b);
  // The ranking of an indicator shows, unless told otherwise, what its rank follows (achievement by default).
  const rankedMeasure =
    state.view === 'ranking' && comparison.subject === 'indicator'
      ? state.rankBy === 'REALISATION'
        ? 'realisation'
        : 'achievement'
      : null;
  const measure = measureOf(comparison, state.measure ?? rankedMeasure);
  fillMeasures(comparison, measure.key);
  for (const button of Array.from(elements.views.querySelectorAll<HTMLButtonElement>('button[data-view]')))
    button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
  elements.chartSection.hidden = state.view === 'table';
  elements.chartBox.hidden = state.view !== 'trend' && state.view !== 'ranking';
  elements.heatmapBox.hidden = state.view !== 'heatmap';
  elements.rankingYearField.hidden = state.view !== 'ranking';
  elements.savePng.hidden = state.view === 'table';
  // The table shows every figure at once: no measure to choose.
  elements.measure.closest('label')!.hidden = state.view === 'table';
  elements.chartNote.textContent = comparison.note;
  if (state.view === 'trend') {
    const period = `${years[0]}–${years[years.length - 1]}`;
    elements.chartTitle.textContent = `${comparison.title}: ${measure.label} per wilayah, ${period}`;
    drawTrend(elements.canvas, comparison, measure.key, years, colourOf);
  } else if (state.view === 'ranking') {
    const year = rankingYearOf(comparison, measure.key, years);
    elements.rankingYear.replaceChildren(...years.map((item) => new Option(String(item), String(item))));
    if (year != null) elements.rankingYear.value = String(year);
    elements.chartTitle.textContent = `${comparison.title}: peringkat ${measure.label}, ${year ?? '–'}`;
    if (year != null) drawRanking(elements.canvas, comparison, measure.key, year, colourOf);
  } else {
    clearChart();
    if (state.view === 'heatmap') {
      elements.chartTitle.textContent = `${comparison.title}: ${measure.label}, wilayah × tahun`;
      drawHeatmap(elements.heatmap, elements.heatmapLegend, comparison, measure.key, years);
    }
  }
  fillTable(elements.table, comparison, state.sort, (sort) => changeState({ ...state, sort }));
  const labelOf = (cell: MissingCell) =>
    [cell.regionCode, cityOf(cell.regionCode), cell.year, cell.code]
      .filter((part) => part != null && part !== '')
      .join(' ');
  fillMissing(elements.missing, comparison.missing, labelOf, comparison.subject === 'budget' ? 'sel' : 'wilayah-tahun');
  fillSummary(comparison.statistics);
}

function requestKey(question: Question): string {
  return JSON.stringify(requestOf(question));
}

async function render(): Promise<void> {
  const question = questionOf(state);
  elements.csvLink.href = exportHref(question, 'csv');
  elements.xlsxLink.href = exportHref(question, 'xlsx');
  elements.excelCsvLink.href = exportHref(question, 'csv', 'excel-id');
  if (question.regions.length === 0 || question.years.length === 0) {
    elements.status.textContent = 'Pilih sedikitnya satu wilayah dan satu tahun.';
    setBusy(false);
    return;
  }
  const request = ++latestRequest;
  setBusy(true);
  try {
    const key = requestKey(question);
    if (shown?.key !== key) {
      elements.status.textContent = 'Memuat…';
      const { comparison, errors } = await askComparison(question, cityOf);
      if (request !== latestRequest) return;
      const regionErrors = new Set(['REGION_UNAVAILABLE', 'REGION_NOT_CONFIGURED', 'REGION_STALE']);
      showError(
        errors
          .filter((error) => !regionErrors.has(error.extensions?.code ?? ''))
          .map((error) => error.message)
          .join(' · '),
      );
      if (!comparison) {
        shown = null;
        showUnavailable([], []);
        elements.status.textContent = 'Tidak ada data untuk pilihan ini.';
        return;
      }
      shown = { key, comparison, errors };
    }
    const { comparison, errors } = shown;
    showUnavailable(unavailableRegions(comparison.missing, errors), staleRegions(errors));
    draw(comparison, question);
    const filled = comparison.rows.filter((row) => !row.missing).length;
    elements.status.textContent =
      `${comparison.rows.length} baris dari ${question.regions.length} wilayah dan ${question.years.length} tahun; ` +
      `${filled} berisi angka.`;
  } catch (error) {
    if (request !== latestRequest) return;
    showFailure(error);
    elements.status.textContent = 'Gagal memuat.';
  } finally {
    if (request === latestRequest) setBusy(false);
  }
}

function allCounts() {
  return { regions: catalogue.regions.length, years: catalogue.years.length };
}

/** A change the reader made: a new history entry (back returns to the view before), then draw. */
function changeState(next: PageState): void {
  state = next;
  const search = pageQueryString(state, allCounts());
  if (search !== location.search.slice(1)) history.pushState(null, '', search ? `?${search}` : location.pathname);
  void render();
}

// ---- listening -----------------------------------------------------------------------------------

let pendingChange = 0;

function listenToForm(): void {
  elements.form.addEventListener('submit', (event) => {
    event.preventDefault();
    changeState(readForm());
  });
  elements.form.addEventListener('change', async (event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.name === 'subject') {
      showSubject(target.value as PageState['subject']);
      if (target.value === 'budget' && elements.code.options.length === 0)
        await fillCodes(elements.level.value, undefined);
      state = { ...state, measure: null, sort: null };
    }
    if (target === elements.level) await fillCodes(elements.level.value, undefined);
    if (target === elements.province)
      setChecked(elements.regionChecks, target.value ? regionsServing([target.value]) : null);
    // Regions ticked by hand are no longer "the offices serving a province".
    if (target.name === 'region') elements.province.value = '';
    // Clicks in a row become one history entry and one request.
    latestRequest += 1;
    setBusy(true);
    clearTimeout(pendingChange);
    pendingChange = window.setTimeout(() => changeState(readForm()), 250);
  });
  for (const button of Array.from(elements.form.querySelectorAll<HTMLButtonElement>('button[data-check]'))) {
    button.addEventListener('click', () => {
      setChecked(elements.regionChecks, button.dataset.value === 'all' ? null : []);
      elements.province.value = '';
      changeState(readForm());
    });
  }
  elements.views.addEventListener('click', (event) => {
    const view = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-view]')?.dataset.view as
      | View
      | undefined;
    if (view && VIEWS.includes(view)) changeState({ ...state, view });
  });
  elements.measure.addEventListener('change', () => changeState({ ...state, measure: elements.measure.value }));
  elements.rankingYear.addEventListener('change', () =>
    changeState({ ...state, year: Number(elements.rankingYear.value) }),
  );
  window.addEventListener('popstate', () => {
    void applyStateToForm(readState(location.search)).then((restored) => {
      state = restored;
      void render();
    });
  });
}

function listenToDownloads(): void {
  for (const link of [elements.csvLink, elements.xlsxLink, elements.excelCsvLink]) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      downloadExport(link.href).catch(showFailure);
    });
  }
  elements.savePng.addEventListener('click', () => {
    if (!shown) return;
    const question = questionOf(state);
    const canvas =
      state.view === 'heatmap'
        ? heatmapCanvas(
            shown.comparison,
            state.measure,
            [...question.years].sort((a, b) => a - b),
          )
        : elements.canvas;
    const subject =
      state.subject === 'indicator' ? state.indicator : state.subject === 'budget' ? state.codes[0] : state.subject;
    const name = `perbandingan-${subject}-${state.view}.png`;
    savePng(canvas, name).catch(showFailure);
  });
}

function listenToCredential(): void {
  elements.credential.value = readCredential();
  elements.credentialStatus.textContent = readCredential()
    ? 'Dikirim sebagai Authorization: Bearer; disimpan di tab ini saja.'
    : '';
  // A new credential reloads the page: the catalogue and the view are asked again with it; the view stays in the
  // address.
  elements.credentialForm.addEventListener('submit', (event) => {
    event.preventDefault();
    saveCredential(elements.credential.value);
    location.reload();
  });
  elements.credentialForget.addEventListener('click', () => {
    saveCredential('');
    location.reload();
  });
}

function buildViewButtons(): void {
  elements.views.replaceChildren(
    ...VIEWS.map((view) => {
      const button = Object.assign(document.createElement('button'), {
        type: 'button',
        textContent: VIEW_LABELS[view],
      });
      button.dataset.view = view;
      return button;
    }),
  );
}

async function start(): Promise<void> {
  listenToCredential();
  listenToDownloads();
  buildViewButtons();
  try {
    const { data, errors } = await postGraphQL(ComparePageCatalogueDocument, {});
    // National root fields are nullable: with national down they arrive null beside its error.
    if (!data?.indicators || !data?.regions) throw new Error(errors?.[0]?.message ?? 'No indicators and regions');
    catalogue.indicators = data.indicators;
    catalogue.regions = data.regions;
    catalogue.years = [...new Set(catalogue.regions.flatMap((region) => region.planYears))].sort((a, b) => a - b);
    catalogue.provinces = [
      ...new Set(catalogue.regions.flatMap((region) => region.provinces.map((province) => province.name))),
    ].sort((a, b) => a.localeCompare(b, 'id'));
    catalogue.verifiedProvinces = new Set(
      catalogue.regions.flatMap((region) =>
        region.provinces.filter((province) => province.verified).map((province) => province.name),
      ),
    );
    buildForm();
    state = await applyStateToForm(readState(location.search));
    const search = pageQueryString(state, allCounts());
    if (search !== location.search.slice(1)) history.replaceState(null, '', search ? `?${search}` : location.pathname);
    listenToForm();
    await render();
  } catch (error) {
    showFailure(error);
    elements.status.textContent = 'Gagal memuat.';
    setBusy(false);
  }
}

void start();

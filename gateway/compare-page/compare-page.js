// The comparison page: the view's state lives in the query string (shareable links); the page asks the
// gateway's own /graphql, draws the chart with Chart.js (served by the gateway, global `Chart`) and the
// table, and links the CSV export of the same view. A region that does not answer is named, the others shown.
// A token or API key pasted in the header goes with every request (see credential.js).

import { readCredential, saveCredential, withCredential } from './credential.js';

const GRAPHQL_URL = new URL('graphql', document.baseURI).href;

/** Plan kinds that are real data: everything but SYNTHETIC. */
const REAL_KINDS = ['DOCUMENT', 'DERIVED', 'MANUAL'];

const KIND_LABELS = { DOCUMENT: 'Dokumen', DERIVED: 'Turunan', MANUAL: 'Manual', SYNTHETIC: 'Sintetis' };

const MISSING_LABELS = {
  REGION_UNAVAILABLE: 'layanan wilayah tidak menjawab',
  NO_PLAN: 'tidak ada rencana kerja',
  NO_VALUE: 'tidak ada angka di rencana',
  NOT_IN_NOMENCLATURE: 'di luar nomenklatur tahun itu',
  EXCLUDED_KIND: 'data sintetis tidak disertakan',
};

const LEVEL_LABELS = { PROGRAM: 'Program', KEGIATAN: 'Kegiatan', KRO: 'KRO', RO: 'RO' };

const COLOURS = { planned: '#9fb7d6', actual: '#1d4e89' };

const CATALOGUE_QUERY = `query ComparePageCatalogue {
  indicators { id name unit higherIsBetter }
  regions { code name city planYears }
}`;

const BUDGET_ITEMS_QUERY = `query ComparePageBudgetItems($level: BudgetLevel!) {
  budgetItems(level: $level) { code level name nomenclature validFrom validTo }
}`;

const STATISTICS = 'count min max mean median';

const INDICATOR_QUERY = `query ComparePageIndicator($indicator: ID!, $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!]) {
  compareIndicator(indicator: $indicator, regions: $regions, years: $years, kinds: $kinds) {
    indicator { id name unit higherIsBetter }
    rows {
      region { code city } year code kind target realisation achievement gapToTarget
      rank rankedAmong targetChange realisationChange linkedBudget missing
    }
    summary {
      target { ${STATISTICS} } realisation { ${STATISTICS} } achievement { ${STATISTICS} }
      missing { region { code } year reason }
    }
  }
}`;

const BUDGET_QUERY = `query ComparePageBudget($level: BudgetLevel!, $codes: [String!], $regions: [String!], $years: [Int!], $kinds: [ProvenanceKind!]) {
  compareBudget(level: $level, codes: $codes, regions: $regions, years: $years, kinds: $kinds) {
    items { code name }
    rows {
      region { code city } year code name kind amount realisedAmount absorption shareOfRegionTotal amountChange missing
    }
    summary {
      totals { code year total }
      missing { region { code } year code reason }
    }
  }
}`;

// Indonesian number formats: 12.218.328.000 and 81,95; the CSV keeps the raw values.
const numberFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
const changeFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const percentFormat = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 });
const rupiahFormat = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const rupiahChangeFormat = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const rupiahCompactFormat = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', notation: 'compact', maximumFractionDigits: 1 });

const orNone = (format) => (value) => (value == null ? '–' : format(value));
const formatNumber = orNone((value) => numberFormat.format(value));
const formatChange = orNone((value) => changeFormat.format(value));
const formatRupiah = orNone((value) => rupiahFormat.format(value));
const formatRupiahChange = orNone((value) => rupiahChangeFormat.format(value));
/** Fractions (0.93) as 93%. */
const formatFraction = orNone((value) => percentFormat.format(value));
/** Percentages (97.7) as 97,7%. */
const formatPercent = orNone((value) => percentFormat.format(value / 100));

const elements = {
  form: document.getElementById('comparison-form'),
  indicator: document.getElementById('indicator'),
  level: document.getElementById('level'),
  code: document.getElementById('code'),
  regionChecks: document.getElementById('region-checks'),
  yearChecks: document.getElementById('year-checks'),
  synthetic: document.getElementById('synthetic'),
  results: document.getElementById('results'),
  status: document.getElementById('status'),
  unavailable: document.getElementById('unavailable'),
  error: document.getElementById('error'),
  chartTitle: document.getElementById('chart-title'),
  chartNote: document.getElementById('chart-note'),
  canvas: document.getElementById('comparison-chart'),
  table: document.getElementById('comparison-table'),
  summary: document.getElementById('summary'),
  csvLink: document.getElementById('csv-link'),
  credentialForm: document.getElementById('credential-form'),
  credential: document.getElementById('credential'),
  credentialForget: document.getElementById('credential-forget'),
  credentialStatus: document.getElementById('credential-status'),
};

/** What the page knows from the national service: indicators, regions and their plan years, budget items per level. */
const catalogue = { indicators: [], regions: [], years: [], budgetItems: new Map() };

let chart = null;
let latestRequest = 0;
let pendingRefresh = 0;

/** The gateway refused the credential (401) or its role (403): said beside the field, which takes the focus. */
class RefusedError extends Error {}

async function refusal(response) {
  const body = await response.clone().json().catch(() => null);
  const reason = body?.errors?.[0]?.message;
  const message = response.status === 403
    ? `Gateway menolak (403 FORBIDDEN)${reason ? `: ${reason}` : ''}. Tempelkan token atau kunci API dengan peran analyst di kolom «Token atau kunci API» di atas.`
    : `Gateway meminta kredensial (401 UNAUTHENTICATED)${reason ? `: ${reason}` : ''}. Tempelkan token atau kunci API di kolom «Token atau kunci API» di atas.`;
  elements.credentialForm.classList.add('refused');
  elements.credentialStatus.textContent = message;
  elements.credential.focus();
  return new RefusedError(message);
}

function showCredentialKept() {
  elements.credentialForm.classList.remove('refused');
  elements.credentialStatus.textContent = readCredential() ? 'Dikirim sebagai Authorization: Bearer; disimpan di tab ini saja.' : '';
}

async function postGraphQL(query, variables = {}) {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: withCredential({ 'content-type': 'application/json', accept: 'application/json' }),
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401 || response.status === 403) throw await refusal(response);
  const body = await response.json().catch(() => null);
  if (!body || (!body.data && !body.errors)) throw new Error(`Expected a GraphQL answer from ${GRAPHQL_URL}, got HTTP ${response.status}`);
  return body;
}

// ---- state <-> query string ----------------------------------------------------------------------

function listParam(params, name) {
  const value = params.get(name);
  return value == null ? null : value.split(',').map((item) => item.trim()).filter(Boolean);
}

/** The view asked for by a query string; lists are null when not given (meaning: all). */
function readState(search) {
  const params = new URLSearchParams(search);
  const level = params.get('level');
  return {
    subject: level ? 'budget' : 'indicator',
    indicator: params.get('indicator'),
    level: level ? level.toUpperCase() : 'RO',
    codes: listParam(params, 'codes') ?? [],
    regions: listParam(params, 'regions')?.map((code) => code.toUpperCase()) ?? null,
    years: listParam(params, 'years')?.map(Number).filter(Number.isInteger) ?? null,
    synthetic: ['1', 'true', 'ya'].includes(params.get('synthetic') ?? ''),
  };
}

/** Commas stay readable in shared links: `regions=VI,XII`. */
function queryString(entries) {
  return entries
    .filter(([, value]) => value != null && value !== '')
    .map(([name, value]) => `${name}=${String(value).split(',').map(encodeURIComponent).join(',')}`)
    .join('&');
}

function pageQueryString(state) {
  const allRegions = state.regions.length === catalogue.regions.length;
  const allYears = state.years.length === catalogue.years.length;
  return queryString([
    ...(state.subject === 'indicator' ? [['indicator', state.indicator]] : [['level', state.level], ['codes', state.codes.join(',')]]),
    ['regions', allRegions ? null : state.regions.join(',')],
    ['years', allYears ? null : state.years.join(',')],
    ['synthetic', state.synthetic ? '1' : null],
  ]);
}

function kindsOf(state) {
  return state.synthetic ? null : REAL_KINDS;
}

/** The export of the view on screen: same indicator or code, regions, years and kinds. */
function csvHref(state) {
  const common = [['regions', state.regions.join(',')], ['years', state.years.join(',')], ['kinds', kindsOf(state)?.join(',')]];
  return state.subject === 'indicator'
    ? `export/indicators.csv?${queryString([['indicators', state.indicator], ...common])}`
    : `export/budget.csv?${queryString([['level', state.level], ['codes', state.codes.join(',')], ...common])}`;
}

// ---- the form ------------------------------------------------------------------------------------

function checkbox(name, value, labelHtml, title) {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = name;
  input.value = String(value);
  label.append(input, ' ');
  label.insertAdjacentHTML('beforeend', labelHtml);
  if (title) label.title = title;
  return label;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function buildForm() {
  elements.indicator.replaceChildren(...catalogue.indicators.map((indicator) => new Option(indicator.name, indicator.id)));
  elements.regionChecks.replaceChildren(
    ...catalogue.regions.map((region) => checkbox('region', region.code, `${escapeHtml(region.code)} <span class="city">${escapeHtml(region.city)}</span>`, region.name)),
  );
  elements.yearChecks.replaceChildren(...catalogue.years.map((year) => checkbox('year', year, String(year))));
}

async function budgetItemsOf(level) {
  if (!catalogue.budgetItems.has(level)) {
    const { data, errors } = await postGraphQL(BUDGET_ITEMS_QUERY, { level });
    if (!data?.budgetItems) throw new Error(errors?.[0]?.message ?? `No budget items for level ${level}`);
    // A code can stand in several nomenclature versions: one entry per code, its latest name.
    const byCode = new Map();
    for (const item of data.budgetItems) {
      const known = byCode.get(item.code);
      if (!known || item.validFrom > known.validFrom) byCode.set(item.code, item);
    }
    catalogue.budgetItems.set(level, [...byCode.values()]);
  }
  return catalogue.budgetItems.get(level);
}

async function fillCodes(level, selected) {
  const items = await budgetItemsOf(level);
  elements.code.replaceChildren(...items.map((item) => new Option(`${item.code} · ${item.name}`, item.code)));
  const wanted = items.find((item) => item.code === selected) ?? items[0];
  if (wanted) elements.code.value = wanted.code;
}

function checkedValues(container) {
  return [...container.querySelectorAll('input:checked')].map((input) => input.value);
}

function setChecked(container, values) {
  const wanted = values == null ? null : new Set(values.map(String));
  for (const input of container.querySelectorAll('input')) input.checked = wanted == null || wanted.has(input.value);
}

function showSubject(subject) {
  for (const radio of elements.form.elements.namedItem('subject')) radio.checked = radio.value === subject;
  for (const field of elements.form.querySelectorAll('[data-subject]')) field.hidden = field.dataset.subject !== subject;
}

/** Puts a state into the form; returns the state as the form can express it (unknown ids replaced). */
async function applyStateToForm(state) {
  showSubject(state.subject);
  const indicator = catalogue.indicators.find((item) => item.id === state.indicator) ?? catalogue.indicators[0];
  if (indicator) elements.indicator.value = indicator.id;
  if (state.subject === 'budget') {
    elements.level.value = LEVEL_LABELS[state.level] ? state.level : 'RO';
    await fillCodes(elements.level.value, state.codes[0]);
  }
  setChecked(elements.regionChecks, state.regions);
  setChecked(elements.yearChecks, state.years);
  elements.synthetic.checked = state.synthetic;
  return readForm();
}

function readForm() {
  const subject = elements.form.elements.namedItem('subject').value;
  return {
    subject,
    indicator: elements.indicator.value,
    level: elements.level.value,
    codes: elements.code.value ? [elements.code.value] : [],
    regions: checkedValues(elements.regionChecks),
    years: checkedValues(elements.yearChecks).map(Number),
    synthetic: elements.synthetic.checked,
  };
}

// ---- loading and drawing -------------------------------------------------------------------------

function regionLabel(code) {
  const region = catalogue.regions.find((item) => item.code === code);
  return region ? `Kanreg ${region.code} ${region.city}` : `Kanreg ${code}`;
}

/** Regions whose service did not answer: from the summary's missing cells and from the errors. */
function unavailableRegions(missing, errors) {
  const codes = new Set(missing.filter((cell) => cell.reason === 'REGION_UNAVAILABLE').map((cell) => cell.region.code));
  for (const error of errors) {
    const code = error.extensions?.code;
    if ((code === 'REGION_UNAVAILABLE' || code === 'REGION_NOT_CONFIGURED') && error.extensions.region) codes.add(error.extensions.region);
  }
  return catalogue.regions.map((region) => region.code).filter((code) => codes.has(code));
}

/**
 * Regions whose cells are their last known figures (REGION_STALE: the region is down, the gateway kept its last
 * good answer), each with the oldest "as of" time among its cells, in directory order.
 */
function staleRegions(errors) {
  const oldest = new Map();
  for (const error of errors) {
    const { code, region, asOf } = error.extensions ?? {};
    if (code !== 'REGION_STALE' || !region || !asOf) continue;
    if (!oldest.has(region) || asOf < oldest.get(region)) oldest.set(region, asOf);
  }
  return catalogue.regions.filter((region) => oldest.has(region.code)).map((region) => ({ code: region.code, asOf: oldest.get(region.code) }));
}

function asOfText(iso) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString('id-ID', { dateStyle: 'medium', timeStyle: 'short' });
}

function showUnavailable(codes, stale = []) {
  const notes = [];
  if (codes.length > 0) {
    notes.push(`Data ${codes.map(regionLabel).join(', ')} tidak tersedia saat ini: layanan wilayahnya tidak menjawab. ` +
      'Wilayah lain tetap ditampilkan; coba lagi nanti untuk wilayah itu.');
  }
  if (stale.length > 0) {
    notes.push(`Layanan ${stale.map(({ code }) => regionLabel(code)).join(', ')} tidak menjawab; angkanya adalah yang terakhir diketahui: ` +
      stale.map(({ code, asOf }) => `${regionLabel(code)} per ${asOfText(asOf)} (as of ${asOf})`).join(', ') + '.');
  }
  elements.unavailable.hidden = notes.length === 0;
  elements.unavailable.textContent = notes.join(' ');
}

function showError(message) {
  elements.error.hidden = !message;
  elements.error.textContent = message ? `Galat: ${message}` : '';
}

function setBusy(busy) {
  elements.results.setAttribute('aria-busy', String(busy));
}

function scheduleRefresh(delayMs = 250) {
  // An answer still on its way is for an older choice: drop it, and stay busy until the new one.
  latestRequest += 1;
  setBusy(true);
  clearTimeout(pendingRefresh);
  pendingRefresh = setTimeout(() => void refresh(), delayMs);
}

async function refresh() {
  const state = readForm();
  const search = pageQueryString(state);
  if (search !== location.search.slice(1)) history.replaceState(null, '', search ? `?${search}` : location.pathname);
  elements.csvLink.href = csvHref(state);

  if (state.regions.length === 0 || state.years.length === 0) {
    elements.status.textContent = 'Pilih sedikitnya satu wilayah dan satu tahun.';
    setBusy(false);
    return;
  }
  const request = ++latestRequest;
  elements.status.textContent = 'Memuat…';
  setBusy(true);
  try {
    const variables = { regions: state.regions, years: state.years, kinds: kindsOf(state) };
    const answer = state.subject === 'indicator'
      ? await postGraphQL(INDICATOR_QUERY, { ...variables, indicator: state.indicator })
      : await postGraphQL(BUDGET_QUERY, { ...variables, level: state.level, codes: state.codes });
    if (request !== latestRequest) return;
    const errors = answer.errors ?? [];
    const comparison = answer.data?.compareIndicator ?? answer.data?.compareBudget;
    const regionErrors = new Set(['REGION_UNAVAILABLE', 'REGION_NOT_CONFIGURED', 'REGION_STALE']);
    const otherErrors = errors.filter((error) => !regionErrors.has(error.extensions?.code));
    showError(otherErrors.map((error) => error.message).join(' · '));
    if (!comparison) {
      showUnavailable([]);
      elements.status.textContent = 'Tidak ada data untuk pilihan ini.';
      return;
    }
    showUnavailable(unavailableRegions(comparison.summary.missing, errors), staleRegions(errors));
    if (state.subject === 'indicator') drawIndicator(comparison);
    else drawBudget(comparison, state);
    const filled = comparison.rows.filter((row) => !row.missing).length;
    elements.status.textContent = `${comparison.rows.length} baris dari ${state.regions.length} wilayah dan ${state.years.length} tahun; ${filled} berisi angka.`;
  } catch (error) {
    if (request !== latestRequest) return;
    showError(error instanceof Error ? error.message : String(error));
    elements.status.textContent = 'Gagal memuat.';
  } finally {
    if (request === latestRequest) setBusy(false);
  }
}

function drawChart({ labels, planned, actual, plannedLabel, actualLabel, ariaLabel, formatValue, formatTick }) {
  elements.canvas.setAttribute('aria-label', ariaLabel);
  chart?.destroy();
  chart = new Chart(elements.canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: plannedLabel, data: planned, backgroundColor: COLOURS.planned, maxBarThickness: 44 },
        { label: actualLabel, data: actual, backgroundColor: COLOURS.actual, maxBarThickness: 44 },
      ],
    },
    options: {
      locale: 'id-ID',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'top', align: 'start' },
        tooltip: {
          callbacks: {
            title: (items) => (Array.isArray(items[0]?.label) ? items[0].label.join(' ') : items[0]?.label ?? ''),
            label: (item) => `${item.dataset.label}: ${formatValue(item.raw)}`,
          },
        },
      },
      scales: {
        x: { ticks: { autoSkip: false, maxRotation: labels.length <= ROOMY_CATEGORIES ? 0 : 90, font: { size: labels.length <= ROOMY_CATEGORIES ? 12 : 10 } } },
        y: { beginAtZero: true, ticks: { callback: (value) => formatTick(value) } },
      },
    },
  });
}

/** Up to this many bars side by side, a label names the city too; beyond, it is short and turned. */
const ROOMY_CATEGORIES = 16;

/** Region-major labels: "VI Medan" over "2021" when there is room, else "VI 2021". */
function chartLabels(rows, withCode) {
  const roomy = rows.length <= ROOMY_CATEGORIES;
  return rows.map((row) => {
    const label = roomy ? [`${row.region.code} ${row.region.city}`, String(row.year)] : [`${row.region.code} ${row.year}`];
    return withCode ? [...label, row.code] : label.length === 1 ? label[0] : label;
  });
}

function missingText(reason) {
  return reason ? (MISSING_LABELS[reason] ?? reason) : '';
}

function cell(text, column, numeric) {
  const td = document.createElement('td');
  td.textContent = text;
  td.dataset.column = column;
  if (numeric) td.className = 'number';
  return td;
}

function regionHeader(row) {
  const th = document.createElement('th');
  th.scope = 'row';
  th.dataset.column = 'region';
  th.textContent = `${row.region.code} ${row.region.city}`;
  return th;
}

function fillTable(caption, columns, rows) {
  elements.table.caption.textContent = caption;
  const headRow = document.createElement('tr');
  for (const column of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column.label;
    if (column.numeric) th.className = 'number';
    if (column.title) th.title = column.title;
    headRow.append(th);
  }
  elements.table.tHead.replaceChildren(headRow);
  elements.table.tBodies[0].replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    if (row.missing) tr.className = 'missing';
    tr.append(regionHeader(row), ...columns.slice(1).map((column) => cell(column.value(row), column.key, Boolean(column.numeric))));
    return tr;
  }));
}

function fillSummary(entries) {
  elements.summary.replaceChildren(...entries.flatMap(([term, description]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = description;
    return [dt, dd];
  }));
}

/** Cells the summary names but the rows leave out (a kind not asked for), as "VI Medan 2024" by reason. */
function leftOutText(rows, missing) {
  const keyOf = (regionCode, year, code) => `${regionCode}@${year}@${code ?? ''}`;
  // Indicator cells carry no code (a row's code is the region's local one); budget cells carry the budget code.
  const shown = new Set(rows.flatMap((row) => [keyOf(row.region.code, row.year, null), keyOf(row.region.code, row.year, row.code)]));
  const byReason = new Map();
  for (const cell of missing) {
    if (shown.has(keyOf(cell.region.code, cell.year, cell.code))) continue;
    const city = catalogue.regions.find((region) => region.code === cell.region.code)?.city;
    const label = [cell.region.code, city, cell.year, cell.code].filter((part) => part != null).join(' ');
    byReason.set(cell.reason, [...new Set([...(byReason.get(cell.reason) ?? []), label])]);
  }
  return [...byReason].map(([reason, labels]) => ['Tidak ditampilkan', `${labels.join(', ')} (${missingText(reason)})`]);
}

function statisticsText(statistics, format) {
  if (!statistics || statistics.count === 0) return 'tidak ada nilai';
  return `${statistics.count} nilai · min ${format(statistics.min)} · maks ${format(statistics.max)} · rata-rata ${format(statistics.mean)} · median ${format(statistics.median)}`;
}

function drawIndicator(comparison) {
  const { indicator, rows, summary } = comparison;
  const unit = indicator.unit ? ` (${indicator.unit})` : '';
  elements.chartTitle.textContent = `${indicator.name}: target dan realisasi`;
  elements.chartNote.textContent = `Satuan: ${indicator.unit}. ${indicator.higherIsBetter ? 'Makin tinggi makin baik.' : 'Makin rendah makin baik.'}`;
  drawChart({
    labels: chartLabels(rows, false),
    planned: rows.map((row) => row.target),
    actual: rows.map((row) => row.realisation),
    plannedLabel: 'Target',
    actualLabel: 'Realisasi',
    ariaLabel: `Grafik batang: target dan realisasi ${indicator.name}${unit} per wilayah dan tahun, ${rows.length} pasang batang; angkanya ada di tabel di bawah.`,
    formatValue: formatNumber,
    formatTick: (value) => numberFormat.format(value),
  });
  fillTable(`${indicator.name}${unit}: target, realisasi dan capaian per wilayah dan tahun`, [
    { label: 'Wilayah' },
    { label: 'Tahun', key: 'year', value: (row) => String(row.year) },
    { label: 'Kode lokal', key: 'code', value: (row) => row.code ?? '–', title: 'Kode IKU dalam rencana kerja wilayah itu' },
    { label: 'Jenis', key: 'kind', value: (row) => KIND_LABELS[row.kind] ?? row.kind ?? '–', title: 'Jenis sumber: dokumen atau data sintetis' },
    { label: 'Target', key: 'target', numeric: true, value: (row) => formatNumber(row.target) },
    { label: 'Realisasi', key: 'realisation', numeric: true, value: (row) => formatNumber(row.realisation) },
    { label: 'Capaian', key: 'achievement', numeric: true, value: (row) => formatPercent(row.achievement), title: 'Realisasi dibanding target' },
    { label: 'Peringkat', key: 'rank', numeric: true, value: (row) => (row.rank == null ? '–' : `${row.rank} dari ${row.rankedAmong}`), title: 'Menurut realisasi, di antara wilayah tahun itu' },
    { label: 'Perubahan target', key: 'targetChange', numeric: true, value: (row) => formatChange(row.targetChange), title: 'Dibanding tahun sebelumnya' },
    { label: 'Perubahan realisasi', key: 'realisationChange', numeric: true, value: (row) => formatChange(row.realisationChange), title: 'Dibanding tahun sebelumnya' },
    { label: 'Keterangan', key: 'missing', value: (row) => missingText(row.missing) },
  ], rows);
  fillSummary([
    ['Target', statisticsText(summary.target, formatNumber)],
    ['Realisasi', statisticsText(summary.realisation, formatNumber)],
    ['Capaian', statisticsText(summary.achievement, formatPercent)],
    ...leftOutText(rows, summary.missing),
  ]);
}

function drawBudget(comparison, state) {
  const { items, rows, summary } = comparison;
  const item = items[0];
  const title = item ? `${item.code} ${item.name}` : state.codes.join(', ');
  const several = items.length > 1;
  elements.chartTitle.textContent = `${LEVEL_LABELS[state.level] ?? state.level} ${title}: pagu dan realisasi`;
  elements.chartNote.textContent = 'Dalam Rupiah (M = miliar, jt = juta).';
  drawChart({
    labels: chartLabels(rows, several),
    planned: rows.map((row) => row.amount),
    actual: rows.map((row) => row.realisedAmount),
    plannedLabel: 'Pagu',
    actualLabel: 'Realisasi',
    ariaLabel: `Grafik batang: pagu dan realisasi anggaran ${title} per wilayah dan tahun, ${rows.length} pasang batang; angkanya ada di tabel di bawah.`,
    formatValue: formatRupiah,
    formatTick: (value) => rupiahCompactFormat.format(value),
  });
  fillTable(`${title}: pagu, realisasi dan penyerapan per wilayah dan tahun (Rupiah)`, [
    { label: 'Wilayah' },
    { label: 'Tahun', key: 'year', value: (row) => String(row.year) },
    ...(several ? [{ label: 'Kode', key: 'code', value: (row) => row.code }] : []),
    { label: 'Jenis', key: 'kind', value: (row) => KIND_LABELS[row.kind] ?? row.kind ?? '–', title: 'Jenis sumber: dokumen atau data sintetis' },
    { label: 'Pagu', key: 'amount', numeric: true, value: (row) => formatRupiah(row.amount) },
    { label: 'Realisasi', key: 'realisedAmount', numeric: true, value: (row) => formatRupiah(row.realisedAmount) },
    { label: 'Penyerapan', key: 'absorption', numeric: true, value: (row) => formatFraction(row.absorption), title: 'Realisasi dibagi pagu' },
    { label: 'Porsi dari total', key: 'shareOfRegionTotal', numeric: true, value: (row) => formatFraction(row.shareOfRegionTotal), title: 'Bagian dari total pagu wilayah tahun itu' },
    { label: 'Perubahan pagu', key: 'amountChange', numeric: true, value: (row) => formatRupiahChange(row.amountChange), title: 'Dibanding tahun sebelumnya' },
    { label: 'Keterangan', key: 'missing', value: (row) => missingText(row.missing) },
  ], rows);
  fillSummary([
    ...summary.totals.map((total) => [`Jumlah ${several ? `${total.code} ` : ''}${total.year}`, formatRupiah(total.total)]),
    ...leftOutText(rows, summary.missing),
  ]);
}

// ---- the CSV link and the credential --------------------------------------------------------------

function filenameOf(response, fallback) {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match ? match[1] : fallback;
}

/**
 * A plain link cannot send the Authorization header: the page fetches the CSV with it and saves the
 * answer. The link keeps its href, so that it can still be copied into Excel or Power BI.
 */
async function downloadCsv(event) {
  event.preventDefault();
  const href = elements.csvLink.href;
  try {
    const response = await fetch(href, { headers: withCredential({ accept: 'text/csv' }) });
    if (response.status === 401 || response.status === 403) throw await refusal(response);
    if (!response.ok) throw new Error(`Unduhan CSV gagal: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    const url = URL.createObjectURL(await response.blob());
    const save = document.createElement('a');
    save.href = url;
    save.download = filenameOf(response, new URL(href).pathname.split('/').pop() || 'export.csv');
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
  }
}

function listenToCredential() {
  elements.credential.value = readCredential();
  showCredentialKept();
  // A new credential reloads the page: the catalogue and the view are asked again with it; the view stays in the address.
  elements.credentialForm.addEventListener('submit', (event) => {
    event.preventDefault();
    saveCredential(elements.credential.value);
    location.reload();
  });
  elements.credentialForget.addEventListener('click', () => {
    saveCredential('');
    location.reload();
  });
  elements.csvLink.addEventListener('click', (event) => void downloadCsv(event));
}

// ---- start ---------------------------------------------------------------------------------------

function listenToForm() {
  elements.form.addEventListener('submit', (event) => {
    event.preventDefault();
    scheduleRefresh(0);
  });
  elements.form.addEventListener('change', async (event) => {
    const target = event.target;
    if (target.name === 'subject') {
      showSubject(target.value);
      if (target.value === 'budget' && elements.code.options.length === 0) await fillCodes(elements.level.value, null);
    }
    if (target === elements.level) await fillCodes(elements.level.value, null);
    scheduleRefresh();
  });
  for (const button of elements.form.querySelectorAll('button[data-check]')) {
    button.addEventListener('click', () => {
      setChecked(elements.regionChecks, button.dataset.value === 'all' ? null : []);
      scheduleRefresh();
    });
  }
}

async function start() {
  listenToCredential();
  try {
    const { data, errors } = await postGraphQL(CATALOGUE_QUERY);
    // National root fields are nullable: with national down they arrive null beside its error.
    if (!data?.indicators || !data?.regions) throw new Error(errors?.[0]?.message ?? 'No indicators and regions');
    catalogue.indicators = data.indicators;
    catalogue.regions = data.regions;
    catalogue.years = [...new Set(data.regions.flatMap((region) => region.planYears))].sort((a, b) => a - b);
    buildForm();
    await applyStateToForm(readState(location.search));
    listenToForm();
    await refresh();
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
    elements.status.textContent = 'Gagal memuat.';
    setBusy(false);
  }
}

void start();

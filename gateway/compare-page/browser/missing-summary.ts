// Missing cells said in one line ("81 wilayah-tahun tanpa data: 70 tanpa rencana, 11 sintetis tidak
// disertakan"), with the region-years of each reason in a <details> for whoever wants them.

import type { MissingCell } from './comparison-model.ts';

/** Short reasons for the one-line count. */
const COUNT_LABELS: Record<string, string> = {
  REGION_UNAVAILABLE: 'layanan wilayah tidak menjawab',
  NO_PLAN: 'tanpa rencana',
  NO_VALUE: 'tanpa angka di rencana',
  NOT_IN_NOMENCLATURE: 'di luar nomenklatur',
  EXCLUDED_KIND: 'sintetis tidak disertakan',
  NOT_RETURNED: 'tanpa rencana atau sintetis tidak disertakan',
};

/** The cells grouped by reason, most frequent first, each label once ("VI Medan 2024"). */
export function missingByReason(
  cells: MissingCell[],
  labelOf: (cell: MissingCell) => string,
): Array<{ reason: string; labels: string[] }> {
  const byReason = new Map<string, Set<string>>();
  for (const cell of cells) {
    const labels = byReason.get(cell.reason) ?? new Set<string>();
    labels.add(labelOf(cell));
    byReason.set(cell.reason, labels);
  }
  return [...byReason]
    .map(([reason, labels]) => ({ reason, labels: [...labels] }))
    .sort((a, b) => b.labels.length - a.labels.length);
}

/** The one-line count, or '' when nothing is missing. */
export function missingSentence(groups: Array<{ reason: string; labels: string[] }>, unit: string): string {
  const total = groups.reduce((sum, group) => sum + group.labels.length, 0);
  if (total === 0) return '';
  return (
    `${total} ${unit} tanpa data: ` +
    `${groups.map((group) => `${group.labels.length} ${COUNT_LABELS[group.reason] ?? group.reason}`).join(', ')}`
  );
}

/**
 * Fills the <details> element: the sentence as its summary, a list per reason inside; hidden when nothing is missing.
 */
export function fillMissing(
  details: HTMLDetailsElement,
  cells: MissingCell[],
  labelOf: (cell: MissingCell) => string,
  unit: string,
): void {
  const groups = missingByReason(cells, labelOf);
  const sentence = missingSentence(groups, unit);
  details.hidden = sentence === '';
  const summary = document.createElement('summary');
  summary.textContent = sentence;
  const list = document.createElement('dl');
  for (const group of groups) {
    list.append(
      Object.assign(document.createElement('dt'), {
        textContent: `${COUNT_LABELS[group.reason] ?? group.reason} (${group.labels.length})`,
      }),
      Object.assign(document.createElement('dd'), { textContent: group.labels.join(', ') }),
    );
  }
  details.replaceChildren(summary, list);
}

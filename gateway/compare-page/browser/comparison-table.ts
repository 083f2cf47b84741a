// The comparison as a table: every column sorts on a click of its header (aria-sort says how), empty
// values last whichever the direction; the header sticks while the table scrolls inside its own box.

import type { Comparison, ComparisonRow, TableColumn } from './comparison-model.ts';

/** '-realisation' → realisation descending; null → the answer's order (region, then year). */
export function parseSort(sort: string | null): { key: string; descending: boolean } | null {
  if (!sort) return null;
  return sort.startsWith('-') ? { key: sort.slice(1), descending: true } : { key: sort, descending: false };
}

function compare(a: number | string | null, b: number | string | null): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'id', { numeric: true });
}

export function sortedRows(
  rows: ComparisonRow[],
  column: TableColumn | undefined,
  descending: boolean,
): ComparisonRow[] {
  if (!column) return rows;
  const sign = descending ? -1 : 1;
  return [...rows].sort((left, right) => {
    const a = column.sortValue(left);
    const b = column.sortValue(right);
    // Empty last in both directions: a sort by realisation shows the figures first.
    if (a == null || a === '' || b == null || b === '')
      return (a == null || a === '' ? 1 : 0) - (b == null || b === '' ? 1 : 0);
    return sign * compare(a, b);
  });
}

/** Fills the table; a header click calls onSort with the new sort ('key' or '-key'). */
export function fillTable(
  table: HTMLTableElement,
  comparison: Comparison,
  sort: string | null,
  onSort: (sort: string | null) => void,
): void {
  const wanted = parseSort(sort);
  // "Keterangan" only when some row lacks figures: an empty column would push the table past its box.
  const columns = comparison.columns.filter(
    (candidate) => candidate.key !== 'missing' || comparison.rows.some((row) => row.missing),
  );
  const column = columns.find((candidate) => candidate.key === wanted?.key);
  table.caption!.textContent = comparison.caption;
  const headRow = document.createElement('tr');
  for (const candidate of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.column = candidate.key;
    if (candidate.numeric) th.className = 'number';
    if (candidate.title) th.title = candidate.title;
    const active = candidate === column;
    th.setAttribute('aria-sort', active ? (wanted!.descending ? 'descending' : 'ascending') : 'none');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = candidate.label;
    button.append(
      Object.assign(document.createElement('span'), {
        className: 'sort-mark',
        textContent: active ? (wanted!.descending ? ' ▼' : ' ▲') : '',
      }),
    );
    // First click ascending, the next descending; numbers start with the largest, as analysts rank.
    button.addEventListener('click', () => {
      const descending = active ? !wanted!.descending : candidate.numeric;
      onSort(`${descending ? '-' : ''}${candidate.key}`);
    });
    th.append(button);
    headRow.append(th);
  }
  table.tHead!.replaceChildren(headRow);
  table.tBodies[0]!.replaceChildren(
    ...sortedRows(comparison.rows, column, wanted?.descending ?? false).map((row) => {
      const tr = document.createElement('tr');
      if (row.missing) tr.className = 'missing';
      columns.forEach((candidate, index) => {
        const cell = document.createElement(index === 0 ? 'th' : 'td');
        if (index === 0) (cell as HTMLTableCellElement).scope = 'row';
        cell.dataset.column = candidate.key;
        cell.textContent = candidate.text(row);
        if (candidate.numeric) cell.className = 'number';
        tr.append(cell);
      });
      return tr;
    }),
  );
}

import type { CellValue, ColumnSpec } from './export-column.ts';
import type { ExportTable } from './export-table.ts';

export interface FirstList {
  /** Response keys from `data` down to the list, e.g. ["compareIndicator", "rows"]. */
  path: string[];
  items: unknown[];
}

/** The first list in a GraphQL result's data, depth-first in response order: the rows of a generic export. */
export function findFirstList(value: unknown, path: string[] = []): FirstList | undefined {
  if (Array.isArray(value)) return { path, items: value };
  if (!isObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findFirstList(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Response keys of the objects of a list, nested as they nest; null marks a leaf (a scalar or a list). */
type Shape = Map<string, Shape | null>;

/**
 * One row per list element; nested objects become dotted columns (`region.code`), nested lists JSON text.
 * Columns are the union over the elements, in response order, so that an element whose `region` is null
 * still has the `region.code` column (empty) that the others fill.
 */
export function tableOfList(list: FirstList): ExportTable {
  if (!list.items.some(isObject)) {
    const name = list.path.at(-1) ?? 'value';
    return { columns: [textColumn(name)], records: list.items.map((item) => [cellOf(item)]) };
  }
  const shape: Shape = new Map();
  for (const item of list.items) if (isObject(item)) mergeShape(shape, item);
  const paths = leafPaths(shape, []);
  return {
    columns: paths.map((path) => textColumn(path.join('.'))),
    records: list.items.map((item) => paths.map((path) => cellOf(valueAt(item, path)))),
  };
}

function mergeShape(shape: Shape, object: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(object)) {
    if (isObject(value)) {
      const nested = shape.get(key) ?? new Map();
      mergeShape(nested, value);
      // Map.set keeps the key's first position: a null seen first does not move the column to the end.
      shape.set(key, nested);
    } else if (!shape.has(key)) {
      shape.set(key, null);
    }
  }
}

function leafPaths(shape: Shape, prefix: string[]): string[][] {
  return [...shape].flatMap(([key, nested]) => (nested ? leafPaths(nested, [...prefix, key]) : [[...prefix, key]]));
}

function valueAt(item: unknown, path: string[]): unknown {
  let value = item;
  for (const key of path) {
    if (!isObject(value)) return null;
    value = value[key];
  }
  return value;
}

function cellOf(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const textColumn = (name: string): ColumnSpec => ({ name, type: 'text', description: '' });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

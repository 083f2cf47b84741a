/**
 * What the databases can hold, checked before anything is written, so that no import fails halfway on a
 * figure a column refuses (or stores a figure no document could print). Each bound names the column it guards.
 */

/** A plan file above this is refused before it is read: the largest real one (VI-2021) is 56 KB. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * PostgreSQL INTEGER: staff_headcount.count, staff_movement.count, work_area_agency.count, office_asset.count (and
 * every year and position).
 */
export const MAX_INTEGER_COLUMN = 2_147_483_647;

/**
 * NUMERIC columns (indicator_target.target, realisation, revised_from; budget_line.volume;
 * indicator_realisation.value; activity_target.target) take any size, but the API serves them as Float and exports
 * print them: nothing a work plan states comes near 10^12, and 1e308 is a typo.
 */
export const MAX_MEASURE = 1e12;

/** Every text of a file; the longest real one (a flag's message) has 466 characters. */
export const MAX_TEXT_LENGTH = 2000;

/** work_plan.document_title and realisation_import.document_title; the real titles have under 100. */
export const MAX_TITLE_LENGTH = 300;

/** Every string of a parsed file longer than MAX_TEXT_LENGTH, with its path. */
export function findOverlongText(
  value: unknown,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; message: string }> {
  if (typeof value === 'string') {
    return value.length > MAX_TEXT_LENGTH
      ? [{ path, message: `text must be at most ${MAX_TEXT_LENGTH} characters; got ${value.length}` }]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findOverlongText(item, [...path, index]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => findOverlongText(item, [...path, key]));
  return [];
}

/** "VI-2022.plan.json" → { region: 'VI', year: 2022 }; undefined for a name that names no region-year. */
export function regionYearOfFileName(fileName: string): { region: string; year: number } | undefined {
  const match = /^([IVXLCDM]+)-(\d{4})(?=[.\-_ ])/.exec(fileName);
  return match ? { region: match[1]!, year: Number(match[2]) } : undefined;
}

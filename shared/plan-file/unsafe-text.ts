/**
 * Text a spreadsheet would run: `=`, `+` or `@` (or their full-width forms), optional spaces, then a letter,
 * as in `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`. A leading `-` is left alone: "-2,5" and "- item" are document text.
 */
const FORMULA_START = /^[=+@\uFF1D\uFF0B\uFF20]\s*\p{L}/u;

/** C0 control characters and DEL: no field of a plan or realisation file holds one, not even a line break. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;

const MAX_QUOTED = 80;

/** The text as JSON writes it (control characters as escapes), shortened to what a message can show. */
function quoted(text: string): string {
  const json = JSON.stringify(text);
  return json.length > MAX_QUOTED ? `${json.slice(0, MAX_QUOTED - 2)}…"` : json;
}

const codePoint = (character: string) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Every string of a parsed file that would be unsafe in an export: one that starts like a spreadsheet formula,
 * or holds a control character. Walks the whole file, so that no text field, present or future, is missed.
 */
export function findUnsafeText(
  value: unknown,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; message: string }> {
  if (typeof value === 'string') {
    const control = CONTROL_CHARACTER.exec(value);
    if (control) {
      return [
        {
          path,
          message:
            'text must not contain control characters (tab, line break, U+0000 …); ' +
            `got ${codePoint(control[0])} at character ${control.index + 1} of ${quoted(value)}`,
        },
      ];
    }
    if (FORMULA_START.test(value)) {
      return [
        {
          path,
          message:
            'text must not start like a spreadsheet formula (=, + or @ before a letter), ' +
            `which an exported CSV would run; got ${quoted(value)}`,
        },
      ];
    }
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findUnsafeText(item, [...path, index]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => findUnsafeText(item, [...path, key]));
  return [];
}

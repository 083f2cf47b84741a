/**
 * First characters that make a spreadsheet run a text cell as a formula (OWASP: CSV injection): the list
 * csv-stringify's `escape_formulas` guards in the CSV, so that every text format guards the same.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** Text that a spreadsheet would run, with a leading `'` so that it shows as text; any other text unchanged. */
export function guardFormulaText(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

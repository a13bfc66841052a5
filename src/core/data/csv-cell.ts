/**
 * One CSV field as the studio writes it (batch predictions, dataset exports), safe to open in a
 * spreadsheet. Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and
 * strip a leading tab or CR first), so a file's own text such as `=HYPERLINK(…)` or
 * `@SUM(1+1)*cmd|…` could run on the reader's computer. Following OWASP's CSV-injection advice
 * (https://owasp.org/www-community/attacks/CSV_Injection) such a cell gets a leading `'`, which
 * spreadsheets read as "this is text". Plain numbers (`-1.5`, `+3`, `-2e-7`) are numbers, not
 * formulas, and stay as they are, so numeric columns keep their values.
 *
 * Then RFC 4180 quoting: a field holding a comma, a double quote (doubled inside), CR or LF, or
 * starting or ending with whitespace (so readers that trim keep the spaces) is quoted.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text with a leading `'` when a spreadsheet would run it as a formula; anything else unchanged. */
export function defuseFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** A CSV field: defused, then quoted when it needs quoting. */
export function csvCell(s: string): string {
  const t = defuseFormula(s);
  return /[",\r\n]|^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

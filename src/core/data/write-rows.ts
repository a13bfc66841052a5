/**
 * Rows of a table → CSV or JSON Lines text, a chunk of rows at a time (the data worker builds
 * exports with these; a large table never becomes one string).
 *
 * CSV (RFC 4180): comma-separated, `\r\n` line ends; fields as `csvCell` writes them (quoted when
 * needed; a text a spreadsheet would run as a formula gets a leading `'`). A missing cell is an
 * empty field. Numbers in their shortest round-trip form.
 */
import { csvCell } from './csv-cell';
import { cellValue, type Table } from './table';

export const csvField = csvCell;

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** A cell as CSV text: '' for missing, numbers via String (−0 as 0). */
export function cellCsvText(v: number | string | null): string {
  if (v === null) return '';
  return typeof v === 'number' ? (v === 0 ? '0' : String(v)) : v;
}

/** A JSON object line with keys in the given order (keys are data: "__proto__" stays a plain key). */
export function jsonlLine(names: readonly string[], values: readonly (number | string | null)[]): string {
  const parts = names.map((n, i) => {
    const v = values[i] ?? null;
    return `${JSON.stringify(n)}:${typeof v === 'number' && !Number.isFinite(v) ? 'null' : JSON.stringify(v)}`;
  });
  return `{${parts.join(',')}}\n`;
}

export type RowFormat = 'csv' | 'jsonl';
export const EXPORT_CHUNK_ROWS = 5000;

/** The header (CSV) and then the rows, in chunks of EXPORT_CHUNK_ROWS rows. */
export function* tableText(table: Table, rows: ArrayLike<number>, format: RowFormat): Generator<string> {
  const names = table.columns.map((c) => c.name);
  if (format === 'csv') yield csvLine(names);
  for (let start = 0; start < rows.length; start += EXPORT_CHUNK_ROWS) {
    let out = '';
    for (let i = start; i < Math.min(rows.length, start + EXPORT_CHUNK_ROWS); i++) {
      const values = table.columns.map((c) => cellValue(c, rows[i]!));
      out += format === 'csv' ? csvLine(values.map(cellCsvText)) : jsonlLine(names, values);
    }
    yield out;
  }
}

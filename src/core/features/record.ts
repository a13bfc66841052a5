/**
 * One record typed in a form (or one row of a CSV to score) → a 1-row Table shaped like the raw
 * training table, so the cleaning recipe in predict mode and encodeRows treat it exactly as they
 * treated the same row inside the training table.
 *
 * Storage kind per column: the kind the training table had (`like`), else a guess from the raw
 * schema (numeric, boolean and identifier columns as numbers when the text is a number, the rest
 * as text). Cells are read as ingest reads them (parseCell / isMissingText): '' and missing
 * tokens (NA, null, ?, …) become missing; " 4 " in a number column is 4. Text in a column that
 * was numbers in training becomes missing: the training table could not have held it either.
 */
import { isMissingText, NOT_A_NUMBER, parseCell } from '../data/column-builder';
import type { ColumnSchema } from '../data/schema';
import { cellText, MISSING_CODE, type Column, type Table } from '../data/table';

const NUMBER_TYPES: ReadonlySet<string> = new Set(['numeric', 'boolean', 'identifier']);

function cell(name: string, raw: string | undefined, kind: 'number' | 'string' | undefined, schema: ColumnSchema): Column {
  const text = raw ?? '';
  const parsed = parseCell(text);
  const asNumber = kind === 'number' || (kind === undefined && NUMBER_TYPES.has(schema.inferred) && parsed !== NOT_A_NUMBER);
  if (asNumber) return { kind: 'number', name, values: Float64Array.of(parsed === NOT_A_NUMBER ? NaN : parsed) };
  return isMissingText(text)
    ? { kind: 'string', name, codes: Int32Array.of(MISSING_CODE), dict: [] }
    : { kind: 'string', name, codes: Int32Array.of(0), dict: [text] };
}

/**
 * A 1-row table with one column per `rawSchema` entry, in schema order. Keys of `record` that
 * the schema does not list are ignored; a column the record lacks is missing.
 */
export function tableFromRecord(record: Readonly<Record<string, string>>, rawSchema: readonly ColumnSchema[], like?: Table): Table {
  const kinds = new Map(like?.columns.map((c) => [c.name, c.kind]));
  const columns = rawSchema.map((s) => cell(s.name, Object.hasOwn(record, s.name) ? record[s.name] : undefined, kinds.get(s.name), s));
  return { columns, rowCount: 1 };
}

/** One row of a table as text, the inverse of tableFromRecord ('' for a missing cell). */
export function recordFromRow(table: Table, row: number): Record<string, string> {
  // Prototype-free: a column named "__proto__" must become a key, not change the prototype.
  const out = Object.create(null) as Record<string, string>;
  for (const col of table.columns) out[col.name] = cellText(col, row);
  return out;
}

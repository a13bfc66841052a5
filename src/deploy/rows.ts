/**
 * Rows from outside the studio (a JSON request body) → the string records the studio's encoders
 * read (`core/features` tableFromRecord reads text cells as ingest does). Validation names the field
 * that is wrong, so an HTTP client can fix its request: a required column missing, a value of the
 * wrong type, a row that is not an object.
 */
import { isMissingText, NOT_A_NUMBER, parseCell } from '../core/data/column-builder';

export interface InputColumn {
  name: string;
  /** The semantic type in the bundle's schema.json (numeric, categorical, boolean, date, text, identifier). */
  type: string;
}

export interface FieldError {
  /** A JSON path into the request: `rows[3].age`, `texts[0]`, `rows`. */
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: FieldError };

const NUMERIC = new Set(['numeric']);

/** One cell as the text a CSV would have held; an error message when the value cannot be one. */
function cellText(value: unknown, type: string): string | { wrong: string } {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : { wrong: 'a finite number' };
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return { wrong: NUMERIC.has(type) ? 'a number' : 'a string or a number' };
  if (NUMERIC.has(type) && !isMissingText(value) && parseCell(value) === NOT_A_NUMBER) return { wrong: 'a number' };
  return value;
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`);

/**
 * Checks and converts rows. `required` columns must be present as keys (null means a missing
 * value, as an empty cell in a CSV); other known columns are optional; unknown keys are ignored.
 */
export function recordsFromRows(rows: unknown, columns: readonly InputColumn[], required: ReadonlySet<string>, path = 'rows'): Checked<Record<string, string>[]> {
  if (!Array.isArray(rows)) return { ok: false, error: { field: path, message: `"${path}" must be an array of objects, one per row.` } };
  if (rows.length === 0) return { ok: false, error: { field: path, message: `"${path}" is empty: send at least one row.` } };
  const out: Record<string, string>[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    const at = `${path}[${i}]`;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return { ok: false, error: { field: at, message: `${at} must be an object of column values, not ${describe(row)}.` } };
    // Null-prototype: a column may be called "__proto__" or "constructor".
    const record = Object.create(null) as Record<string, string>;
    for (const c of columns) {
      if (!Object.hasOwn(row, c.name)) {
        if (required.has(c.name)) return { ok: false, error: { field: `${at}.${c.name}`, message: `${at} has no column "${c.name}" (the model needs it; send null for a missing value).` } };
        continue;
      }
      const text = cellText((row as Record<string, unknown>)[c.name], c.type);
      if (typeof text !== 'string') {
        return { ok: false, error: { field: `${at}.${c.name}`, message: `${at}.${c.name} must be ${text.wrong} (column type ${c.type}), not ${describe((row as Record<string, unknown>)[c.name])}.` } };
      }
      record[c.name] = text;
    }
    out.push(record);
  }
  return { ok: true, value: out };
}

/** Checks a `texts` array: strings only. */
export function checkTexts(texts: unknown, path = 'texts'): Checked<string[]> {
  if (!Array.isArray(texts)) return { ok: false, error: { field: path, message: `"${path}" must be an array of strings.` } };
  if (texts.length === 0) return { ok: false, error: { field: path, message: `"${path}" is empty: send at least one text.` } };
  for (let i = 0; i < texts.length; i++) {
    if (typeof texts[i] !== 'string') return { ok: false, error: { field: `${path}[${i}]`, message: `${path}[${i}] must be a string, not ${describe(texts[i])}.` } };
  }
  return { ok: true, value: texts as string[] };
}

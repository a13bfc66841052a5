/**
 * The columnar table: the dataset as the whole pipeline sees it.
 *
 * Storage is columnar and typed (never an array of row objects) so a 1,000,000-row file stays
 * within a few times its size and columns can be transferred to workers without copying:
 * - `number` columns: Float64Array, NaN marks a missing cell.
 * - `string` columns: dictionary-encoded. `codes[i]` indexes `dict`; -1 marks a missing cell.
 *   Categorical columns cost 4 bytes a row plus one copy of each distinct value.
 * Storage kind is about representation; the *semantic* type (numeric, categorical, date …) lives
 * in the schema (see schema.ts) and can be overridden by the user without touching storage.
 */
export interface NumberColumn {
  kind: 'number';
  name: string;
  values: Float64Array;
}

export interface StringColumn {
  kind: 'string';
  name: string;
  codes: Int32Array;
  dict: string[];
}

export type Column = NumberColumn | StringColumn;

export interface Table {
  columns: Column[];
  rowCount: number;
}

export const MISSING_CODE = -1;

/** Tokens read as "missing" by the parser (compared after trimming, case-insensitively). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'na', 'n/a', 'null', 'nan', '?', '-']);

export function isMissingToken(raw: string): boolean {
  const t = raw.trim();
  return t.length <= 4 && MISSING_TOKENS.has(t.toLowerCase());
}

export function columnIndex(table: Table, name: string): number {
  return table.columns.findIndex((c) => c.name === name);
}

export function isMissing(col: Column, row: number): boolean {
  return col.kind === 'number' ? Number.isNaN(col.values[row]!) : col.codes[row] === MISSING_CODE;
}

/** The cell as text for display ('' when missing). */
export function cellText(col: Column, row: number): string {
  if (col.kind === 'number') {
    const v = col.values[row]!;
    return Number.isNaN(v) ? '' : String(v);
  }
  const code = col.codes[row]!;
  return code === MISSING_CODE ? '' : col.dict[code]!;
}

/** The cell as a JS value: number, string, or null when missing. */
export function cellValue(col: Column, row: number): number | string | null {
  if (col.kind === 'number') {
    const v = col.values[row]!;
    return Number.isNaN(v) ? null : v;
  }
  const code = col.codes[row]!;
  return code === MISSING_CODE ? null : col.dict[code]!;
}

export function numberColumn(name: string, values: ArrayLike<number | null>): NumberColumn {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] ?? NaN;
  return { kind: 'number', name, values: out };
}

export function stringColumn(name: string, values: ArrayLike<string | null>): StringColumn {
  const dict: string[] = [];
  const lookup = new Map<string, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = MISSING_CODE;
      continue;
    }
    let code = lookup.get(v);
    if (code === undefined) {
      code = dict.length;
      dict.push(v);
      lookup.set(v, code);
    }
    codes[i] = code;
  }
  return { kind: 'string', name, codes, dict };
}

/** Builds a table from plain rows; for tests and small inputs, not for ingest. */
export function tableFromRows(
  names: string[],
  rows: ReadonlyArray<ReadonlyArray<number | string | null>>,
): Table {
  const columns: Column[] = names.map((name, j) => {
    const cells = rows.map((r) => r[j] ?? null);
    const allNumeric = cells.every((c) => c === null || typeof c === 'number');
    return allNumeric
      ? numberColumn(name, cells as (number | null)[])
      : stringColumn(name, cells.map((c) => (c === null ? null : String(c))));
  });
  return { columns, rowCount: rows.length };
}

/** Keeps the rows where keep[i] is truthy; dictionaries are shared, not compacted. */
export function filterRows(table: Table, keep: Uint8Array): Table {
  let n = 0;
  for (let i = 0; i < table.rowCount; i++) if (keep[i]) n++;
  const columns = table.columns.map((col): Column => {
    if (col.kind === 'number') {
      const values = new Float64Array(n);
      for (let i = 0, k = 0; i < table.rowCount; i++) if (keep[i]) values[k++] = col.values[i]!;
      return { ...col, values };
    }
    const codes = new Int32Array(n);
    for (let i = 0, k = 0; i < table.rowCount; i++) if (keep[i]) codes[k++] = col.codes[i]!;
    return { ...col, codes };
  });
  return { columns, rowCount: n };
}

/** Approximate bytes held by the table (typed arrays + dictionary strings at 2 bytes a char). */
export function tableBytes(table: Table): number {
  let bytes = 0;
  for (const col of table.columns) {
    if (col.kind === 'number') bytes += col.values.byteLength;
    else {
      bytes += col.codes.byteLength;
      for (const s of col.dict) bytes += 16 + 2 * s.length;
    }
  }
  return bytes;
}

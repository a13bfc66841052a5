/**
 * Dataset and column profiles: what the upload and clean steps show about each column.
 * Typed-array loops only (a 1,000,000-row column is profiled without a per-row object).
 * Missing means NaN, code -1, or a string that is a missing token ('', NA, N/A, null, NaN, ?, -).
 */
import { effectiveType, type ColumnSchema, type ColumnType } from './schema';
import { tableBytes, type Column, type Table } from './table';
import { parseNumber } from './infer-type';
import {
  codeCounts,
  countValues,
  duplicateRowMask,
  histogramSorted,
  missingDictMask,
  sortedValues,
  summarizeSorted,
  type HistogramBin,
  type NumericSummary,
} from './stats';

export const TOP_VALUES = 20;

export interface TopValues {
  /** The most frequent values (at most TOP_VALUES), most frequent first. */
  values: { value: string; count: number }[];
  /** Non-missing cells holding any other value. */
  other: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  rows: number;
  missing: number;
  distinct: number;
  /** Numeric columns: summary statistics (null when every cell is missing) and a histogram. */
  numeric?: NumericSummary | null;
  histogram?: HistogramBin[];
  /** Every other type: the most frequent values. */
  top?: TopValues;
}

export interface DatasetProfile {
  rows: number;
  columns: number;
  /** Rows identical, across all columns, to an earlier row. */
  duplicateRows: number;
  memoryBytes: number;
  columnProfiles: ColumnProfile[];
}

export function profileColumn(col: Column, type: ColumnType): ColumnProfile {
  const rows = col.kind === 'number' ? col.values.length : col.codes.length;
  if (type === 'numeric') {
    const values = col.kind === 'number' ? col.values : parsedNumbers(col);
    const sorted = sortedValues(values);
    return {
      name: col.name,
      type,
      rows,
      missing: rows - sorted.length,
      distinct: distinctSorted(sorted),
      numeric: summarizeSorted(sorted),
      histogram: histogramSorted(sorted),
    };
  }
  const { top: values, distinct, present } = countValues(col, TOP_VALUES);
  let shown = 0;
  for (const c of values) shown += c.count;
  return { name: col.name, type, rows, missing: rows - present, distinct, top: { values, other: present - shown } };
}

/** `onProgress(done, total)`: steps done of the duplicate search plus one per column. */
export function profileTable(table: Table, schema: ColumnSchema[], onProgress?: (done: number, total: number) => void): DatasetProfile {
  const types = new Map(schema.map((s) => [s.name, effectiveType(s)]));
  const steps = table.columns.length + 1;
  onProgress?.(0, steps);
  const dup = duplicateRowMask(table);
  onProgress?.(1, steps);
  let duplicateRows = 0;
  for (let i = 0; i < dup.length; i++) duplicateRows += dup[i]!;
  return {
    rows: table.rowCount,
    columns: table.columns.length,
    duplicateRows,
    memoryBytes: tableBytes(table),
    columnProfiles: table.columns.map((col, i) => {
      const profile = profileColumn(col, types.get(col.name) ?? (col.kind === 'number' ? 'numeric' : 'categorical'));
      onProgress?.(i + 2, steps);
      return profile;
    }),
  };
}

/** Missing cells in a column (NaN, code -1, missing tokens). */
export function missingCount(col: Column): number {
  if (col.kind === 'number') {
    let n = 0;
    for (let i = 0; i < col.values.length; i++) if (col.values[i] !== col.values[i]) n++;
    return n;
  }
  const counts = codeCounts(col);
  const dictMissing = missingDictMask(col);
  let present = 0;
  for (let c = 0; c < counts.length; c++) if (!dictMissing[c]) present += counts[c]!;
  return col.codes.length - present;
}

function distinctSorted(sorted: Float64Array): number {
  let d = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) d++;
  return d;
}

/** A string column read as numbers (parsed once per dictionary entry); unparseable cells are NaN. */
function parsedNumbers(col: Extract<Column, { kind: 'string' }>): Float64Array {
  const byCode = col.dict.map((s) => parseNumber(s) ?? NaN);
  const out = new Float64Array(col.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = col.codes[i]!;
    out[i] = c < 0 ? NaN : byCode[c]!;
  }
  return out;
}

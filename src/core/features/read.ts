/**
 * Reading cells of one column for a list of rows, whatever the storage. A schema override does not
 * convert storage (a number column may be typed categorical, a text column numeric), and a record
 * rebuilt for prediction may be stored differently from the training table, so every reader
 * accepts both kinds and gives the same answer for the same cell text.
 * Work per row is one typed-array read; parsing happens once per dictionary entry.
 */
import { parseBooleanToken, parseDate, parseNumber } from '../data/infer-type';
import { missingDictMask } from '../data/stats';
import type { Column, StringColumn } from '../data/table';

/** `0..n-1` when no rows are given. */
export function allRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** Per dictionary code: the parsed value, NaN for missing tokens and values that do not parse. */
function byCode(col: StringColumn, parse: (s: string) => number | null): Float64Array {
  const missing = missingDictMask(col);
  const out = new Float64Array(col.dict.length);
  for (let c = 0; c < out.length; c++) out[c] = missing[c] ? NaN : (parse(col.dict[c]!) ?? NaN);
  return out;
}

function gatherParsed(col: StringColumn, parse: (s: string) => number | null, rows: Uint32Array, out: Float64Array): void {
  const table = byCode(col, parse);
  const codes = col.codes;
  for (let k = 0; k < rows.length; k++) {
    const c = codes[rows[k]!]!;
    out[k] = c < 0 ? NaN : table[c]!;
  }
}

/** Numbers (NaN = missing). Non-finite numbers count as missing; text is parsed strictly (parseNumber). */
export function gatherNumbers(col: Column | undefined, rows: Uint32Array, out: Float64Array): void {
  if (!col) return void out.fill(NaN, 0, rows.length);
  if (col.kind === 'string') return gatherParsed(col, parseNumber, rows, out);
  const v = col.values;
  for (let k = 0; k < rows.length; k++) {
    const x = v[rows[k]!]!;
    out[k] = x - x === 0 ? x : NaN;
  }
}

/** 1 / 0 / NaN. Numbers: 0 is false, any other number true. Text: true/yes/y/t/1, false/no/n/f/0. */
export function gatherBooleans(col: Column | undefined, rows: Uint32Array, out: Float64Array): void {
  if (!col) return void out.fill(NaN, 0, rows.length);
  if (col.kind === 'string') return gatherParsed(col, parseBooleanToken, rows, out);
  const v = col.values;
  for (let k = 0; k < rows.length; k++) {
    const x = v[rows[k]!]!;
    out[k] = x !== x ? NaN : x === 0 ? 0 : 1;
  }
}

/** Milliseconds since epoch, UTC (NaN = missing). Text is parsed by parseDate; numbers are read as milliseconds. */
export function gatherDates(col: Column | undefined, rows: Uint32Array, out: Float64Array): void {
  if (!col) return void out.fill(NaN, 0, rows.length);
  if (col.kind === 'string') return gatherParsed(col, parseDate, rows, out);
  gatherNumbers(col, rows, out);
}

/** The category text of a number: String(v), with -0 as "0" (as numbersToStrings writes it). */
export const numberKey = (v: number): string => String(v === 0 ? 0 : v);

/** Counts of each category over the rows; missing cells are not counted. */
export function countCategories(col: Column | undefined, rows: Uint32Array): Map<string, number> {
  const out = new Map<string, number>();
  if (!col) return out;
  if (col.kind === 'number') {
    const byValue = new Map<number, number>();
    for (let k = 0; k < rows.length; k++) {
      const x = col.values[rows[k]!]!;
      if (x === x) byValue.set(x, (byValue.get(x) ?? 0) + 1);
    }
    for (const [v, n] of byValue) out.set(numberKey(v), (out.get(numberKey(v)) ?? 0) + n);
    return out;
  }
  const counts = new Int32Array(col.dict.length);
  for (let k = 0; k < rows.length; k++) {
    const c = col.codes[rows[k]!]!;
    if (c >= 0) counts[c]!++;
  }
  const missing = missingDictMask(col);
  for (let c = 0; c < counts.length; c++) {
    if (counts[c]! > 0 && !missing[c]) out.set(col.dict[c]!, (out.get(col.dict[c]!) ?? 0) + counts[c]!);
  }
  return out;
}

/**
 * Slot of each row's category in `categories`: 0..K-1 for a known value, K ("other") for any
 * other value, -1 for a missing cell.
 */
export function gatherSlots(col: Column | undefined, categories: readonly string[], rows: Uint32Array, out: Int32Array): void {
  if (!col) return void out.fill(-1, 0, rows.length);
  const other = categories.length;
  if (col.kind === 'string') {
    const index = new Map(categories.map((c, i) => [c, i]));
    const missing = missingDictMask(col);
    const slotOf = new Int32Array(col.dict.length);
    for (let c = 0; c < slotOf.length; c++) slotOf[c] = missing[c] ? -1 : (index.get(col.dict[c]!) ?? other);
    for (let k = 0; k < rows.length; k++) {
      const c = col.codes[rows[k]!]!;
      out[k] = c < 0 ? -1 : slotOf[c]!;
    }
    return;
  }
  // Only canonical number texts ("3", "2.5", not "3.0") can equal a number cell.
  const index = new Map<number, number>();
  categories.forEach((c, i) => {
    const v = parseNumber(c);
    if (v !== null && numberKey(v) === c) index.set(v, i);
  });
  for (let k = 0; k < rows.length; k++) {
    const x = col.values[rows[k]!]!;
    out[k] = x !== x ? -1 : (index.get(x) ?? other);
  }
}

/**
 * Sort order of category values and class names: numerically when every value is a number
 * (as scikit-learn sorts a numeric column), else by UTF-16 code units (Python's order for
 * everyday text).
 */
export function sortKeys(keys: string[]): string[] {
  const nums = keys.map((k) => parseNumber(k));
  if (keys.length > 0 && nums.every((v) => v !== null)) {
    return keys.map((k, i) => ({ k, v: nums[i]! })).sort((a, b) => a.v - b.v || compareText(a.k, b.k)).map((e) => e.k);
  }
  return [...keys].sort(compareText);
}

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const DATE_PART_INDEX = { year: 0, month: 1, day: 2, weekday: 3, hour: 4 } as const;

const DAY_MS = 86_400_000;

/**
 * Calendar parts of a UTC time into out[0..4]: year, month (1–12), day (1–31), weekday
 * (0 = Monday … 6 = Sunday, as pandas' dayofweek), hour (0–23). Plain arithmetic (Hinnant's
 * civil_from_days) rather than a Date object per row.
 */
export function datePartsOf(ms: number, out: Float64Array): void {
  const days = Math.floor(ms / DAY_MS);
  out[4] = Math.floor((ms - days * DAY_MS) / 3_600_000);
  out[3] = (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (3)
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[1] = month;
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

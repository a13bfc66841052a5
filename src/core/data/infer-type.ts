/**
 * Guesses what each column means (schema.ts ColumnType) from its values and name.
 * A guess only: the user can override every type, so rules favour the boring answer
 * (a numeric column with few distinct whole numbers stays numeric; plain numbers are never dates).
 * Work is per dictionary entry for string columns and one typed-array pass for number columns.
 */
import type { ColumnSchema, ColumnType } from './schema';
import type { Column, NumberColumn, StringColumn, Table } from './table';
import { codeCounts, missingDictMask } from './stats';

/** Lower-cased pairs read as booleans. */
const BOOLEAN_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['true', 'false'],
  ['yes', 'no'],
  ['y', 'n'],
  ['t', 'f'],
  ['1', '0'],
];
const TRUE_TOKENS: ReadonlySet<string> = new Set(BOOLEAN_PAIRS.map((p) => p[0]));
const FALSE_TOKENS: ReadonlySet<string> = new Set(BOOLEAN_PAIRS.map((p) => p[1]));

/** 1 / 0 for a boolean token (true/yes/y/t/1, false/no/n/f/0), null otherwise. */
export function parseBooleanToken(raw: string): 1 | 0 | null {
  const t = raw.trim().toLowerCase();
  return TRUE_TOKENS.has(t) ? 1 : FALSE_TOKENS.has(t) ? 0 : null;
}

/** Names that announce an identifier: id, user_id, customerId, uuid, guid, key, ticket_no … */
export function nameLooksLikeId(name: string): boolean {
  const t = name.trim();
  return (
    /(^|[^a-zA-Z])(id|uuid|guid|key)$/i.test(t) ||
    /[a-z](Id|ID|Key|Uuid|UUID)$/.test(t) ||
    /^(id|uuid|guid)([^a-zA-Z]|$)/i.test(t) ||
    /(^|[_\s])(no|nr)$/i.test(t)
  );
}

/** Share of non-missing values that must parse as dates. */
const DATE_SHARE = 0.9;
/** Value-based identifier rules need at least this many values (small tables are often all-distinct). */
const ID_MIN_ROWS = 20;

/** A strict number: what a CSV cell holding a number looks like (no '', no hex, no 'Infinity'). */
export function parseNumber(raw: string): number | null {
  const t = raw.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const NAMED = /^(?:(\d{1,2})[ -]([a-z]{3,9})\.?,?[ -](\d{4})|([a-z]{3,9})\.? (\d{1,2}),? (\d{4}))$/i;

const validYmd = (y: number, m: number, d: number): boolean => {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};
const monthOf = (name: string): number => {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 || !/^[a-z]+$/i.test(name) ? 0 : i + 1;
};

/**
 * Milliseconds since epoch (UTC, time zone ignored) for the formats inference accepts, else null:
 * ISO `2024-03-05`, `2024-03-05T14:30[:00][.000][Z|+01:00]`, `2024/03/05`, `05/03/2024`, `3-5-24`,
 * `5 Mar 2024`, `Mar 5, 2024`. d/m/y is tried before m/d/y; either valid reading counts.
 * Needs separators, so a plain number (20240305) is never a date.
 */
export function parseDate(raw: string): number | null {
  const t = raw.trim();
  if (t.length < 6 || t.length > 35) return null;
  let m = ISO.exec(t) ?? YMD_SLASH.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validYmd(y, mo, d)) return null;
    const hh = Number(m[4] ?? 0), mm = Number(m[5] ?? 0), ss = Number(m[6] ?? 0);
    if (hh > 23 || mm > 59 || ss > 59) return null;
    return Date.UTC(y, mo - 1, d, hh, mm, ss);
  }
  m = DMY.exec(t);
  if (m) {
    const a = Number(m[1]), b = Number(m[3]);
    let y = Number(m[4]);
    if (m[4]!.length === 2) y += y < 50 ? 2000 : 1900;
    const hh = Number(m[5] ?? 0), mm = Number(m[6] ?? 0), ss = Number(m[7] ?? 0);
    if (hh > 23 || mm > 59 || ss > 59) return null;
    if (validYmd(y, b, a)) return Date.UTC(y, b - 1, a, hh, mm, ss);
    if (validYmd(y, a, b)) return Date.UTC(y, a - 1, b, hh, mm, ss);
    return null;
  }
  m = NAMED.exec(t);
  if (m) {
    const d = Number(m[1] ?? m[5]), mo = monthOf(m[2] ?? m[4]!), y = Number(m[3] ?? m[6]);
    return validYmd(y, mo, d) ? Date.UTC(y, mo - 1, d) : null;
  }
  return null;
}

export function inferColumnType(col: Column, rowCount: number): ColumnType {
  return col.kind === 'number' ? inferNumber(col, rowCount) : inferString(col);
}

/** `onColumn(done, total)`: after each column (a 1,000,000-row file takes about a second in all). */
export function inferSchema(table: Table, onColumn?: (done: number, total: number) => void): ColumnSchema[] {
  const n = table.columns.length;
  onColumn?.(0, n);
  return table.columns.map((col, i) => {
    const inferred = inferColumnType(col, table.rowCount);
    onColumn?.(i + 1, n);
    return { name: col.name, inferred };
  });
}

function inferNumber(col: NumberColumn, rowCount: number): ColumnType {
  const v = col.values;
  const n = Math.min(rowCount, v.length);
  let count = 0, min = Infinity, max = -Infinity, integers = true, zeroOne = true;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (x !== x) continue;
    count++;
    if (x < min) min = x;
    if (x > max) max = x;
    if (integers && !Number.isInteger(x)) integers = false;
    if (zeroOne && x !== 0 && x !== 1) zeroOne = false;
  }
  if (count === 0) return 'numeric';
  if (zeroOne && min === 0 && max === 1) return 'boolean';
  if (!integers) return 'numeric';
  const range = max - min + 1;
  const nameSaysId = nameLooksLikeId(col.name);
  // All distinct and filling a contiguous range of whole numbers: a row counter.
  const sequence = count >= ID_MIN_ROWS && range === count;
  if ((nameSaysId && count >= 2) || sequence) {
    if (range <= 4 * count + 1024) {
      const seen = new Uint8Array(range);
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        if (x !== x) continue;
        if (seen[x - min]) return 'numeric';
        seen[x - min] = 1;
      }
      return 'identifier';
    }
    if (nameSaysId && new Set(v.subarray(0, n).filter((x) => x === x)).size === count) return 'identifier';
  }
  return 'numeric';
}

/** Parsing checks look at most this many distinct values (spread over the dictionary). */
const PARSE_SAMPLE = 20000;

function inferString(col: StringColumn): ColumnType {
  const counts = codeCounts(col);
  const dictMissing = missingDictMask(col);
  // Dictionary entries are distinct (table contract): distinct values = used, non-missing codes.
  const used: number[] = [];
  let count = 0;
  for (let c = 0; c < col.dict.length; c++) {
    if (counts[c]! === 0 || dictMissing[c]) continue;
    used.push(c);
    count += counts[c]!;
  }
  if (count === 0) return 'categorical';
  const distinct = used.length;

  if (distinct <= 12) {
    const lower = new Set(used.map((c) => col.dict[c]!.trim().toLowerCase()));
    if (lower.size === 2 && BOOLEAN_PAIRS.some(([a, b]) => lower.has(a) && lower.has(b))) return 'boolean';
  }

  // Shares of cells (weighted by count) that parse, over an evenly spread sample of distinct values.
  const stride = Math.max(1, Math.ceil(distinct / PARSE_SAMPLE));
  let sampled = 0, numbers = 0, dates = 0;
  for (let k = 0; k < distinct; k += stride) {
    const c = used[k]!, s = col.dict[c]!, w = counts[c]!;
    sampled += w;
    if (parseNumber(s) !== null) numbers += w;
    else if (parseDate(s) !== null) dates += w;
  }
  if (numbers === sampled) return 'numeric';
  if (dates >= DATE_SHARE * sampled) return 'date';

  let chars = 0, words = 0;
  for (const c of used) {
    const s = col.dict[c]!, w = counts[c]!;
    chars += s.length * w;
    words += wordCount(s) * w;
  }
  const distinctShare = distinct / count;
  if (distinctShare >= 0.5 && (chars / count >= 40 || words / count >= 5)) return 'text';
  const nameSaysId = nameLooksLikeId(col.name);
  // Unique short strings, one per row (names, codes, e-mails): nothing to learn from as a category.
  if (distinct === count && (count >= ID_MIN_ROWS || (nameSaysId && count >= 2))) return 'identifier';
  if (nameSaysId && count >= ID_MIN_ROWS && distinctShare >= 0.95) return 'identifier';
  return 'categorical';
}

function wordCount(s: string): number {
  let n = 0, inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = s.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

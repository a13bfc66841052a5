/**
 * Numeric statistics on typed arrays, shared by profiling, target summaries and cleaning ops.
 * Conventions follow pandas/numpy so numbers match what students see in notebooks:
 * sample standard deviation (ddof = 1), quantiles by linear interpolation (numpy's default).
 * Missing numbers are NaN and are skipped everywhere.
 */
import { isMissingToken, type Column, type StringColumn, type Table } from './table';

export interface NumericSummary {
  /** Non-missing values. */
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (ddof = 1); null with fewer than two values. */
  std: number | null;
  q1: number;
  median: number;
  q3: number;
}

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/** The non-missing values, sorted ascending (a fresh array). */
export function sortedValues(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) out[k++] = v;
  }
  return out.sort();
}

/** Quantile q ∈ [0, 1] of sorted values, linear interpolation (numpy 'linear'); NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (pos - lo);
}

export function mean(values: Float64Array): number {
  let sum = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/** Sample standard deviation (ddof = 1), two-pass for accuracy; NaN with fewer than 2 values. */
export function sampleStd(values: Float64Array, m = mean(values)): number {
  let ss = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      ss += (v - m) * (v - m);
      n++;
    }
  }
  return n < 2 ? NaN : Math.sqrt(ss / (n - 1));
}

/** Summary of already sorted, non-missing values; null when there are none. */
export function summarizeSorted(sorted: Float64Array): NumericSummary | null {
  const n = sorted.length;
  if (n === 0) return null;
  const m = mean(sorted);
  const s = sampleStd(sorted, m);
  return {
    count: n,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean: m,
    std: Number.isNaN(s) ? null : s,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
  };
}

export const MIN_BINS = 10;
export const MAX_BINS = 50;

/**
 * Histogram of sorted values. Bin count: Freedman–Diaconis (width = 2·IQR / n^(1/3)),
 * clamped to [MIN_BINS, MAX_BINS]; when the IQR is 0 it falls back to MIN_BINS.
 * A constant column gets a single bin [v, v]. Bins are [x0, x1) except the last, which is closed.
 */
export function histogramSorted(sorted: Float64Array): HistogramBin[] {
  const n = sorted.length;
  if (n === 0) return [];
  const min = sorted[0]!, max = sorted[n - 1]!;
  if (min === max) return [{ x0: min, x1: max, count: n }];
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const fdWidth = (2 * iqr) / Math.cbrt(n);
  const fdBins = fdWidth > 0 ? Math.ceil((max - min) / fdWidth) : MIN_BINS;
  const bins = Math.min(MAX_BINS, Math.max(MIN_BINS, fdBins));
  return histogramWithBins(sorted, min, max, bins);
}

export function histogramWithBins(values: ArrayLike<number>, min: number, max: number, bins: number): HistogramBin[] {
  const width = (max - min) / bins;
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    let b = Math.floor((v - min) / width);
    if (b >= bins) b = bins - 1;
    if (b < 0) b = 0;
    counts[b]!++;
  }
  const out: HistogramBin[] = [];
  for (let b = 0; b < bins; b++) {
    out.push({ x0: min + b * width, x1: b === bins - 1 ? max : min + (b + 1) * width, count: counts[b]! });
  }
  return out;
}

/** 1 for dictionary entries that are missing tokens ('', NA, N/A, null, NaN, ?, -). */
export function missingDictMask(col: StringColumn): Uint8Array {
  const mask = new Uint8Array(col.dict.length);
  for (let c = 0; c < col.dict.length; c++) if (isMissingToken(col.dict[c]!)) mask[c] = 1;
  return mask;
}

/** Occurrences of each dictionary code (missing cells are not counted). */
export function codeCounts(col: StringColumn): Int32Array {
  const counts = new Int32Array(col.dict.length);
  const codes = col.codes;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) counts[c]!++;
  }
  return counts;
}

/** Missing cells: NaN numbers, code -1, and strings that are missing tokens. */
export function missingMask(col: Column): Uint8Array {
  if (col.kind === 'number') {
    const out = new Uint8Array(col.values.length);
    for (let i = 0; i < out.length; i++) if (col.values[i] !== col.values[i]) out[i] = 1;
    return out;
  }
  const dictMissing = missingDictMask(col);
  const out = new Uint8Array(col.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = col.codes[i]!;
    if (c < 0 || dictMissing[c]) out[i] = 1;
  }
  return out;
}

export interface ValueCount {
  value: string;
  count: number;
}

export interface ValueCountSummary {
  /** The most frequent values (at most `limit`), most frequent first. */
  top: ValueCount[];
  /** Distinct non-missing values. */
  distinct: number;
  /** Non-missing cells. */
  present: number;
}

/**
 * Value counts without a per-row object: counts per dictionary code (text) or runs of the sorted
 * values (numbers), then a top-`limit` selection. Ties: first seen first (text), smaller first
 * (numbers). Missing cells and missing tokens are skipped. Dictionary entries are assumed distinct
 * (the table contract); the cleaning ops keep them so.
 */
export function countValues(col: Column, limit = Infinity): ValueCountSummary {
  if (col.kind === 'number') {
    const sorted = sortedValues(col.values);
    const runValue = new Float64Array(sorted.length);
    const runCount = new Int32Array(sorted.length);
    let runs = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) runCount[runs - 1]!++;
      else {
        runValue[runs] = sorted[i]!;
        runCount[runs++] = 1;
      }
    }
    const top = selectTop(runs, limit, (r) => runCount[r]! > 0, (a, b) => runCount[b]! - runCount[a]! || a - b);
    return {
      top: top.map((r) => ({ value: String(runValue[r]! === 0 ? 0 : runValue[r]!), count: runCount[r]! })),
      distinct: runs,
      present: sorted.length,
    };
  }
  const counts = codeCounts(col);
  const dictMissing = missingDictMask(col);
  const first = firstOccurrence(col);
  let distinct = 0, present = 0;
  for (let c = 0; c < counts.length; c++) {
    if (counts[c]! > 0 && !dictMissing[c]) {
      distinct++;
      present += counts[c]!;
    }
  }
  const top = selectTop(
    counts.length,
    limit,
    (c) => counts[c]! > 0 && !dictMissing[c],
    (a, b) => counts[b]! - counts[a]! || first[a]! - first[b]!,
  );
  return { top: top.map((c) => ({ value: col.dict[c]!, count: counts[c]! })), distinct, present };
}

/** All value counts, most frequent first (see countValues). */
export const valueCounts = (col: Column): ValueCount[] => countValues(col).top;

/** Row of the first occurrence of each code (a large number for unused codes). */
function firstOccurrence(col: StringColumn): Int32Array {
  const first = new Int32Array(col.dict.length).fill(0x7fffffff);
  for (let i = col.codes.length - 1; i >= 0; i--) {
    const c = col.codes[i]!;
    if (c >= 0) first[c] = i;
  }
  return first;
}

/** The best `limit` of 0..n-1 that pass `eligible`, ordered by `compare`; one pass when limit is small. */
function selectTop(n: number, limit: number, eligible: (i: number) => boolean, compare: (a: number, b: number) => number): number[] {
  const best: number[] = [];
  if (limit >= n) {
    for (let i = 0; i < n; i++) if (eligible(i)) best.push(i);
    return best.sort(compare);
  }
  for (let i = 0; i < n; i++) {
    if (!eligible(i)) continue;
    if (best.length === limit && compare(i, best[limit - 1]!) >= 0) continue;
    let k = best.length === limit ? limit - 1 : best.length;
    while (k > 0 && compare(i, best[k - 1]!) < 0) {
      best[k] = best[k - 1]!;
      k--;
    }
    best[k] = i;
  }
  return best;
}

/**
 * Marks rows identical to an earlier row over the given columns (all when omitted); keeps the first.
 * Rows are hashed column by column (typed-array loops) into an open-addressing table; hash
 * collisions are resolved by comparing the rows, so the answer is exact.
 */
export function duplicateRowMask(table: Table, columnIndices?: number[]): Uint8Array {
  const n = table.rowCount;
  const columns = (columnIndices ?? table.columns.map((_, j) => j)).map((j) => table.columns[j]!);
  const dup = new Uint8Array(n);
  const rows = candidateRows(columns, n);
  const m = rows ? rows.length : n;
  if (m === 0) return dup;
  const cols = columns.map((c) => canonicalColumn(c, rows));
  const hashes = new Int32Array(m).fill(0x2545f491);
  for (const col of cols) {
    if (col.kind === 'codes') {
      for (let i = 0; i < m; i++) hashes[i] = mix(hashes[i]!, col.codes[i]!);
    } else {
      const words = new Int32Array(col.values.buffer, col.values.byteOffset, m * 2);
      for (let i = 0; i < m; i++) hashes[i] = mix(mix(hashes[i]!, words[2 * i]!), words[2 * i + 1]!);
    }
  }
  let size = 1;
  while (size < 2 * m) size <<= 1;
  const slots = new Int32Array(size).fill(-1);
  const sameRow = (a: number, b: number): boolean => {
    for (const col of cols) {
      if (col.kind === 'codes' ? col.codes[a] !== col.codes[b] : !Object.is(col.values[a], col.values[b])) return false;
    }
    return true;
  };
  for (let i = 0; i < m; i++) {
    let s = fmix(hashes[i]!) & (size - 1);
    for (;;) {
      const r = slots[s]!;
      if (r === -1) {
        slots[s] = i;
        break;
      }
      if (hashes[r] === hashes[i] && sameRow(r, i)) {
        dup[rows ? rows[i]! : i] = 1;
        break;
      }
      s = (s + 1) & (size - 1);
    }
  }
  return dup;
}

/**
 * The rows that may repeat an earlier row, in order, or undefined for all: a row whose value in
 * the string column with the most distinct values occurs nowhere else is unique. Why: the text
 * column of a text corpus (20 million lines, nearly all distinct) made every row a candidate,
 * and the hash table, hashes and column copies for them were about 27 bytes a row of memory at
 * the load's peak (a 1 GB corpus: over 500 MB); its candidates are the few repeated lines.
 */
function candidateRows(columns: readonly Column[], n: number): Int32Array | undefined {
  let best: StringColumn | undefined;
  for (const c of columns) if (c.kind === 'string' && (!best || c.dict.length > best.dict.length)) best = c;
  // With few distinct values most rows repeat one: filtering would keep nearly all.
  if (!best || best.dict.length * 2 < n) return undefined;
  const { codes, dict } = best;
  const missing = missingDictMask(best);
  // Missing cells are equal to one another: they share the last slot.
  const slot = (c: number) => (c < 0 || missing[c] ? dict.length : c);
  const counts = new Int32Array(dict.length + 1);
  for (let i = 0; i < n; i++) counts[slot(codes[i]!)]!++;
  let m = 0;
  for (let i = 0; i < n; i++) if (counts[slot(codes[i]!)]! > 1) m++;
  const rows = new Int32Array(m);
  for (let i = 0, k = 0; i < n; i++) if (counts[slot(codes[i]!)]! > 1) rows[k++] = i;
  return rows;
}

type Canonical = { kind: 'codes'; codes: Int32Array } | { kind: 'values'; values: Float64Array };

/** Equal cells get equal bits: one NaN, +0 for -0, -1 for missing codes and missing tokens; of `rows` only when given. */
function canonicalColumn(col: Column, rows?: Int32Array): Canonical {
  const m = rows ? rows.length : col.kind === 'number' ? col.values.length : col.codes.length;
  if (col.kind === 'number') {
    const values = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const v = col.values[rows ? rows[i]! : i]!;
      values[i] = v !== v ? NaN : v === 0 ? 0 : v;
    }
    return { kind: 'values', values };
  }
  const dictMissing = missingDictMask(col);
  const codes = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const c = col.codes[rows ? rows[i]! : i]!;
    codes[i] = c < 0 || dictMissing[c] ? -1 : c;
  }
  return { kind: 'codes', codes };
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A compact summary of the data a model was trained on, enough for a drift report later without
 * the training rows (imported bundles carry it in training.json as `dataSummary`). Made from the
 * cleaned table's TRAINING split, column by column as the encoders read them:
 *
 * - numeric: count, missing, the decile edges and the bin counts of all training values, and at
 *   most SAMPLE_SIZE evenly spaced order statistics of them (exact when there are fewer rows;
 *   otherwise the training ECDF to within 1/SAMPLE_SIZE, which is what the KS statistic reads);
 * - categorical and boolean: the count of each of the MAX_CATEGORIES most frequent values (the
 *   rest as one `otherCount`);
 * - the text input (its columns joined as the encoders join them): the length in tokens of the
 *   fitted tokenizer, summarised like a numeric column, and the share of unknown tokens, over at
 *   most TEXT_SAMPLE texts;
 * - date columns are left out (their parts are numbers made by the encoders, not a column).
 *
 * Plain JSON (no NaN, no typed arrays), versioned, read back defensively by `parseDataSummary`.
 */
import { cellText, isMissing, type Table } from '../data/table';
import { gatherTexts, loadTokenizer, type FittedEncoders, type FittedText } from '../features';
import { binCounts, decileEdges } from '../metrics/drift-stats';

export const SAMPLE_SIZE = 1000;
export const MAX_CATEGORIES = 200;
export const TEXT_SAMPLE = 3000;

export interface DistributionSummary {
  /** Non-missing values summarised. */
  count: number;
  edges: number[];
  /** edges.length + 1 counts (see drift-stats binCounts). */
  bins: number[];
  /** Ascending; at most SAMPLE_SIZE evenly spaced order statistics. */
  sample: number[];
}

export type ColumnSummary =
  | ({ kind: 'numeric'; name: string; rows: number; missing: number } & DistributionSummary)
  | { kind: 'categorical'; name: string; rows: number; missing: number; categories: { value: string; count: number }[]; otherCount: number }
  | { kind: 'text'; name: string; columns: string[]; rows: number; missing: number; lengths: DistributionSummary; tokens: number; unknown: number };

export type PredictionSummary = { kind: 'classes'; classes: string[]; counts: number[] } | ({ kind: 'values' } & DistributionSummary);

export interface DataSummary {
  format: 'ml-studio-data-summary';
  version: 1;
  /** Rows of the training split. */
  rows: number;
  columns: ColumnSummary[];
  /** The model's predictions on the test split (the reference for the prediction shift). */
  predictions?: PredictionSummary;
}

/** Evenly spaced order statistics of ascending values (all of them when there are few). */
export function orderSample(sorted: ArrayLike<number>, size = SAMPLE_SIZE): number[] {
  const n = sorted.length;
  if (n <= size) return Array.from(sorted);
  return Array.from({ length: size }, (_, i) => sorted[Math.round((i * (n - 1)) / (size - 1))]!);
}

/** Edges, bins and sample of finite values (NaN are skipped by the caller's count). */
export function distribution(values: Float64Array): DistributionSummary {
  const sorted = values.filter((v) => v === v).sort();
  const edges = decileEdges(sorted);
  return { count: sorted.length, edges, bins: binCounts(sorted, edges), sample: orderSample(sorted) };
}

function numericSummary(table: Table, name: string, rows: ArrayLike<number>): ColumnSummary | undefined {
  const col = table.columns.find((c) => c.name === name);
  if (!col || col.kind !== 'number') return undefined;
  const values = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) values[k] = col.values[rows[k]!]!;
  const d = distribution(values);
  return { kind: 'numeric', name, rows: rows.length, missing: rows.length - d.count, ...d };
}

/** Counts of each value's text (missing cells apart). */
export function categoryCounts(table: Table, name: string, rows: ArrayLike<number>): { counts: Map<string, number>; missing: number } | undefined {
  const col = table.columns.find((c) => c.name === name);
  if (!col) return undefined;
  const counts = new Map<string, number>();
  let missing = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (isMissing(col, r)) {
      missing++;
      continue;
    }
    const t = cellText(col, r);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return { counts, missing };
}

function categoricalSummary(table: Table, name: string, rows: ArrayLike<number>): ColumnSummary | undefined {
  const c = categoryCounts(table, name, rows);
  if (!c) return undefined;
  const all = [...c.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = all.slice(0, MAX_CATEGORIES);
  const otherCount = all.slice(MAX_CATEGORIES).reduce((s, [, n]) => s + n, 0);
  return { kind: 'categorical', name, rows: rows.length, missing: c.missing, categories: kept.map(([value, count]) => ({ value, count })), otherCount };
}

/** Token lengths and unknown tokens of texts under the fitted tokenizer. */
export function textLengths(text: FittedText, texts: readonly string[]): { lengths: Float64Array; tokens: number; unknown: number; missing: number } {
  const tok = loadTokenizer(text);
  const unkId = tok.specials.unk === undefined ? undefined : tok.vocab.id(tok.specials.unk);
  const lengths = new Float64Array(texts.length);
  let tokens = 0;
  let unknown = 0;
  let missing = 0;
  texts.forEach((t, i) => {
    if (t === '') {
      missing++;
      lengths[i] = NaN;
      return;
    }
    const ids = tok.ids(t);
    lengths[i] = ids.length;
    tokens += ids.length;
    for (const id of ids) if (id === unkId) unknown++;
  });
  return { lengths, tokens, unknown, missing };
}

/** Rows `[0, n)` thinned to at most `max`, evenly. */
export function thinRows(rows: ArrayLike<number>, max: number): Uint32Array {
  if (rows.length <= max) return Uint32Array.from(rows);
  return Uint32Array.from({ length: max }, (_, i) => rows[Math.floor((i * rows.length) / max)]!);
}

function textSummary(table: Table, text: FittedText, rows: ArrayLike<number>): ColumnSummary {
  const picked = thinRows(rows, TEXT_SAMPLE);
  const t = textLengths(text, gatherTexts(table, text.columns, picked));
  return { kind: 'text', name: text.columns.join(' + '), columns: text.columns, rows: picked.length, missing: t.missing, lengths: distribution(t.lengths), tokens: t.tokens, unknown: t.unknown };
}

/** The columns the encoders read, summarised over `rows` (the training split). */
export function summarizeColumns(table: Table, fitted: FittedEncoders, rows: ArrayLike<number>): ColumnSummary[] {
  const out: ColumnSummary[] = [];
  for (const c of fitted.columns) {
    const s = c.kind === 'numeric' ? numericSummary(table, c.name, rows) : c.kind === 'categorical' || c.kind === 'boolean' ? categoricalSummary(table, c.name, rows) : undefined;
    if (s) out.push(s);
  }
  if (fitted.text) out.push(textSummary(table, fitted.text, rows));
  return out;
}

/** Predicted classes (argmax of n × K probabilities) or values, as a summary. */
export function summarizePredictions(predictions: Float32Array, classes: readonly string[]): PredictionSummary {
  if (classes.length === 0) return { kind: 'values', ...distribution(Float64Array.from(predictions)) };
  return { kind: 'classes', classes: [...classes], counts: predictedCounts(predictions, classes.length) };
}

export function predictedCounts(predictions: Float32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i + k <= predictions.length; i += k) {
    let best = 0;
    for (let c = 1; c < k; c++) if (predictions[i + c]! > predictions[i + best]!) best = c;
    counts[best]!++;
  }
  return counts;
}

export function dataSummary(table: Table, fitted: FittedEncoders, trainRows: ArrayLike<number>, predictions?: PredictionSummary): DataSummary {
  return { format: 'ml-studio-data-summary', version: 1, rows: trainRows.length, columns: summarizeColumns(table, fitted, trainRows), ...(predictions ? { predictions } : {}) };
}

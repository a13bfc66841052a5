/**
 * The encode step's jobs in the data worker: default feature settings, fitting encoders on the
 * train split, and building the matrices a training job needs (transferred, not copied).
 */
import type { ColumnSchema, TaskKind } from '../core/data/schema';
import type { Table } from '../core/data/table';
import {
  defaultFeatureSpec,
  describeEncoding,
  encodeRows,
  encodeTarget,
  encodeTextStrings,
  gatherTexts,
  loadTokenizer,
  textWidth,
  fitEncoders,
  recordFromRow,
  splitForSpec,
  validateFeatureSpec,
  type FeatureSpec,
  type FittedEncoders,
} from '../core/features';
import type { Problem } from '../core/util/result';
import type { EncodedSplit, EncodeResult, TrainData } from '../core/jobs';
import { augmentTexts } from '../core/augment/eda';
import { oversample } from '../core/augment/oversample';
import { englishThesaurus } from '../core/augment/thesaurus';
import { tokenStats, type TrainControl } from '../core/text';
import { reweighTraining } from './fairness-jobs';
import { fixTrainRows, type RowFix } from '../core/data/row-fixes';

export type { EncodeResult } from '../core/jobs';

/** Statistics over at most this many training texts (enough for a histogram, quick on long e-mails). */
const STATS_TEXTS = 3000;

export { encodeKey } from '../core/jobs';
import { encodeKey } from '../core/jobs';

export function defaultSpec(table: Table, schema: ColumnSchema[], target: string, task: TaskKind): FeatureSpec {
  return defaultFeatureSpec(table, schema, target, task);
}

function textReport(table: Table, fitted: FittedEncoders, train: Uint32Array): EncodeResult['text'] {
  if (!fitted.text) return undefined;
  const texts = gatherTexts(table, fitted.text.columns, train.subarray(0, STATS_TEXTS));
  const tok = loadTokenizer(fitted.text);
  return { stats: tokenStats(tok, texts, fitted.text.maxLength, 200), samples: texts.slice(0, 6).map((t) => (t.length > 400 ? `${t.slice(0, 400)}…` : t)) };
}

export function encode(
  table: Table,
  schema: ColumnSchema[],
  spec: FeatureSpec,
  recipeKey: string,
  control?: TrainControl,
): { ok: true; value: EncodeResult } | { ok: false; error: Problem } {
  const problems = validateFeatureSpec(spec, table);
  if (problems.length > 0) return { ok: false, error: problems[0]! };
  const split = splitForSpec(table, spec);
  if (!split.ok) return split;
  const { train, validation, test } = split.value;
  if (train.length === 0) return { ok: false, error: { message: 'The training split is empty.', hint: 'Give the training split a larger share, or load more rows.' } };
  const fitted = fitEncoders(table, schema, spec, train, control);
  const text = textReport(table, fitted, train);
  const head = train.slice(0, 8);
  const enc = encodeRows(table, fitted, head);
  const rows: number[][] = [];
  for (let r = 0; r < enc.n; r++) rows.push(Array.from(enc.x.subarray(r * enc.features, (r + 1) * enc.features)));
  return {
    ok: true,
    value: {
      key: encodeKey(recipeKey, spec),
      fitted,
      summary: describeEncoding(fitted),
      sizes: { train: train.length, validation: validation.length, test: test.length },
      preview: { featureNames: fitted.featureNames, rows },
      ...(text ? { text } : {}),
    },
  };
}

/**
 * The matrices for training; `testRows` are the cleaned table's row indices of the test split,
 * `trainRows` those of the training split (before balancing, for the data hash). `extra` rows
 * (feedback) go after the balanced training rows, never into validation or test. `reweigh`: weigh
 * the training rows by these columns' groups (fairness, Kamiran & Calders).
 */
export async function trainingData(
  table: Table,
  spec: FeatureSpec,
  fitted: FittedEncoders,
  extra?: EncodedSplit,
  reweigh?: string[],
  fixes?: readonly RowFix[],
): Promise<{ data: TrainData; testRows: Uint32Array; trainRows: Uint32Array; fixed?: { removed: number; relabelled: number } } | { error: Problem }> {
  const drawn = splitForSpec(table, spec);
  if (!drawn.ok) return { error: drawn.error };
  // Label fixes touch the training split only, after it is drawn: validation and test stay the same rows.
  const fixed = fixes?.length ? fixTrainRows(drawn.value.train, fixes) : undefined;
  const split = fixed ? { ok: true as const, value: { ...drawn.value, train: fixed.rows } } : drawn;
  if (split.value.train.length === 0) return { error: { message: 'Every training row was removed.', hint: 'Undo some removals, then retrain.' } };
  const part = (rows: Uint32Array): EncodedSplit => {
    const enc = encodeRows(table, fitted, rows);
    const y = encodeTarget(table, fitted, rows);
    return { x: enc.x, y: y instanceof Float32Array ? y : Float32Array.from(y), n: enc.n };
  };
  const classes = fitted.target.kind === 'classification' ? fitted.target.classes.length : 1;
  const trainPart = part(split.value.train);
  if (fixed) relabelTargets(trainPart.y, split.value.train, fixed.relabel, fitted);
  const balancedTrain = await balanced(table, spec, fitted, split.value.train, trainPart);
  if (reweigh?.length) {
    // Weights belong to the split's own rows: balancing adds rows that have no group of their own.
    if (balancedTrain.n !== split.value.train.length) return { error: { message: 'Reweighing cannot be combined with augmentation or oversampling.', hint: 'Turn balancing off in the Encode step, then reweigh.' } };
    if (extra && extra.n > 0) return { error: { message: 'Reweighing cannot be combined with feedback rows.', hint: 'Retrain with feedback and reweigh in two separate runs.' } };
    const w = reweighTraining(table, split.value.train, balancedTrain.y, reweigh);
    if (!(w instanceof Float32Array)) return { error: w };
    balancedTrain.w = w;
  }
  const train = extra ? appendRows(balancedTrain, extra) : balancedTrain;
  return {
    data: {
      features: fitted.featureNames.length,
      classes,
      task: fitted.task,
      ...(fitted.target.kind === 'classification' ? { labels: fitted.target.classes } : {}),
      ...(fitted.text?.representation === 'tokens' ? { vocabSize: fitted.text.vocabSize } : {}),
      train,
      validation: part(split.value.validation),
      test: part(split.value.test),
    },
    testRows: split.value.test,
    trainRows: split.value.train,
    ...(fixed ? { fixed: { removed: fixed.removed, relabelled: fixed.relabelled } } : {}),
  };
}

/** Overwrites the targets of relabelled rows (a class the encoders do not know, or a regression label that is not a number, is left as it was). */
function relabelTargets(y: Float32Array, rows: Uint32Array, relabel: Map<number, string>, fitted: FittedEncoders) {
  if (relabel.size === 0) return;
  rows.forEach((r, i) => {
    const label = relabel.get(r);
    if (label === undefined) return;
    const v = fitted.target.kind === 'classification' ? fitted.target.classes.indexOf(label) : label.trim() === '' ? NaN : Number(label);
    if (fitted.target.kind === 'classification' ? v >= 0 : Number.isFinite(v)) y[i] = v;
  });
}

/** The training split with rows appended after it. */
export function appendRows(s: EncodedSplit, extra: EncodedSplit): EncodedSplit {
  if (extra.n === 0) return s;
  const x = new Float32Array(s.x.length + extra.x.length);
  x.set(s.x);
  x.set(extra.x, s.x.length);
  const y = new Float32Array(s.n + extra.n);
  y.set(s.y);
  y.set(extra.y, s.n);
  return { x, y, n: s.n + extra.n };
}

/** Rows `order` of a split (repeats allowed). */
function pick(s: EncodedSplit, order: readonly number[], features: number): EncodedSplit {
  const x = new Float32Array(order.length * features);
  const y = new Float32Array(order.length);
  order.forEach((r, k) => {
    x.set(s.x.subarray(r * features, (r + 1) * features), k * features);
    y[k] = s.y[r]!;
  });
  return { x, y, n: order.length };
}

/**
 * The training split with the balance settings applied — EDA texts first (each keeps its source
 * row's other features and label), then oversampling of the smaller classes. Validation and test
 * rows are never touched, so the scores stay honest.
 */
export async function balanced(table: Table, spec: FeatureSpec, fitted: FittedEncoders, rows: Uint32Array, s: EncodedSplit): Promise<EncodedSplit> {
  const b = spec.balance;
  if (!b) return s;
  const features = fitted.featureNames.length;
  let out = s;
  if (b.augment > 0 && fitted.text) {
    const texts = gatherTexts(table, fitted.text.columns, rows);
    const aug = augmentTexts(texts, Array.from(s.y), { perExample: b.augment, alpha: b.alpha, seed: spec.split.seed, thesaurus: await englishThesaurus() });
    const extra = pick(s, aug.source, features);
    encodeTextStrings(fitted.text, aug.texts, extra.x, features, features - textWidth(fitted.text));
    const x = new Float32Array((s.n + extra.n) * features);
    x.set(s.x);
    x.set(extra.x, s.x.length);
    const y = new Float32Array(s.n + extra.n);
    y.set(s.y);
    y.set(extra.y, s.n);
    out = { x, y, n: s.n + extra.n };
  }
  if (b.oversample && fitted.task === 'classification') out = pick(out, oversample(Array.from(out.y), spec.split.seed), features);
  return out;
}

export function recordsAt(table: Table, rows: number[]): Record<string, string>[] {
  return rows.filter((r) => r >= 0 && r < table.rowCount).map((r) => recordFromRow(table, r));
}

export { encodeRecords } from '../core/features/encode-records';

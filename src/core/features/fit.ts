/**
 * Fitting the encoders: statistics learned on the TRAINING rows only (validation and test rows
 * must not leak into scaling or vocabularies), stored as plain JSON (no typed arrays, no NaN) so
 * they go into the export bundle and replay before every prediction.
 *
 * - Numbers: encoded = (value − center) / scale. standardize: train mean and POPULATION std
 *   (ddof = 0, scikit-learn's StandardScaler); minmax: train min and max − min (MinMaxScaler);
 *   none: 0 and 1. A constant train column gets scale 1. A missing number is filled with the
 *   train mean (then scaled: 0 when standardized), and its indicator is 1.
 * - Booleans: 0/1, missing filled with the train share of true.
 * - Categories: the topK most frequent train values (ties: smaller value first), listed in sorted
 *   order (as scikit-learn's encoders list categories), plus "(other)" for the rest and for values
 *   never seen in training. Text and identifier columns the user turns on are read as categories.
 * - Dates: each chosen part is a number scaled like a numeric column.
 * - Class names (classification): the sorted distinct target values of the WHOLE table, so every
 *   class has an index even when a rare class has no training row. Regression keeps raw targets;
 *   the train mean/std are recorded for models that want to scale them.
 */
import { assert } from '../util/assert';
import type { ColumnType, ColumnSchema, TaskKind } from '../data/schema';
import type { Column, Table } from '../data/table';
import { allRows, countCategories, DATE_PART_INDEX, datePartsOf, gatherBooleans, gatherDates, gatherNumbers, sortKeys } from './read';
import { fitText, textFeatureNames, type FittedText } from './text';
import type { TrainControl } from '../text';
import { usesTabular, typeOf, type CategoricalMode, type ColumnFeatureSettings, type DatePart, type FeatureSpec, type NumericScaling } from './spec';

export interface Scaler {
  scaling: NumericScaling;
  center: number;
  scale: number;
  /** Fill value for a missing cell, in raw units (the train mean). */
  fill: number;
}

export type FittedColumn =
  | ({ kind: 'numeric'; name: string; indicator: boolean } & Scaler)
  | { kind: 'boolean'; name: string; indicator: boolean; fill: number }
  | { kind: 'categorical'; name: string; indicator: boolean; mode: CategoricalMode; categories: string[] }
  | { kind: 'date'; name: string; indicator: boolean; parts: ({ part: DatePart } & Scaler)[] };

export type FittedTarget =
  | { kind: 'classification'; name: string; classes: string[] }
  | { kind: 'regression'; name: string; mean: number; std: number };

export interface FittedEncoders {
  format: 'ml-studio-encoders';
  version: 1;
  task: TaskKind;
  target: FittedTarget;
  columns: FittedColumn[];
  /** The text input, encoded after the columns. */
  text?: FittedText;
  /** One name per feature, in the order of encodeRows' columns. */
  featureNames: string[];
}

export const OTHER = '(other)';

/** Mean, population std, min, max of the non-missing values; null when there are none. */
function moments(v: Float64Array): { mean: number; std: number; min: number; max: number } | null {
  let n = 0, sum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x) continue;
    n++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0) return null;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x === x) ss += (x - mean) * (x - mean);
  }
  return { mean, std: Math.sqrt(ss / n), min, max };
}

export function fitScaler(v: Float64Array, scaling: NumericScaling): Scaler {
  const m = moments(v);
  if (!m) return { scaling, center: 0, scale: 1, fill: 0 };
  // min === max: constant in training; std may be a rounding crumb rather than 0, so test exactly.
  const constant = m.min === m.max;
  switch (scaling) {
    case 'standardize':
      return { scaling, center: m.mean, scale: constant || m.std === 0 ? 1 : m.std, fill: m.mean };
    case 'minmax':
      return { scaling, center: m.min, scale: constant ? 1 : m.max - m.min, fill: m.mean };
    case 'none':
      return { scaling, center: 0, scale: 1, fill: m.mean };
  }
}

function topCategories(col: Column | undefined, rows: Uint32Array, topK: number): string[] {
  const counts = [...countCategories(col, rows)];
  const sortedByValue = sortKeys(counts.map(([k]) => k));
  const rank = new Map(sortedByValue.map((k, i) => [k, i]));
  const kept = counts
    .sort((a, b) => b[1] - a[1] || rank.get(a[0])! - rank.get(b[0])!)
    .slice(0, Math.max(1, Math.floor(topK)))
    .map(([k]) => k);
  return sortKeys(kept);
}

type Kind = FittedColumn['kind'];
const KIND_OF: Record<ColumnType, Kind> = {
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  categorical: 'categorical',
  text: 'categorical',
  identifier: 'categorical',
};

function fitColumn(col: Column | undefined, type: ColumnType, s: ColumnFeatureSettings, rows: Uint32Array, scratch: Float64Array): FittedColumn {
  const base = { name: s.name, indicator: s.missingIndicator };
  const kind = KIND_OF[type];
  switch (kind) {
    case 'numeric':
      gatherNumbers(col, rows, scratch);
      return { kind, ...base, ...fitScaler(scratch, s.numeric) };
    case 'boolean':
      gatherBooleans(col, rows, scratch);
      return { kind, ...base, fill: moments(scratch)?.mean ?? 0 };
    case 'categorical':
      return { kind, ...base, mode: s.categorical.mode, categories: topCategories(col, rows, s.categorical.topK) };
    case 'date': {
      gatherDates(col, rows, scratch);
      const chosen = [...new Set(s.dateParts)].sort((a, b) => DATE_PART_INDEX[a] - DATE_PART_INDEX[b]);
      const values = chosen.map(() => new Float64Array(rows.length));
      const index = chosen.map((p) => DATE_PART_INDEX[p]);
      const parts = new Float64Array(5);
      for (let k = 0; k < rows.length; k++) {
        const t = scratch[k]!;
        if (t === t) datePartsOf(t, parts);
        for (let j = 0; j < index.length; j++) values[j]![k] = t === t ? parts[index[j]!]! : NaN;
      }
      return { kind, ...base, parts: chosen.map((part, j) => ({ part, ...fitScaler(values[j]!, s.numeric) })) };
    }
  }
}

export function featureNamesOf(c: FittedColumn): string[] {
  const names =
    c.kind === 'categorical' ? (c.mode === 'onehot' ? [...c.categories, OTHER].map((v) => `${c.name}=${v}`) : [c.name])
    : c.kind === 'date' ? c.parts.map((p) => `${c.name}.${p.part}`)
    : [c.name];
  return c.indicator ? [...names, `${c.name} (missing)`] : names;
}

/** The target's distinct values over all rows, sorted (numerically when they are all numbers). */
export function classNames(col: Column): string[] {
  return sortKeys([...countCategories(col, allRows(col.kind === 'number' ? col.values.length : col.codes.length)).keys()]);
}

function fitTarget(table: Table, spec: FeatureSpec, trainRows: Uint32Array): FittedTarget {
  const col = table.columns.find((c) => c.name === spec.target);
  assert(col, `target column "${spec.target}" is not in the table`);
  if (spec.task === 'classification') return { kind: 'classification', name: spec.target, classes: classNames(col) };
  const v = new Float64Array(trainRows.length);
  gatherNumbers(col, trainRows, v);
  const m = moments(v);
  return { kind: 'regression', name: spec.target, mean: m?.mean ?? 0, std: m && m.std > 0 ? m.std : 1 };
}

/**
 * Learns every included column's encoder from `trainRows` (rows of `table`, the cleaned table).
 * Included columns that the table lacks are left out; the target is never a feature.
 */
export function fitEncoders(table: Table, schema: readonly ColumnSchema[], spec: FeatureSpec, trainRows: Uint32Array, control?: TrainControl): FittedEncoders {
  const scratch = new Float64Array(trainRows.length);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const columns = spec.columns
    .filter((s) => usesTabular(spec) && s.include && s.name !== spec.target && byName.has(s.name))
    .map((s) => fitColumn(byName.get(s.name), typeOf(table, schema, s.name), s, trainRows, scratch));
  const text = spec.text ? fitText(table, spec.text, trainRows, control) : undefined;
  return {
    format: 'ml-studio-encoders',
    version: 1,
    task: spec.task,
    target: fitTarget(table, spec, trainRows),
    columns,
    ...(text ? { text } : {}),
    featureNames: [...columns.flatMap(featureNamesOf), ...(text ? textFeatureNames(text) : [])],
  };
}

export const featureCount = (fitted: FittedEncoders): number => fitted.featureNames.length;

/** Width of one fitted column in the encoded matrix. */
export const widthOf = (c: FittedColumn): number => featureNamesOf(c).length;

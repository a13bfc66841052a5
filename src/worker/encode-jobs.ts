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
  fitEncoders,
  recordFromRow,
  tableFromRecord,
  splitForSpec,
  validateFeatureSpec,
  type EncodingSummary,
  type FeatureSpec,
  type FittedEncoders,
} from '../core/features';
import { stableKey } from '../core/util/hash';
import { runRecipe, type Recipe } from '../core/clean/recipe';
import type { Problem } from '../core/util/result';
import type { TrainData } from './train-protocol';

export interface EncodeResult {
  /** The key of this artifact's inputs: cleaned table + spec. */
  key: string;
  fitted: FittedEncoders;
  summary: EncodingSummary;
  sizes: { train: number; validation: number; test: number };
  preview: { featureNames: string[]; rows: number[][] };
}

export const encodeKey = (recipeKey: string, spec: FeatureSpec) => stableKey({ recipeKey, spec });

export function defaultSpec(table: Table, schema: ColumnSchema[], target: string, task: TaskKind): FeatureSpec {
  return defaultFeatureSpec(table, schema, target, task);
}

export function encode(table: Table, schema: ColumnSchema[], spec: FeatureSpec, recipeKey: string): { ok: true; value: EncodeResult } | { ok: false; error: Problem } {
  const problems = validateFeatureSpec(spec, table);
  if (problems.length > 0) return { ok: false, error: problems[0]! };
  const split = splitForSpec(table, spec);
  if (!split.ok) return split;
  const { train, validation, test } = split.value;
  if (train.length === 0) return { ok: false, error: { message: 'The training split is empty.', hint: 'Give the training split a larger share, or load more rows.' } };
  const fitted = fitEncoders(table, schema, spec, train);
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
    },
  };
}

/** The matrices for training; `testRows` are the cleaned table's row indices of the test split. */
export function trainingData(table: Table, spec: FeatureSpec, fitted: FittedEncoders): { data: TrainData; testRows: Uint32Array } | { error: Problem } {
  const split = splitForSpec(table, spec);
  if (!split.ok) return { error: split.error };
  const part = (rows: Uint32Array) => {
    const enc = encodeRows(table, fitted, rows);
    const y = encodeTarget(table, fitted, rows);
    return { x: enc.x, y: y instanceof Float32Array ? y : Float32Array.from(y), n: enc.n };
  };
  const classes = fitted.target.kind === 'classification' ? fitted.target.classes.length : 1;
  return {
    data: { features: fitted.featureNames.length, classes, task: fitted.task, train: part(split.value.train), validation: part(split.value.validation), test: part(split.value.test) },
    testRows: split.value.test,
  };
}

export function recordsAt(table: Table, rows: number[]): Record<string, string>[] {
  return rows.filter((r) => r >= 0 && r < table.rowCount).map((r) => recordFromRow(table, r));
}

/**
 * One raw row (as typed by a user, before cleaning) → the model's input vector: the same path as
 * training rows, with the recipe in predict mode (stored statistics, no row filters).
 */
export function encodeRecord(record: Record<string, string>, rawSchema: ColumnSchema[], recipe: Recipe, fitted: FittedEncoders, like?: Table) {
  const table = tableFromRecord(record, rawSchema, like);
  const cleaned = runRecipe(table, rawSchema, recipe, { mode: 'predict' });
  const enc = encodeRows(cleaned.table, fitted);
  const problems = cleaned.reports.flatMap((r) => r.problems);
  return { x: enc.x, features: enc.features, problems };
}

/**
 * Raw rows (as typed by a user, before cleaning) → the model's input rows [n, features]: the same
 * path as training rows, with the recipe in predict mode (stored statistics, no row filters).
 * Several rows at once serve the "why" view (one variant of a text per word). Shared by the data
 * worker's `encode-record` job and the deploy predictor (src/deploy).
 */
import { runRecipe, type Recipe } from '../clean/recipe';
import type { ColumnSchema } from '../data/schema';
import type { Table } from '../data/table';
import type { Problem } from '../util/result';
import { encodeRows } from './encode';
import type { FittedEncoders } from './fit';
import { tableFromRecord } from './record';

export function encodeRecords(records: Record<string, string>[], rawSchema: ColumnSchema[], recipe: Recipe, fitted: FittedEncoders, like?: Table) {
  const features = fitted.featureNames.length;
  const x = new Float32Array(records.length * features);
  const problems: Problem[] = [];
  records.forEach((record, i) => {
    const table = tableFromRecord(record, rawSchema, like);
    const cleaned = runRecipe(table, rawSchema, recipe, { mode: 'predict' });
    x.set(encodeRows(cleaned.table, fitted).x, i * features);
    if (i === 0) problems.push(...cleaned.reports.flatMap((r) => r.problems));
  });
  return { x, n: records.length, features, problems };
}

import { describe, expect, it } from 'vitest';
import { inferSchema } from '../data/infer-type';
import { cellValue, tableFromRows } from '../data/table';
import { runRecipe, type Recipe } from '../clean/recipe';
import { cleanedRowSources, refitRecipeOnRows } from './fold-recipe';

// Row 2 has no label and is dropped; x is missing in rows 4 and 7.
const raw = tableFromRows(
  ['x', 'label'],
  [[1, 'a'], [2, 'b'], [50, null], [3, 'a'], [null, 'b'], [10, 'a'], [20, 'b'], [null, 'a'], [30, 'b']],
);
const schema = inferSchema(raw);
const recipe: Recipe = {
  format: 'ml-studio-recipe',
  version: 1,
  steps: [
    { id: 's1', op: 'drop-missing-rows', params: { columns: ['label'] }, enabled: true },
    { id: 's2', op: 'impute', params: { columns: ['x'], strategy: 'mean' }, enabled: true },
  ],
};
const whole = runRecipe(raw, schema, recipe, { mode: 'fit' });
const xOf = (t: typeof raw) => Array.from({ length: t.rowCount }, (_, i) => cellValue(t.columns[0]!, i));

describe('the clean recipe inside a fold', () => {
  it('knows which raw row each cleaned row came from', () => {
    expect(Array.from(cleanedRowSources(raw, schema, whole.recipe)!)).toEqual([0, 1, 3, 4, 5, 6, 7, 8]);
  });

  it('imputes by the mean of the fold’s training rows, not of the whole data', () => {
    // Whole data after the row filter: mean of 1, 2, 3, 10, 20, 30 = 11.
    expect((whole.recipe.steps[1]!.fitted as { fills: { x: number } }).fills.x).toBeCloseTo(11, 12);
    const sources = cleanedRowSources(raw, schema, whole.recipe)!;
    // Fold training rows (cleaned indices) 0, 1, 2, 3: x = 1, 2, 3, missing → mean 2.
    const fold = refitRecipeOnRows(raw, schema, whole.recipe, sources, Uint32Array.from([0, 1, 2, 3]));
    expect((fold.recipe.steps[1]!.fitted as { fills: { x: number } }).fills.x).toBeCloseTo(2, 12);
    // Every cleaned row is there, the missing ones (cleaned rows 3 and 6) filled with the fold's mean.
    expect(xOf(fold.table)).toEqual([1, 2, 3, 2, 10, 20, 2, 30]);
    expect(xOf(whole.table)).toEqual([1, 2, 3, 11, 10, 20, 11, 30]);
  });
});

describe('row sources through fitted row filters', () => {
  it('follows an outlier removal (IQR bounds learned in the replay) and a duplicate removal', () => {
    const t = tableFromRows(['x', 'label'], [[1, 'a'], [2, 'b'], [2, 'b'], [3, 'a'], [1000, 'b'], [4, 'a'], [5, 'b']]);
    const s = inferSchema(t);
    const r: Recipe = {
      format: 'ml-studio-recipe',
      version: 1,
      steps: [
        { id: 'o', op: 'outliers', params: { columns: ['x'], method: 'iqr', threshold: 1.5, action: 'remove' }, enabled: true },
        { id: 'd', op: 'remove-duplicates', params: { columns: [] }, enabled: true },
      ],
    };
    // Row 4 (x = 1000) is outside the IQR bounds; row 2 repeats row 1.
    expect(Array.from(cleanedRowSources(t, s, r)!)).toEqual([0, 1, 3, 5, 6]);
    expect(runRecipe(t, s, r, { mode: 'fit' }).table.rowCount).toBe(5);
  });
});

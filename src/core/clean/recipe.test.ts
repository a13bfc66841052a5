import { describe, expect, it } from 'vitest';
import { emptyRecipe, runRecipe, type Recipe, type RecipeStep } from './recipe';
import { listOps, OPS } from './registry';
import { ctxOf, columnValues } from './test-utils';

const step = (id: string, op: string, params: unknown, enabled = true): RecipeStep => ({ id, op, params, enabled });
const recipeOf = (...steps: RecipeStep[]): Recipe => ({ ...emptyRecipe(), steps });

// age: [10, null, 30, 1000, 20]; median of present values = 25.
const train = ctxOf(['id', 'age', 'city'], [[1, 10, 'Paris'], [2, null, ' paris'], [3, 30, 'Lyon'], [4, 1000, 'Lyon'], [5, 20, 'Nice']]);

describe('registry', () => {
  it('lists every op once, keyed by type, with JSON default params', () => {
    const types = listOps().map((op) => op.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining([
      'drop-columns', 'drop-missing-rows', 'impute', 'remove-duplicates', 'outliers',
      'change-type', 'filter-rows', 'rename-column', 'map-values', 'normalize-categories',
    ]));
    for (const op of listOps()) {
      expect(OPS[op.type]).toBe(op);
      const p = op.defaultParams(train);
      expect(JSON.parse(JSON.stringify(p))).toEqual(p);
      expect(op.summary.length).toBeGreaterThan(10);
      expect(typeof op.describe(p)).toBe('string');
    }
  });
});

describe('runRecipe', () => {
  it('applies enabled steps in order, skips disabled ones, fills fitted stats', () => {
    const recipe = recipeOf(
      step('s1', 'drop-columns', { columns: ['id'] }),
      step('s2', 'impute', { columns: ['age'], strategy: 'median' }),
      step('s3', 'normalize-categories', { columns: ['city'], trim: true, case: 'lower' }, false),
    );
    const r = runRecipe(train.table, train.schema, recipe);
    expect(r.table.columns.map((c) => c.name)).toEqual(['age', 'city']);
    expect(columnValues(r.table, 'age')).toEqual([10, 25, 30, 1000, 20]);
    expect(columnValues(r.table, 'city')).toEqual(['Paris', ' paris', 'Lyon', 'Lyon', 'Nice']);
    expect(r.recipe.steps[1]!.fitted).toEqual({ fills: { age: 25 } });
    expect(recipe.steps[1]!.fitted).toBeUndefined();
    expect(r.reports).toEqual([
      { id: 's1', changed: { columns: 1 }, problems: [], rowsAfter: 5 },
      { id: 's2', changed: { cells: 1 }, problems: [], rowsAfter: 5 },
      { id: 's3', changed: {}, problems: [], rowsAfter: 5, skipped: true },
    ]);
  });
  it('order matters: removing the outlier first changes the learned median', () => {
    const impute = step('i', 'impute', { columns: ['age'], strategy: 'median' });
    const clip = step('o', 'outliers', { columns: ['age'], method: 'iqr', action: 'remove' });
    const a = runRecipe(train.table, train.schema, recipeOf(impute, clip));
    const b = runRecipe(train.table, train.schema, recipeOf(clip, impute));
    expect(a.recipe.steps[0]!.fitted).toEqual({ fills: { age: 25 } });
    // Bounds of [10,20,30,1000]: q1 17.5, q3 272.5 → upper 655 → 1000 removed; median of [10,30,20] = 20.
    expect(b.recipe.steps[1]!.fitted).toEqual({ fills: { age: 20 } });
    expect(columnValues(b.table, 'age')).toEqual([10, 20, 30, 20]);
  });
  it('reports and skips a step whose column was dropped earlier', () => {
    const r = runRecipe(train.table, train.schema, recipeOf(
      step('d', 'drop-columns', { columns: ['age'] }),
      step('i', 'impute', { columns: ['age'], strategy: 'median' }),
      step('u', 'no-such-op', {}),
      step('n', 'normalize-categories', { columns: ['city'], trim: true, case: 'lower' }),
    ));
    expect(r.reports[1]).toMatchObject({ id: 'i', skipped: true, problems: [{ code: 'missing-column', where: { column: 'age' } }] });
    expect(r.reports[2]).toMatchObject({ id: 'u', skipped: true, problems: [{ code: 'unknown-op' }] });
    expect(r.reports[3]).toMatchObject({ id: 'n', changed: { cells: 5 } });
    expect(r.recipe.steps[1]!.fitted).toBeUndefined();
    expect(columnValues(r.table, 'city')).toEqual(['paris', 'paris', 'lyon', 'lyon', 'nice']);
  });
  it('replays the stored median on new rows, and a refit learns again', () => {
    const fit = runRecipe(train.table, train.schema, recipeOf(step('i', 'impute', { columns: ['age'], strategy: 'median' })));
    const fresh = ctxOf(['id', 'age', 'city'], [[9, null, 'Nice'], [10, 1, 'Nice'], [11, 2, 'Nice']]);
    const replay = runRecipe(fresh.table, fresh.schema, fit.recipe);
    expect(columnValues(replay.table, 'age')).toEqual([25, 1, 2]);
    const predict = runRecipe(fresh.table, fresh.schema, fit.recipe, { mode: 'predict' });
    expect(columnValues(predict.table, 'age')).toEqual([25, 1, 2]);
    const refit = runRecipe(fresh.table, fresh.schema, fit.recipe, { refit: true });
    expect(refit.recipe.steps[0]!.fitted).toEqual({ fills: { age: 1.5 } });
  });
  it('predict mode keeps a single row: row filters are skipped, clipping still applies', () => {
    const recipe = recipeOf(
      step('dup', 'remove-duplicates', { columns: [] }),
      step('miss', 'drop-missing-rows', { columns: [] }),
      step('f', 'filter-rows', { column: 'city', operator: '==', value: 'Lyon' }),
      step('rm', 'outliers', { columns: ['age'], method: 'iqr', action: 'remove' }),
      step('clip', 'outliers', { columns: ['age'], method: 'iqr', threshold: 0.5, action: 'clip' }),
      step('imp', 'impute', { columns: ['age'], strategy: 'mean' }),
    );
    const fit = runRecipe(train.table, train.schema, recipe);
    expect(fit.table.rowCount).toBe(2);
    const one = ctxOf(['id', 'age', 'city'], [[7, 5000, 'Paris']]);
    const p = runRecipe(one.table, one.schema, fit.recipe, { mode: 'predict' });
    expect(p.table.rowCount).toBe(1);
    expect(p.reports.filter((r) => r.skipped).map((r) => r.id)).toEqual(['dup', 'miss', 'f', 'rm']);
    // Fitted on the two Lyon rows [30, 1000]: q1 272.5, q3 757.5, IQR 485 → upper 757.5 + 0.5·485 = 1000.
    expect(columnValues(p.table, 'age')).toEqual([1000]);
  });
  it('predict mode refuses to learn: a step without fitted statistics is reported', () => {
    const one = ctxOf(['age'], [[null]]);
    const p = runRecipe(one.table, one.schema, recipeOf(step('i', 'impute', { columns: ['age'], strategy: 'median' })), { mode: 'predict' });
    expect(p.reports[0]).toMatchObject({ skipped: true, problems: [{ code: 'not-fitted' }] });
    expect(p.table.rowCount).toBe(1);
  });
  it('a fitted recipe survives a JSON round trip and replays identically', () => {
    const recipe = recipeOf(
      step('t', 'change-type', { column: 'id', to: 'categorical' }),
      step('i', 'impute', { columns: ['age'], strategy: 'median' }),
      step('o', 'outliers', { columns: ['age'], method: 'zscore', action: 'clip' }),
      step('m', 'impute', { columns: ['city'], strategy: 'most_frequent' }),
      step('v', 'map-values', { column: 'city', mapping: { ' paris': 'Paris' } }),
      step('r', 'rename-column', { from: 'city', to: 'town' }),
    );
    const fit = runRecipe(train.table, train.schema, recipe);
    const json = JSON.stringify(fit.recipe);
    expect(json).not.toMatch(/NaN|Infinity/);
    const back = JSON.parse(json) as Recipe;
    expect(back).toEqual(fit.recipe);
    const again = runRecipe(train.table, train.schema, back, { mode: 'predict' });
    expect(again.table).toEqual(fit.table);
    expect(again.schema).toEqual(fit.schema);
    expect(columnValues(again.table, 'town')).toEqual(['Paris', 'Paris', 'Lyon', 'Lyon', 'Nice']);
  });
});

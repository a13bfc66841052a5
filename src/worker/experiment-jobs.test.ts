import { describe, expect, it } from 'vitest';
import { inferSchema } from '../core/data/infer-type';
import { cellValue, tableFromRows } from '../core/data/table';
import { runRecipe, type Recipe } from '../core/clean/recipe';
import { defaultFeatureSpec, fitEncoders, splitForSpec, type FeatureSpec } from '../core/features';
import { foldData, foldRows, type FoldInputs } from './experiment-jobs';

// 80 rows; x is missing in every 4th row, and x is larger for label b (so fold means differ).
const rows = Array.from({ length: 80 }, (_, i) => [i % 4 === 0 ? null : (i % 2 ? 100 : 0) + ((i * 37) % 23), i % 2 ? 'b' : 'a']);
const raw = tableFromRows(['x', 'label'], rows);
const rawSchema = inferSchema(raw);
const recipe: Recipe = { format: 'ml-studio-recipe', version: 1, steps: [{ id: 's1', op: 'impute', params: { columns: ['x'], strategy: 'mean' }, enabled: true }] };
const cleanedRun = runRecipe(raw, rawSchema, recipe, { mode: 'fit' });
const base = defaultFeatureSpec(cleanedRun.table, cleanedRun.schema, 'label', 'classification');
const spec: FeatureSpec = { ...base, columns: base.columns.map((c) => ({ ...c, include: c.name === 'x', numeric: 'none' as const })) };
const split = splitForSpec(cleanedRun.table, spec);
if (!split.ok) throw new Error(split.error.message);
const inputs: FoldInputs = {
  raw,
  rawSchema,
  recipe: cleanedRun.recipe,
  cleaned: cleanedRun.table,
  spec,
  fitted: fitEncoders(cleanedRun.table, cleanedRun.schema, spec, split.value.train),
};
const job = { settings: { k: 5, repeats: 1, seed: 3 }, index: 2, validationShare: 0 };
const rawX = (r: number) => cellValue(raw.columns[0]!, r) as number | null;
const meanOf = (rs: Iterable<number>) => {
  const v = [...rs].map(rawX).filter((x): x is number => x !== null);
  return v.reduce((a, b) => a + b, 0) / v.length;
};

describe('fold-data: recipe and encoders refitted inside the fold', () => {
  it('fills a scored row’s missing x with the fold-train mean, not the whole-data mean', async () => {
    const r = foldRows(inputs, job);
    const foldMean = meanOf(r.train);
    const wholeMean = (cleanedRun.recipe.steps[0]!.fitted as { fills: { x: number } }).fills.x;
    expect(Math.abs(foldMean - wholeMean)).toBeGreaterThan(0.01);
    const { data, recipe: foldRecipe, result } = await foldData(inputs, job);
    expect((foldRecipe.steps[0]!.fitted as { fills: { x: number } }).fills.x).toBeCloseTo(foldMean, 9);
    const missingScored = Array.from(r.scored).map((row, i) => ({ row, i })).filter(({ row }) => rawX(row) === null);
    expect(missingScored.length).toBeGreaterThan(0);
    for (const { i } of missingScored) expect(data.test.x[i]).toBeCloseTo(foldMean, 4);
    expect(result).toEqual({ repeat: 0, fold: 2, trainRows: r.fit.length, validationRows: r.scored.length });
  });

  it('scores on the fold’s own rows of the training split; the test split is never in a fold', () => {
    const test = new Set(split.value.test);
    const scored = new Set<number>();
    for (let index = 0; index < 5; index++) {
      const r = foldRows(inputs, { ...job, index });
      for (const row of [...r.train, ...r.scored]) expect(test.has(row)).toBe(false);
      for (const row of r.scored) scored.add(row);
    }
    expect([...scored].sort((a, b) => a - b)).toEqual(Array.from(split.value.train).sort((a, b) => a - b));
  });

  it('holds out the validation share from the fold’s training rows, and fits the encoders without it', async () => {
    const r = foldRows(inputs, { ...job, validationShare: 0.2 });
    expect(r.inner.length).toBe(Math.round(r.train.length * 0.2));
    expect(r.fit.length + r.inner.length).toBe(r.train.length);
    const { fitted } = await foldData(inputs, { ...job, validationShare: 0.2 });
    const col = fitted.columns[0]!;
    // The encoder's fill (train mean of the cleaned x) comes from the fit rows only.
    const foldFill = (foldRecipeMean: number) => Array.from(r.fit).map((row) => rawX(row) ?? foldRecipeMean);
    const fill = meanOf(r.train);
    const expected = foldFill(fill).reduce((a, b) => a + b, 0) / r.fit.length;
    expect(col.kind === 'numeric' && col.fill).toBeCloseTo(expected, 6);
  });
});

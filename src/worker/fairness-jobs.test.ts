import { describe, expect, it } from 'vitest';
import { inferSchema } from '../core/data/infer-type';
import { tableFromRows } from '../core/data/table';
import { defaultFeatureSpec, fitEncoders, splitForSpec, type FeatureSpec } from '../core/features';
import { trainingData } from './encode-jobs';
import { sensitiveRows } from './fairness-jobs';

// 80 people: sex, age 20..59, an outcome that depends on sex; "sex" is not a feature.
const rows = Array.from({ length: 80 }, (_, i) => [i % 2 ? 'female' : 'male', 20 + (i % 40), (i * 7) % 13, i % 2 && i % 3 ? 'yes' : 'no'] as const);
const table = tableFromRows(['sex', 'age', 'score', 'outcome'], rows);
const schema = inferSchema(table);
const base = defaultFeatureSpec(table, schema, 'outcome', 'classification');
const spec: FeatureSpec = { ...base, columns: base.columns.map((c) => (c.name === 'sex' ? { ...c, include: false } : c)) };
const split = splitForSpec(table, spec);
if (!split.ok) throw new Error(split.error.message);
const fitted = fitEncoders(table, schema, spec, split.value.train);
const ref = { datasetId: 'd', stage: 'clean' as const, recipeKey: 'k' };

describe('sensitive-rows', () => {
  it('gives the test rows in the run’s order, their targets and the values of a column that is not a feature', () => {
    const res = sensitiveRows(table, { table: ref, spec, fitted, split: 'test', columns: ['sex'], encode: false });
    if (!res.ok) throw new Error(res.error.message);
    expect(Array.from(res.value.rows)).toEqual(Array.from(split.value.test));
    expect(res.value.values[0]).toEqual(Array.from(split.value.test, (r) => rows[r]![0]));
    expect(Array.from(res.value.y)).toEqual(Array.from(split.value.test, (r) => fitted.target.kind === 'classification' ? fitted.target.classes.indexOf(rows[r]![3]!) : NaN));
    expect(res.value.x).toBeUndefined();
  });

  it('encodes the validation rows when asked; cuts a many-valued number column at its quartiles', () => {
    const res = sensitiveRows(table, { table: ref, spec, fitted, split: 'validation', columns: ['sex', 'age'], encode: true });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.x).toHaveLength(split.value.validation.length * fitted.featureNames.length);
    expect(res.value.binned).toEqual(['age']);
    const ages = res.value.values[1]!;
    expect(new Set(ages).size).toBeLessThanOrEqual(4);
    split.value.validation.forEach((r, i) => {
      const age = rows[r]![1];
      const [lo, hi] = ages[i]!.match(/[\d.]+/g)!.map(Number);
      expect(age).toBeGreaterThanOrEqual(lo!);
      expect(age).toBeLessThanOrEqual(hi!);
    });
  });

  it('names a column the cleaned data lacks', () => {
    const res = sensitiveRows(table, { table: ref, spec, fitted, split: 'test', columns: ['race'], encode: false });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toContain('"race"');
  });
});

describe('training data reweighed by a sensitive column', () => {
  it('weighs each training row n_g·n_y / (n·n_gy), and refuses to combine with oversampling', async () => {
    const res = await trainingData(table, spec, fitted, undefined, ['sex']);
    if ('error' in res) throw new Error(res.error.message);
    const w = res.data.train.w!;
    const train = split.value.train;
    const n = train.length;
    const cnt = (f: (r: number) => boolean) => Array.from(train).filter(f).length;
    train.forEach((r, i) => {
      const g = rows[r]![0];
      const y = rows[r]![3];
      const expected = (cnt((q) => rows[q]![0] === g) * cnt((q) => rows[q]![3] === y)) / (n * cnt((q) => rows[q]![0] === g && rows[q]![3] === y));
      expect(w[i]).toBeCloseTo(expected, 5);
    });
    expect('error' in (await trainingData(table, spec, fitted))).toBe(false);
    const over = await trainingData(table, { ...spec, balance: { augment: 0, alpha: 0.1, oversample: true } }, fitted, undefined, ['sex']);
    expect('error' in over && over.error.message).toContain('Reweighing cannot be combined');
  });
});

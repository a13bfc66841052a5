import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../data/infer-type';
import { numberColumn, stringColumn, tableFromRows } from '../data/table';
import { datePartsOf } from './read';
import { rowsWithTarget, splitForSpec } from './rows';
import { defaultFeatureSpec, REASONS, validateFeatureSpec } from './spec';

const N = 25;
const sentence = (i: number) => `This is a long free text comment number ${i} with many words in it`;
const table = {
  columns: [
    numberColumn('id', Array.from({ length: N }, (_, i) => i + 1)),
    numberColumn('age', Array.from({ length: N }, (_, i) => (i % 5 === 0 ? null : 20 + i))),
    stringColumn('colour', Array.from({ length: N }, (_, i) => ['red', 'blue', 'green'][i % 3]!)),
    stringColumn('comment', Array.from({ length: N }, (_, i) => sentence(i))),
    stringColumn('country', Array.from({ length: N }, () => 'FR')),
    numberColumn('empty', Array.from({ length: N }, () => null)),
    stringColumn('rare', Array.from({ length: N }, (_, i) => (i === 3 ? 'x' : null))),
    stringColumn('day', Array.from({ length: N }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`)),
    stringColumn('stamp', Array.from({ length: N }, (_, i) => `2024-01-01T${String(i % 24).padStart(2, '0')}:00`)),
    stringColumn('label', Array.from({ length: N }, (_, i) => (i % 4 === 0 ? 'yes' : 'no'))),
  ],
  rowCount: N,
};
const schema = inferSchema(table);

describe('defaultFeatureSpec', () => {
  const spec = defaultFeatureSpec(table, schema, 'label', 'classification');
  const col = (name: string) => spec.columns.find((c) => c.name === name)!;

  it('includes every column but the target, except ids, free text and columns with nothing to learn', () => {
    expect(spec.columns.map((c) => c.name)).toEqual(['id', 'age', 'colour', 'comment', 'country', 'empty', 'rare', 'day', 'stamp']);
    expect(spec.columns.filter((c) => c.include).map((c) => c.name)).toEqual(['age', 'colour', 'rare', 'day', 'stamp']);
    expect(col('id').reason).toBe(REASONS.identifier);
    expect(col('id').reason).toBe('Every row has a different value: an id tells the model nothing general.');
    expect(col('comment').reason).toBe(REASONS.text);
    expect(col('country').reason).toBe(REASONS.constant);
    expect(col('empty').reason).toBe(REASONS.empty);
    expect(col('age').reason).toBeUndefined();
    expect('reason' in col('age')).toBe(false);
  });

  it('standardizes, one-hots the top 20, flags missing values where there are some, and picks date parts', () => {
    expect(col('age')).toEqual({
      name: 'age',
      include: true,
      numeric: 'standardize',
      categorical: { mode: 'onehot', topK: 20 },
      dateParts: ['year', 'month', 'day', 'weekday'],
      missingIndicator: true,
    });
    expect(col('colour').missingIndicator).toBe(false);
    expect(col('rare').missingIndicator).toBe(true);
    expect(col('stamp').dateParts).toEqual(['year', 'month', 'day', 'weekday', 'hour']);
  });

  it('splits 70/15/15 with seed 42, stratified for classification only', () => {
    expect(spec.split).toEqual({ train: 0.7, validation: 0.15, test: 0.15, seed: 42, stratify: true });
    expect(defaultFeatureSpec(table, schema, 'age', 'regression').split.stratify).toBe(false);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('reports what stops fitting', () => {
    expect(validateFeatureSpec(spec, table)).toEqual([]);
    const bad = {
      ...spec,
      target: 'nope',
      split: { ...spec.split, train: 0.5 },
      columns: spec.columns.map((c) => (c.name === 'colour' ? { ...c, categorical: { mode: 'onehot' as const, topK: 0 } } : c)),
    };
    expect(validateFeatureSpec(bad, table).map((p) => p.code)).toEqual(['missing-target', 'bad-top-k', 'split-fractions-sum']);
    const { text: _text, ...tabularOnly } = spec;
    const none = { ...tabularOnly, columns: spec.columns.map((c) => ({ ...c, include: false })) };
    expect(validateFeatureSpec(none, table).map((p) => p.code)).toEqual(['no-features']);
    // With a text input, the text alone is enough.
    if (spec.text) expect(validateFeatureSpec({ ...none, text: spec.text }, table)).toEqual([]);
  });
});

describe('rows with a target and the split', () => {
  const t = tableFromRows(['x', 'y'], [[1, 'a'], [2, null], [3, 'b'], [4, 'NA'], [5, 'a']]);

  it('drops rows whose target is missing (NaN, −1, missing tokens, text for regression)', () => {
    expect([...rowsWithTarget(t, 'y')]).toEqual([0, 2, 4]);
    const r = { columns: [stringColumn('p', ['1.5', 'oops', null, '2'])], rowCount: 4 };
    expect([...rowsWithTarget(r, 'p', 'regression')]).toEqual([0, 3]);
    expect([...rowsWithTarget(t, 'missing')]).toEqual([]);
  });

  it('splits only rows with a target, stratified and seeded', () => {
    const labels = Array.from({ length: 40 }, (_, i) => (i % 10 === 9 ? null : i % 4 === 0 ? 'A' : 'B'));
    const big = tableFromRows(['x', 'y'], labels.map((l, i) => [i, l]));
    const spec = defaultFeatureSpec(big, inferSchema(big), 'y', 'classification');
    const s = splitForSpec(big, spec);
    if (!s.ok) throw new Error(s.error.message);
    const all = [...s.value.train, ...s.value.validation, ...s.value.test].sort((a, b) => a - b);
    expect(all).toEqual([...rowsWithTarget(big, 'y')]);
    expect(s.value.train.length).toBe(25); // 36 rows × 0.7 = 25.2
    const again = splitForSpec(big, spec);
    expect(again.ok && [...again.value.train]).toEqual([...s.value.train]);
    const empty = splitForSpec(tableFromRows(['x', 'y'], [[1, null]]), spec);
    expect(!empty.ok && empty.error.code).toBe('no-target-rows');
  });
});

describe('datePartsOf', () => {
  it('agrees with Date for any time from year 1 to 9999', () => {
    const out = new Float64Array(5);
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_000 }), (ms) => {
        datePartsOf(ms, out);
        const d = new Date(ms);
        expect([...out]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), (d.getUTCDay() + 6) % 7, d.getUTCHours()]);
      }),
      { numRuns: 2000 },
    );
  });
});

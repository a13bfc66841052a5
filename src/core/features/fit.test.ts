import { describe, expect, it } from 'vitest';
import { inferSchema } from '../data/infer-type';
import type { ColumnSchema } from '../data/schema';
import { numberColumn, stringColumn, tableFromRows, type Table } from '../data/table';
import { encodeRows, encodeTarget } from './encode';
import { fitEncoders, type FittedEncoders } from './fit';
import { defaultFeatureSpec, type ColumnFeatureSettings, type FeatureSpec } from './spec';

const rowsOf = (...r: number[]) => Uint32Array.from(r);

/** A spec with the given column settings over the defaults (everything included). */
function specFor(table: Table, schema: ColumnSchema[], target: string, patch: Record<string, Partial<ColumnFeatureSettings>>, task: FeatureSpec['task'] = 'regression'): FeatureSpec {
  const spec = defaultFeatureSpec(table, schema, target, task);
  return {
    ...spec,
    columns: spec.columns.map((c) => ({ ...c, include: c.name in patch, missingIndicator: false, ...patch[c.name] })),
  };
}

/** Encoded matrix as rows of plain numbers. */
function matrix(table: Table, fitted: FittedEncoders, rows?: Uint32Array): number[][] {
  const { x, n, features } = encodeRows(table, fitted, rows);
  return Array.from({ length: n }, (_, k) => Array.from(x.subarray(k * features, (k + 1) * features)));
}

const f32 = (v: number) => Math.fround(v);

describe('numeric scaling (fitted on train rows)', () => {
  // rows 0-3 train: 1, 2, 3, 4 (mean 2.5, population std √1.25); row 4 (validation) is extreme.
  const table = tableFromRows(['x', 'y'], [[1, 0], [2, 0], [3, 0], [4, 0], [1000, 0]]);
  const schema = inferSchema(table);
  const train = rowsOf(0, 1, 2, 3);

  it('standardizes with the train mean and population std (StandardScaler, ddof = 0)', () => {
    const fitted = fitEncoders(table, schema, specFor(table, schema, 'y', { x: { numeric: 'standardize' } }), train);
    const c = fitted.columns[0]!;
    expect(c).toMatchObject({ kind: 'numeric', center: 2.5, fill: 2.5 });
    expect(c.kind === 'numeric' && c.scale).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(matrix(table, fitted).map((r) => r[0])).toEqual([1, 2, 3, 4, 1000].map((v) => f32((v - 2.5) / Math.sqrt(1.25))));
    // (1 − 2.5) / √1.25 = −1.3416407864998738 (sklearn: StandardScaler().fit([[1],[2],[3],[4]]).transform([[1]]))
    expect(matrix(table, fitted)[0]![0]).toBeCloseTo(-1.3416407865, 6);
  });

  it('ignores validation rows: an extreme value outside train does not move the mean', () => {
    const withVal = fitEncoders(table, schema, specFor(table, schema, 'y', { x: {} }), train);
    const c = withVal.columns[0]!;
    expect(c.kind === 'numeric' && c.center).toBe(2.5);
    const everything = fitEncoders(table, schema, specFor(table, schema, 'y', { x: {} }), rowsOf(0, 1, 2, 3, 4));
    expect(everything.columns[0]!.kind === 'numeric' && (everything.columns[0] as { center: number }).center).toBe(202);
  });

  it('scales to 0–1 with the train min and max (MinMaxScaler), not clipping other rows', () => {
    const fitted = fitEncoders(table, schema, specFor(table, schema, 'y', { x: { numeric: 'minmax' } }), train);
    expect(fitted.columns[0]).toMatchObject({ center: 1, scale: 3 });
    expect(matrix(table, fitted).map((r) => r[0])).toEqual([0, 1 / 3, 2 / 3, 1, 333].map(f32));
  });

  it("leaves numbers as they are with 'none'", () => {
    const fitted = fitEncoders(table, schema, specFor(table, schema, 'y', { x: { numeric: 'none' } }), train);
    expect(matrix(table, fitted).map((r) => r[0])).toEqual([1, 2, 3, 4, 1000]);
  });

  it('uses scale 1 for a column constant in training', () => {
    const t = tableFromRows(['x', 'y'], [[5, 0], [5, 0], [5, 0], [7, 0]]);
    for (const numeric of ['standardize', 'minmax'] as const) {
      const fitted = fitEncoders(t, inferSchema(t), specFor(t, inferSchema(t), 'y', { x: { numeric } }), rowsOf(0, 1, 2));
      expect(fitted.columns[0]).toMatchObject({ center: 5, scale: 1 });
      expect(matrix(t, fitted).map((r) => r[0])).toEqual([0, 0, 0, 2]);
    }
    // 0.1 three times: the float mean is not exactly 0.1, but the scale must still be 1.
    const t2 = { columns: [numberColumn('x', [0.1, 0.1, 0.1]), numberColumn('y', [0, 0, 0])], rowCount: 3 };
    const fitted = fitEncoders(t2, inferSchema(t2), specFor(t2, inferSchema(t2), 'y', { x: {} }), rowsOf(0, 1, 2));
    expect(fitted.columns[0]).toMatchObject({ scale: 1 });
  });

  it('fills a missing number with the train mean and flags it', () => {
    // train: 1, (missing), 3 → mean 2, population std 1.
    const t = tableFromRows(['x', 'y'], [[1, 0], [null, 0], [3, 0], [null, 0]]);
    const s = inferSchema(t);
    const std = fitEncoders(t, s, specFor(t, s, 'y', { x: { missingIndicator: true } }), rowsOf(0, 1, 2));
    expect(std.featureNames).toEqual(['x', 'x (missing)']);
    expect(matrix(t, std)).toEqual([[-1, 0], [0, 1], [1, 0], [0, 1]]);
    const mm = fitEncoders(t, s, specFor(t, s, 'y', { x: { numeric: 'minmax', missingIndicator: true } }), rowsOf(0, 1, 2));
    expect(matrix(t, mm)).toEqual([[0, 0], [0.5, 1], [1, 0], [0.5, 1]]);
  });

  it('reads numbers stored as text (a numeric override of a text column)', () => {
    const t = { columns: [stringColumn('x', ['1', '3', 'oops', null]), numberColumn('y', [0, 0, 0, 0])], rowCount: 4 };
    const schema: ColumnSchema[] = [{ name: 'x', inferred: 'categorical', override: 'numeric' }, { name: 'y', inferred: 'numeric' }];
    const fitted = fitEncoders(t, schema, specFor(t, schema, 'y', { x: { missingIndicator: true } }), rowsOf(0, 1, 2, 3));
    expect(fitted.columns[0]).toMatchObject({ kind: 'numeric', center: 2, scale: 1 });
    expect(matrix(t, fitted)).toEqual([[-1, 0], [1, 0], [0, 1], [0, 1]]);
  });
});

describe('categories', () => {
  // train rows 0-7: red ×3, blue ×2, green ×2, yellow ×1; row 8 (test) is unseen, row 9 missing.
  const colours = ['red', 'blue', 'green', 'red', 'blue', 'yellow', 'green', 'red', 'purple', null];
  const table = { columns: [stringColumn('colour', colours), numberColumn('y', colours.map(() => 0))], rowCount: colours.length };
  const schema = inferSchema(table);
  const train = rowsOf(0, 1, 2, 3, 4, 5, 6, 7);

  it('one-hot keeps the top K by train frequency (ties: smaller value) + other', () => {
    const spec = specFor(table, schema, 'y', { colour: { categorical: { mode: 'onehot', topK: 2 }, missingIndicator: true } });
    const fitted = fitEncoders(table, schema, spec, train);
    // red (3) first, then blue and green tie at 2: blue wins. Listed in sorted order.
    expect(fitted.featureNames).toEqual(['colour=blue', 'colour=red', 'colour=(other)', 'colour (missing)']);
    expect(matrix(table, fitted)).toEqual([
      [0, 1, 0, 0], // red
      [1, 0, 0, 0], // blue
      [0, 0, 1, 0], // green: not in the top 2
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 1, 0], // yellow
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0], // purple: never seen in training
      [0, 0, 0, 1], // missing: no slot, flagged
    ]);
  });

  it('one-hot with every value kept still has an "other" slot for unseen values', () => {
    const fitted = fitEncoders(table, schema, specFor(table, schema, 'y', { colour: {} }), train);
    expect(fitted.featureNames).toEqual(['colour=blue', 'colour=green', 'colour=red', 'colour=yellow', 'colour=(other)']);
    expect(matrix(table, fitted, rowsOf(8, 9))).toEqual([[0, 0, 0, 0, 1], [0, 0, 0, 0, 0]]);
  });

  it('ordinal numbers the kept values in sorted order; other = K, missing = −1', () => {
    const spec = specFor(table, schema, 'y', { colour: { categorical: { mode: 'ordinal', topK: 3 }, missingIndicator: true } });
    const fitted = fitEncoders(table, schema, spec, train);
    expect(fitted.columns[0]).toMatchObject({ categories: ['blue', 'green', 'red'] });
    expect(fitted.featureNames).toEqual(['colour', 'colour (missing)']);
    expect(matrix(table, fitted).map((r) => r[0])).toEqual([2, 0, 1, 2, 0, 3, 1, 2, 3, -1]);
    expect(matrix(table, fitted)[9]![1]).toBe(1);
  });

  it('counts only train rows for the vocabulary', () => {
    // purple appears 5 times outside train: still "other".
    const c = [...colours.slice(0, 8), 'purple', 'purple', 'purple', 'purple', 'purple'];
    const t = { columns: [stringColumn('colour', c), numberColumn('y', c.map(() => 0))], rowCount: c.length };
    const fitted = fitEncoders(t, inferSchema(t), specFor(t, inferSchema(t), 'y', { colour: { categorical: { mode: 'onehot', topK: 1 } } }), train);
    expect(fitted.featureNames).toEqual(['colour=red', 'colour=(other)']);
  });

  it('sorts numbers stored as numbers numerically (a categorical override)', () => {
    const t = { columns: [numberColumn('n', [10, 9, 10, 100, -0]), numberColumn('y', [0, 0, 0, 0, 0])], rowCount: 5 };
    const schema: ColumnSchema[] = [{ name: 'n', inferred: 'numeric', override: 'categorical' }, { name: 'y', inferred: 'numeric' }];
    const fitted = fitEncoders(t, schema, specFor(t, schema, 'y', { n: {} }), rowsOf(0, 1, 2, 3, 4));
    expect(fitted.featureNames).toEqual(['n=0', 'n=9', 'n=10', 'n=100', 'n=(other)']);
    expect(matrix(t, fitted)[4]).toEqual([1, 0, 0, 0, 0]);
  });
});

describe('booleans and dates', () => {
  it('turns booleans into 0/1; missing becomes the train share of true', () => {
    const t = { columns: [stringColumn('b', ['yes', 'no', 'yes', 'yes', null]), numberColumn('y', [0, 0, 0, 0, 0])], rowCount: 5 };
    const schema = inferSchema(t);
    expect(schema[0]!.inferred).toBe('boolean');
    const fitted = fitEncoders(t, schema, specFor(t, schema, 'y', { b: { missingIndicator: true } }), rowsOf(0, 1, 2, 3));
    expect(matrix(t, fitted)).toEqual([[1, 0], [0, 0], [1, 0], [1, 0], [0.75, 1]]);
  });

  it('splits dates into parts (weekday 0 = Monday), each scaled', () => {
    const dates = ['2024-03-05T14:30', '2023-12-31', '05/01/2020', null];
    const t = { columns: [stringColumn('d', dates), numberColumn('y', [0, 0, 0, 0])], rowCount: 4 };
    const schema = inferSchema(t);
    expect(schema[0]!.inferred).toBe('date');
    const parts = ['year', 'month', 'day', 'weekday', 'hour'] as const;
    const raw = fitEncoders(t, schema, specFor(t, schema, 'y', { d: { numeric: 'none', dateParts: [...parts], missingIndicator: true } }), rowsOf(0, 1, 2));
    expect(raw.featureNames).toEqual(['d.year', 'd.month', 'd.day', 'd.weekday', 'd.hour', 'd (missing)']);
    // 2024-03-05 was a Tuesday, 2023-12-31 a Sunday, 5 January 2020 (d/m/y) a Sunday.
    const m = matrix(t, raw);
    expect(m.slice(0, 3)).toEqual([
      [2024, 3, 5, 1, 14, 0],
      [2023, 12, 31, 6, 0, 0],
      [2020, 1, 5, 6, 0, 0],
    ]);
    // missing: each part's train mean, flagged.
    expect(m[3]).toEqual([6067 / 3, 16 / 3, 41 / 3, 13 / 3, 14 / 3, 1].map(f32));

    const scaled = fitEncoders(t, schema, specFor(t, schema, 'y', { d: { numeric: 'minmax', dateParts: ['year', 'month'] } }), rowsOf(0, 1, 2));
    expect(scaled.featureNames).toEqual(['d.year', 'd.month']);
    expect(matrix(t, scaled).slice(0, 3)).toEqual([[1, 2 / 11], [0.75, 1], [0, 0]].map((r) => r.map(f32)));
  });
});

describe('target and bundle safety', () => {
  it('maps classes over the whole table, sorted like LabelEncoder', () => {
    const t = tableFromRows(['x', 'label'], [[1, 'b'], [2, 'a'], [3, 'c'], [4, null], [5, 'a']]);
    const spec = specFor(t, inferSchema(t), 'label', { x: {} }, 'classification');
    const fitted = fitEncoders(t, inferSchema(t), spec, rowsOf(0, 1)); // 'c' is not in train
    expect(fitted.target).toEqual({ kind: 'classification', name: 'label', classes: ['a', 'b', 'c'] });
    expect([...encodeTarget(t, fitted)]).toEqual([1, 0, 2, -1, 0]);

    const n = tableFromRows(['x', 'k'], [[1, 10], [2, 2], [3, 1], [4, 2]]);
    const fn = fitEncoders(n, inferSchema(n), specFor(n, inferSchema(n), 'k', { x: {} }, 'classification'), rowsOf(0, 1));
    expect(fn.target).toMatchObject({ classes: ['1', '2', '10'] });
    expect(encodeTarget(n, fn)).toEqual(Int32Array.of(2, 1, 0, 1));
  });

  it('keeps raw regression targets and records the train mean/std', () => {
    const t = tableFromRows(['x', 'price'], [[1, 10], [2, 20], [3, null], [4, 1e6]]);
    const fitted = fitEncoders(t, inferSchema(t), specFor(t, inferSchema(t), 'price', { x: {} }), rowsOf(0, 1));
    expect(fitted.target).toEqual({ kind: 'regression', name: 'price', mean: 15, std: 5 });
    expect(encodeTarget(t, fitted)).toEqual(Float32Array.of(10, 20, NaN, 1e6));
  });

  it('is plain JSON (no typed arrays, NaN or Infinity), even for an all-missing column', () => {
    const t = {
      columns: [numberColumn('gone', [null, null, null]), stringColumn('c', ['a', 'b', null]), stringColumn('d', ['2024-01-01', null, 'x']), numberColumn('y', [1, 2, 3])],
      rowCount: 3,
    };
    const schema: ColumnSchema[] = [...inferSchema(t).slice(0, 2), { name: 'd', inferred: 'date' }, { name: 'y', inferred: 'numeric' }];
    const fitted = fitEncoders(t, schema, specFor(t, schema, 'y', { gone: { missingIndicator: true }, c: {}, d: {} }), rowsOf(1, 2));
    expect(JSON.parse(JSON.stringify(fitted))).toEqual(fitted);
    const { x } = encodeRows(t, fitted);
    expect(x.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('leaves out excluded columns and ones the table lacks; encodes a fitted column the table lacks as missing', () => {
    const t = tableFromRows(['a', 'b', 'y'], [[1, 2, 0], [3, 4, 0]]);
    const schema = inferSchema(t);
    const spec = specFor(t, schema, 'y', { a: { missingIndicator: true } });
    spec.columns.push({ ...spec.columns[0]!, name: 'ghost', include: true });
    const fitted = fitEncoders(t, schema, spec, rowsOf(0, 1));
    expect(fitted.featureNames).toEqual(['a', 'a (missing)']);
    const without = { columns: [t.columns[1]!, t.columns[2]!], rowCount: 2 };
    expect(matrix(without, fitted)).toEqual([[0, 1], [0, 1]]);
  });
});

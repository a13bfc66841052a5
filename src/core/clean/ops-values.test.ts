import { describe, expect, it } from 'vitest';
import { ctxOf, columnValues, runOp } from './test-utils';
import { impute } from './impute';
import { outliers, fitBounds } from './outliers';

describe('impute', () => {
  const ctx = ctxOf(['a', 's'], [[1, 'b'], [null, 'a'], [3, null], [10, 'a'], [null, 'b'], [3, 'NA']]);
  it('median: learns 3 and fills two cells', () => {
    const r = runOp(impute, { columns: ['a'], strategy: 'median' }, ctx);
    expect(r.fitted).toEqual({ fills: { a: 3 } });
    expect(columnValues(r.table, 'a')).toEqual([1, 3, 3, 10, 3, 3]);
    expect(r.changed).toEqual({ cells: 2 });
    expect(impute.describe({ columns: ['a'], strategy: 'median' })).toBe('Impute a with the median');
  });
  it('mean: 17/4', () => {
    const r = runOp(impute, { columns: ['a'], strategy: 'mean' }, ctx);
    expect(r.fitted.fills.a).toBe(17 / 4);
  });
  it('most frequent: ties go to the smallest value; NA counts as missing', () => {
    const r = runOp(impute, { columns: ['s', 'a'], strategy: 'most_frequent' }, ctx);
    expect(r.fitted.fills).toEqual({ s: 'a', a: 3 });
    expect(columnValues(r.table, 's')).toEqual(['b', 'a', 'a', 'a', 'b', 'a']);
    expect(r.changed.cells).toBe(4);
  });
  it('constant: text and numbers', () => {
    const r = runOp(impute, { columns: ['s'], strategy: 'constant', value: 'unknown' }, ctx);
    expect(columnValues(r.table, 's')).toEqual(['b', 'a', 'unknown', 'a', 'b', 'unknown']);
    const n = runOp(impute, { columns: ['a'], strategy: 'constant', value: '0' }, ctx);
    expect(columnValues(n.table, 'a')).toEqual([1, 0, 3, 10, 0, 3]);
  });
  it('refuses mean of text, a non-number constant for numbers, a missing constant', () => {
    expect(impute.validate({ columns: ['s'], strategy: 'mean' }, ctx)?.message).toContain('does not hold numbers');
    expect(impute.validate({ columns: ['a'], strategy: 'constant', value: 'x' }, ctx)).not.toBeNull();
    expect(impute.validate({ columns: ['a'], strategy: 'constant' }, ctx)).not.toBeNull();
  });
  it('an all-missing column is reported, not filled', () => {
    const c = ctxOf(['a', 'b'], [[null, 1], [null, 2]]);
    const r = runOp(impute, { columns: ['a'], strategy: 'median' }, c);
    expect(r.fitted.fills.a).toBeNull();
    expect(r.problems[0]).toMatchObject({ code: 'nothing-to-fit' });
    expect(JSON.parse(JSON.stringify(r.fitted))).toEqual(r.fitted);
  });
});

describe('outliers', () => {
  // [1,2,3,4,100]: q1 = 2, q3 = 4, IQR = 2 → bounds [-1, 7].
  const ctx = ctxOf(['x', 'y'], [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [100, 'e'], [null, 'f']]);
  it('IQR bounds and clip', () => {
    const r = runOp(outliers, { columns: ['x'], method: 'iqr', action: 'clip' }, ctx);
    expect(r.fitted).toEqual({ bounds: { x: { lower: -1, upper: 7 } } });
    expect(columnValues(r.table, 'x')).toEqual([1, 2, 3, 4, 7, null]);
    expect(r.changed).toEqual({ cells: 1 });
  });
  it('remove keeps rows inside the bounds and rows with a missing value', () => {
    const r = runOp(outliers, { columns: ['x'], method: 'iqr', threshold: 1.5, action: 'remove' }, ctx);
    expect(columnValues(r.table, 'y')).toEqual(['a', 'b', 'c', 'd', 'f']);
    expect(r.changed).toEqual({ rows: 1 });
    expect(outliers.rowFilter).toBeInstanceOf(Function);
  });
  it('z-score bounds use the mean and sample std', () => {
    // [2,4,4,4,5,5,7,9]: mean 5, std sqrt(32/7) ≈ 2.138 → 1 sd bounds [2.862, 7.138].
    const b = fitBounds(Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]), 'zscore', 1);
    expect(b.lower).toBeCloseTo(5 - Math.sqrt(32 / 7), 12);
    expect(b.upper).toBeCloseTo(5 + Math.sqrt(32 / 7), 12);
    const c = ctxOf(['x'], [[2], [4], [4], [4], [5], [5], [7], [9]]);
    const r = runOp(outliers, { columns: ['x'], method: 'zscore', threshold: 1, action: 'remove' }, c);
    expect(columnValues(r.table, 'x')).toEqual([4, 4, 4, 5, 5, 7]);
  });
  it('numeric columns only', () => {
    expect(outliers.validate({ columns: ['y'], method: 'iqr', action: 'clip' }, ctx)).not.toBeNull();
    expect(outliers.validate({ columns: ['x'], method: 'iqr', threshold: -1, action: 'clip' }, ctx)).not.toBeNull();
  });
});

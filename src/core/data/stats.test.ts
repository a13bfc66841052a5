import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  countValues,
  duplicateRowMask,
  histogramSorted,
  histogramWithBins,
  mean,
  missingMask,
  quantileSorted,
  sampleStd,
  sortedValues,
  summarizeSorted,
  valueCounts,
} from './stats';
import { cellValue, isMissingToken, numberColumn, stringColumn, tableFromRows } from './table';

const f = (xs: number[]) => Float64Array.from(xs);

describe('quantiles (linear interpolation, numpy default)', () => {
  it('quartiles of [1,2,3,4] are 1.75, 2.5, 3.25', () => {
    const s = f([1, 2, 3, 4]);
    expect(quantileSorted(s, 0.25)).toBe(1.75);
    expect(quantileSorted(s, 0.5)).toBe(2.5);
    expect(quantileSorted(s, 0.75)).toBe(3.25);
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(4);
  });
  it('quartiles of [1..5] are 2, 3, 4; a single value is every quantile; empty is NaN', () => {
    const s = f([1, 2, 3, 4, 5]);
    expect([0.25, 0.5, 0.75].map((q) => quantileSorted(s, q))).toEqual([2, 3, 4]);
    expect(quantileSorted(f([7]), 0.25)).toBe(7);
    expect(quantileSorted(f([]), 0.5)).toBeNaN();
  });
  it('sortedValues drops NaN and sorts numerically', () => {
    expect([...sortedValues(f([10, NaN, 2, -1, 100]))]).toEqual([-1, 2, 10, 100]);
  });
});

describe('mean and sample std', () => {
  it('std of [2,4,4,4,5,5,7,9] with ddof=1 is sqrt(32/7)', () => {
    const v = f([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean(v)).toBe(5);
    expect(sampleStd(v)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
  it('skips NaN; fewer than two values has no std', () => {
    expect(mean(f([1, NaN, 3]))).toBe(2);
    expect(sampleStd(f([1, NaN, 3]))).toBeCloseTo(Math.SQRT2, 12);
    expect(summarizeSorted(f([5]))!.std).toBeNull();
    expect(summarizeSorted(f([]))).toBeNull();
  });
  it('summarizes [1,2,3,4]', () => {
    expect(summarizeSorted(f([1, 2, 3, 4]))).toEqual({
      count: 4, min: 1, max: 4, mean: 2.5, std: Math.sqrt(5 / 3), q1: 1.75, median: 2.5, q3: 3.25,
    });
  });
});

describe('histogram', () => {
  it('counts into equal-width bins, the last bin closed', () => {
    const bins = histogramWithBins(f([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 0, 10, 5);
    expect(bins.map((b) => b.count)).toEqual([2, 2, 2, 2, 3]);
    expect(bins[0]).toEqual({ x0: 0, x1: 2, count: 2 });
    expect(bins[4]!.x1).toBe(10);
  });
  it('uses at least 10 bins for small data, and at most 50', () => {
    const small = histogramSorted(f([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(small).toHaveLength(10);
    expect(small.reduce((s, b) => s + b.count, 0)).toBe(11);
    expect(small.map((b) => b.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]); // like numpy.histogram(range(11), 10)
    // A far outlier makes Freedman–Diaconis ask for thousands of bins.
    const wide = sortedValues(Float64Array.from({ length: 1001 }, (_, i) => (i === 1000 ? 1e6 : i / 1000)));
    expect(histogramSorted(wide)).toHaveLength(50);
  });
  it('Freedman–Diaconis in between: 1000 evenly spaced values → 2·IQR/n^(1/3) = 99.9 wide → 10 bins', () => {
    // IQR of 0..999 = 499.5, width = 999/10 = 99.9 → ceil(999/99.9) = 10.
    const v = sortedValues(Float64Array.from({ length: 1000 }, (_, i) => i));
    expect(histogramSorted(v)).toHaveLength(10);
    // 8000 values: width = 2·3999.5/20 = 399.95 → ceil(7999/399.95) = 20 bins.
    const w = sortedValues(Float64Array.from({ length: 8000 }, (_, i) => i));
    expect(histogramSorted(w)).toHaveLength(20);
  });
  it('a constant column is one bin', () => {
    expect(histogramSorted(f([3, 3, 3]))).toEqual([{ x0: 3, x1: 3, count: 3 }]);
    expect(histogramSorted(f([]))).toEqual([]);
  });
});

describe('missing and value counts', () => {
  it('recognises NaN, -1 and missing tokens', () => {
    const s = stringColumn('s', ['a', '', 'NA', 'N/A', 'null', 'NaN', '?', '-', null, 'b', ' na ']);
    expect([...missingMask(s)]).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1]);
    expect([...missingMask(numberColumn('n', [1, null, NaN, 0]))]).toEqual([0, 1, 1, 0]);
  });
  it('countValues: top k, distinct and present without sorting everything', () => {
    const col = stringColumn('s', ['c', 'a', 'b', 'a', 'c', 'd', 'a', null, '?']);
    expect(countValues(col, 2)).toEqual({ top: [{ value: 'a', count: 3 }, { value: 'c', count: 2 }], distinct: 4, present: 7 });
    const n = numberColumn('n', [3, 1, 3, 2, 2, NaN, -0, 0]);
    expect(countValues(n, 3)).toEqual({
      top: [{ value: '0', count: 2 }, { value: '2', count: 2 }, { value: '3', count: 2 }],
      distinct: 4,
      present: 7,
    });
  });
  it('value counts: most frequent first, ties in first-seen order', () => {
    expect(valueCounts(stringColumn('s', ['b', 'a', 'a', 'c', 'b', 'NA', null]))).toEqual([
      { value: 'b', count: 2 },
      { value: 'a', count: 2 },
      { value: 'c', count: 1 },
    ]);
    expect(valueCounts(numberColumn('n', [2, 1, 1, NaN]))).toEqual([
      { value: '1', count: 2 },
      { value: '2', count: 1 },
    ]);
  });
});

describe('duplicateRowMask', () => {
  it('marks rows equal to an earlier row, keeping the first', () => {
    const t = tableFromRows(['a', 'b'], [[1, 'x'], [2, 'x'], [1, 'x'], [1, 'y'], [null, 'z'], [null, 'z'], [1, 'x']]);
    expect([...duplicateRowMask(t)]).toEqual([0, 0, 1, 0, 0, 1, 1]);
    expect([...duplicateRowMask(t, [1])]).toEqual([0, 1, 1, 0, 0, 1, 1]);
  });
  it('treats -0 as 0 and every missing token as missing', () => {
    const t = { rowCount: 3, columns: [numberColumn('n', [0, -0, 0]), { kind: 'string' as const, name: 's', codes: Int32Array.from([0, 0, 1]), dict: ['x', 'y'] }] };
    expect([...duplicateRowMask(t)]).toEqual([0, 1, 0]);
    const m = tableFromRows(['s'], [['NA'], [null], ['']]);
    expect([...duplicateRowMask(m)]).toEqual([0, 1, 1]);
  });
  it('is exact under many rows (hash collisions are compared)', () => {
    const n = 200000;
    const a = new Float64Array(n), b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = i % 1000;
      b[i] = Math.floor(i / 1000) % 150;
    }
    const t = { rowCount: n, columns: [{ kind: 'number' as const, name: 'a', values: a }, { kind: 'number' as const, name: 'b', values: b }] };
    const dup = duplicateRowMask(t);
    expect(dup.reduce((s, x) => s + x, 0)).toBe(n - 150000);
  });
  it('gives what comparing every pair gives, with a column of mostly distinct texts (only its repeated values are hashed)', () => {
    const cell = fc.oneof(fc.constant(null), fc.constantFrom('NA', '', 'a', 'b'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, fc.constantFrom('x', 'y', null), fc.constantFrom(0, -0, 1, null)), { maxLength: 40 }), (rows) => {
        const t = tableFromRows(['text', 'label', 'n'], rows);
        // Missing cells (null, 'NA', '' …) equal one another; -0 equals 0.
        const cell = (c: number, i: number) => {
          const v = cellValue(t.columns[c]!, i);
          return v === null || (typeof v === 'string' && isMissingToken(v)) ? null : v === 0 ? 0 : v;
        };
        const mask = (cols: number[]) => rows.map((_, i) => (rows.slice(0, i).some((__, j) => cols.every((c) => Object.is(cell(c, j), cell(c, i)))) ? 1 : 0));
        expect([...duplicateRowMask(t)]).toEqual(mask([0, 1, 2]));
        expect([...duplicateRowMask(t, [0])]).toEqual(mask([0]));
      }),
      { numRuns: 300 },
    );
  });
  it('a column of distinct texts: no duplicates, and one repeated line found among many', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
    texts[9_999] = 'line 17';
    const t = tableFromRows(['text', 'label'], texts.map((s, i) => [s, i % 2 ? 'a' : 'b']));
    expect([...duplicateRowMask(t)].reduce((a, b) => a + b, 0)).toBe(1);
    expect(duplicateRowMask(t)[9_999]).toBe(1);
  });
});

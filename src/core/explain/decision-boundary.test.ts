import { describe, expect, it } from 'vitest';
import { axisRange, gridCells, gridRows, gridValues, heldRow, median, mode } from './decision-boundary';

describe('decision boundary grid', () => {
  it('holds numbers at the median, one-hot blocks at the most common category, flags at the mode', () => {
    // columns: a (number), colour = red | green | blue (one-hot), flag
    const x = Float32Array.from([
      1, 0, 1, 0, 1,
      5, 0, 1, 0, 0,
      2, 1, 0, 0, 1,
      9, 0, 0, 1, 1,
    ]);
    const row = heldRow(x, 4, 5, [
      { start: 0, width: 1, hold: 'median' },
      { start: 1, width: 3, hold: 'onehot' },
      { start: 4, width: 1, hold: 'mode' },
    ]);
    expect(Array.from(row)).toEqual([3.5, 0, 1, 0, 1]);
    expect(median([3, 1, 2])).toBe(2);
    expect(mode([2, 1, 1, 2])).toBe(1);
  });

  it('sets only the two axes of each grid row and covers the padded range', () => {
    const base = Float32Array.from([7, 8, 9]);
    const a = axisRange(0, [{ x: Float32Array.from([0, 0, 0, 10, 0, 0]), n: 2 }], 3, 0.1);
    expect(a).toEqual({ column: 0, min: -1, max: 11 });
    const b = { column: 2, min: 0, max: 1 };
    const rows = gridRows(base, a, b, 2);
    expect(gridValues(a, 2)).toEqual([2, 8]);
    expect(Array.from(rows)).toEqual([2, 8, 0.25, 8, 8, 0.25, 2, 8, 0.75, 8, 8, 0.75]);
  });

  it('a known rule is recovered: class 1 exactly where a > b', () => {
    const steps = 20;
    const a = { column: 0, min: 0, max: 1 }, b = { column: 1, min: 0, max: 1 };
    const rows = gridRows(new Float32Array(2), a, b, steps);
    const pred = new Float32Array(steps * steps * 2);
    for (let c = 0; c < steps * steps; c++) {
      const p = rows[c * 2]! > rows[c * 2 + 1]! ? 0.9 : 0.2;
      pred[c * 2] = 1 - p;
      pred[c * 2 + 1] = p;
    }
    const { cls, value } = gridCells(pred, steps * steps, 2, 'classification');
    for (let j = 0; j < steps; j++) for (let i = 0; i < steps; i++) expect(cls![j * steps + i]).toBe(i > j ? 1 : 0);
    expect(value[1]).toBeCloseTo(0.9, 6);
    expect(gridCells(Float32Array.from([1.5, 2]), 2, 1, 'regression')).toEqual({ value: [1.5, 2] });
  });
});

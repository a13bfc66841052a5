import { describe, expect, it } from 'vitest';
import { thinRows } from './chart-table';

describe('thinRows', () => {
  it('keeps short tables whole', () => {
    expect(thinRows([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });
  it('thins long ones evenly, keeping the first and last rows', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    const out = thinRows(rows, 11);
    expect(out).toHaveLength(11);
    expect(out[0]).toBe(0);
    expect(out.at(-1)).toBe(999);
    expect(out[5]).toBe(500);
    for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThan(out[i - 1]!);
  });
});

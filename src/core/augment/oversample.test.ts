import { describe, expect, it } from 'vitest';
import { oversample } from './oversample';

const countBy = (labels: readonly (string | null)[], rows: number[]) => {
  const out: Record<string, number> = {};
  for (const r of rows) out[String(labels[r])] = (out[String(labels[r])] ?? 0) + 1;
  return out;
};

describe('oversample', () => {
  it('repeats minority rows until every class is as large as the largest', () => {
    // a ×5, b ×2, c ×1 → b needs 3 (each row once + 1 drawn), c needs 4 (its row 4 times).
    const labels = ['a', 'b', 'a', 'c', 'a', 'b', 'a', 'a'];
    const rows = oversample(labels, 1);
    expect(rows.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(countBy(labels, rows)).toEqual({ a: 5, b: 5, c: 5 });
    expect(rows.slice(8, 10)).toEqual([1, 5]);
    expect([1, 5]).toContain(rows[10]);
    expect(rows.slice(11)).toEqual([3, 3, 3, 3]);
    expect(oversample(labels, 1)).toEqual(rows);
  });
  it('balanced, empty and missing labels', () => {
    expect(oversample(['x', 'y'], 3)).toEqual([0, 1]);
    expect(oversample([], 3)).toEqual([]);
    expect(oversample([1, null, 2, 2], 3)).toEqual([0, 1, 2, 3, 0]);
  });
  it('the seed picks which rows fill the remainder', () => {
    const labels = ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'b'];
    const extras = new Set<string>();
    for (let seed = 0; seed < 10; seed++) extras.add(oversample(labels, seed).slice(17).join(','));
    expect(extras.size).toBeGreaterThan(1);
    for (const e of extras) expect(new Set(e.split(',')).size).toBe(3); // 3 distinct rows of b
  });
});

import { describe, expect, it } from 'vitest';
import { createRng, shuffledIndices } from './rng';

describe('rng', () => {
  it('repeats a sequence for the same seed and differs for another', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });
  it('resumes from a saved state', () => {
    const a = createRng(7);
    a.next();
    const b = createRng(7, a.state());
    expect(b.next()).toBe(a.next());
  });
  it('shuffles into a permutation, roughly uniformly', () => {
    const idx = shuffledIndices(100, createRng(1));
    expect([...idx].sort((x, y) => x - y)).toEqual([...Array(100).keys()]);
    const firsts = new Array(4).fill(0);
    const rng = createRng(3);
    for (let t = 0; t < 4000; t++) firsts[shuffledIndices(4, rng)[0]!]++;
    for (const f of firsts) expect(Math.abs(f - 1000)).toBeLessThan(120);
  });
});

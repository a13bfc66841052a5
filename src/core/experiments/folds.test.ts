import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampFoldSettings, kFoldAssignment, makeFolds, quantileBins, stratifiedAssignment } from './folds';

const counts = (a: ArrayLike<number>, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < a.length; i++) c[a[i]!]!++;
  return c;
};

describe('k-fold assignment', () => {
  it('plain k-fold: 10 rows in 3 folds are 4, 3, 3 rows', () => {
    expect(counts(kFoldAssignment(10, 3, 1), 3)).toEqual([4, 3, 3]);
  });

  it('stratified: 6 rows of class 0 and 3 of class 1 in 3 folds give each fold 2 + 1', () => {
    const y = [0, 1, 0, 0, 1, 0, 0, 1, 0];
    const a = stratifiedAssignment(y, 3, 7);
    for (let f = 0; f < 3; f++) {
      const inFold = y.filter((_, i) => a[i] === f);
      expect(inFold.filter((c) => c === 0)).toHaveLength(2);
      expect(inFold.filter((c) => c === 1)).toHaveLength(1);
    }
  });

  it('is seeded: the same seed gives the same folds, another seed others', () => {
    expect(kFoldAssignment(50, 5, 3)).toEqual(kFoldAssignment(50, 5, 3));
    expect(kFoldAssignment(50, 5, 3)).not.toEqual(kFoldAssignment(50, 5, 4));
  });

  it('repeated k-fold reshuffles each repeat', () => {
    const folds = makeFolds(30, { k: 3, repeats: 2, seed: 0 });
    expect(folds.map((f) => [f.repeat, f.fold])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect(folds[0]!.validation).not.toEqual(folds[3]!.validation);
  });

  it('clamps k to 3…10 and to the rows there are', () => {
    expect(clampFoldSettings({ k: 1, repeats: 0, seed: 0 }, 100)).toEqual({ k: 3, repeats: 1, seed: 0 });
    expect(clampFoldSettings({ k: 40, repeats: 3, seed: 0 }, 100).k).toBe(10);
    expect(clampFoldSettings({ k: 5, repeats: 1, seed: 0 }, 4).k).toBe(4);
  });
});

describe('folds (properties)', () => {
  const cases = fc.record({
    classes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 200 }),
    k: fc.integer({ min: 3, max: 10 }),
    repeats: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer(),
    stratify: fc.boolean(),
  });

  it('each repeat partitions the rows: validation parts are disjoint and cover every row; train is the rest', () => {
    fc.assert(
      fc.property(cases, ({ classes, k, repeats, seed, stratify }) => {
        const n = classes.length;
        const folds = makeFolds(n, { k, repeats, seed }, stratify ? classes : undefined);
        const kk = Math.min(k, n);
        expect(folds).toHaveLength(kk * repeats);
        for (let r = 0; r < repeats; r++) {
          const seen = new Uint8Array(n);
          for (const f of folds.filter((x) => x.repeat === r)) {
            for (const i of f.validation) seen[i]!++;
            const inVal = new Set(f.validation);
            expect(f.train.length + f.validation.length).toBe(n);
            for (const i of f.train) expect(inVal.has(i)).toBe(false);
          }
          expect(Array.from(seen).every((s) => s === 1)).toBe(true);
        }
      }),
    );
  });

  it('stratified folds keep each class within one row of its share (n_c / k) and fold sizes within one', () => {
    fc.assert(
      fc.property(cases, ({ classes, k, seed }) => {
        const folds = makeFolds(classes.length, { k, repeats: 1, seed }, classes);
        const sizes = folds.map((f) => f.validation.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        for (const c of new Set(classes)) {
          const share = classes.filter((x) => x === c).length / folds.length;
          for (const f of folds) {
            const inFold = Array.from(f.validation).filter((i) => classes[i] === c).length;
            expect(inFold).toBeGreaterThanOrEqual(Math.floor(share));
            expect(inFold).toBeLessThanOrEqual(Math.ceil(share));
          }
        }
      }),
    );
  });
});

describe('regression folds stratified by quantile bins of the target', () => {
  it('bins hold equal counts by rank, and every fold gets its share of every bin', () => {
    // A skewed target in shuffled order: 100 values, most small, a long tail of large ones.
    const y = Float32Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) ** 3);
    const bins = quantileBins(y, 5); // ⌊100 / 10⌋ = 10 bins of 10
    const counts = new Array(10).fill(0);
    bins.forEach((b) => counts[b]++);
    expect(counts).toEqual(new Array(10).fill(10));
    for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) if (y[i]! < y[j]!) expect(bins[i]!).toBeLessThanOrEqual(bins[j]!);
    const folds = makeFolds(100, { k: 5, repeats: 1, seed: 3 }, bins);
    const sorted = [...y].sort((a, b) => a - b);
    for (const f of folds) {
      const vals = [...f.validation].map((p) => y[p]!);
      // Two rows of each decile: the fold holds some of the ten smallest and of the ten largest targets.
      expect(vals.filter((v) => v <= sorted[9]!)).toHaveLength(2);
      expect(vals.filter((v) => v >= sorted[90]!)).toHaveLength(2);
    }
  });

  it('few rows: one bin (plain shuffled folds); NaN sorts last', () => {
    expect([...quantileBins([3, 1, 2, 5, 4], 3)]).toEqual([0, 0, 0, 0, 0]);
    expect([...quantileBins([NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 3)]).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});

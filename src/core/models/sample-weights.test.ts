/**
 * Sample weights (fairness reweighing) in the tree families: a row of weight 2 counts as that row
 * twice, and a row of weight 0 as no row at all, in the splits, the leaves and boosting's start.
 */
import { describe, expect, it } from 'vitest';
import { decisionTree } from './decision-tree';
import { gradientBoosting } from './gradient-boosting';
import { randomForest } from './random-forest';
import { createRng } from '../util/rng';

const rng = createRng(3);
const n = 60;
const f = 3;
const x = Float32Array.from({ length: n * f }, () => Math.round(rng.next() * 20) / 2);
const yCls = Array.from({ length: n }, (_, r) => (x[r * f]! + x[r * f + 1]! > 10 !== rng.next() < 0.2 ? 1 : 0));
const yReg = Array.from({ length: n }, (_, r) => x[r * f]! * 2 - x[r * f + 2]! + rng.next());
const weights = Array.from({ length: n }, (_, r) => (r % 5 === 0 ? 2 : r % 7 === 0 ? 0 : 1));

/** The data with every row repeated `weights[r]` times. */
function repeated(y: number[]) {
  const rows = weights.flatMap((w, r) => Array<number>(w).fill(r));
  const xr = new Float32Array(rows.length * f);
  rows.forEach((r, k) => xr.set(x.subarray(r * f, r * f + f), k * f));
  return { x: xr, n: rows.length, y: rows.map((r) => y[r]!) };
}

describe('tree families take sample weights', () => {
  it('decision tree: weights act as repeated rows', async () => {
    for (const [task, y] of [['classification', yCls], ['regression', yReg]] as const) {
      const r = repeated(y);
      const a = await decisionTree.fit(x, n, f, y, task, { maxDepth: 4, minSamples: 3 }, 0, task === 'classification' ? 2 : undefined, { sampleWeights: weights });
      const b = await decisionTree.fit(r.x, r.n, f, r.y, task, { maxDepth: 4, minSamples: 3 }, 0, task === 'classification' ? 2 : undefined);
      const pa = a.predict(x, n, f);
      const pb = b.predict(x, n, f);
      pa.forEach((v, i) => expect(v).toBeCloseTo(pb[i]!, 5));
      // And they matter: without them, another tree.
      const c = await decisionTree.fit(x, n, f, y, task, { maxDepth: 4, minSamples: 3 }, 0, task === 'classification' ? 2 : undefined);
      expect(Array.from(c.predict(x, n, f))).not.toEqual(Array.from(pa));
    }
  });

  it('gradient boosting: weights act as repeated rows (start, splits and leaf values)', async () => {
    const p = { nEstimators: 15, learningRate: 0.2, maxDepth: 2, minSamplesLeaf: 1, subsample: 1 };
    for (const [task, y] of [['classification', yCls], ['regression', yReg]] as const) {
      const r = repeated(y);
      const a = (await gradientBoosting.fit(x, n, f, y, task, p, 0, task === 'classification' ? 2 : undefined, { sampleWeights: weights })).predict(x, n, f);
      const b = (await gradientBoosting.fit(r.x, r.n, f, r.y, task, p, 0, task === 'classification' ? 2 : undefined)).predict(x, n, f);
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
    }
  });

  it('random forest: a row of weight 0 is never used', async () => {
    const p = { nEstimators: 5, maxDepth: 6, minSamples: 1, maxFeatures: 1 };
    // Flip the labels of the zero-weight rows: the forest must not notice.
    const flipped = yCls.map((v, r) => (weights[r] === 0 ? 1 - v : v));
    const a = (await randomForest.fit(x, n, f, yCls, 'classification', p, 9, 2, { sampleWeights: weights })).predict(x, n, f);
    const b = (await randomForest.fit(x, n, f, flipped, 'classification', p, 9, 2, { sampleWeights: weights })).predict(x, n, f);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

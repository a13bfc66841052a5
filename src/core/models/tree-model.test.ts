import { DecisionTreeClassifier, DecisionTreeRegression } from 'ml-cart';
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { decisionTree } from './decision-tree';
import { mljsMaxFeatures, randomForest } from './random-forest';
import { toMatrix } from './tree-common';
import { treeModelFromJSON, type TreeModelJSON } from './tree-model';
import type { TreeModel } from './types';

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

  it('decision tree (classification) agrees with ml-cart and its JSON restores identical predictions', () => {
    const p = { maxDepth: 6, minSamples: 3 };
    const model = decisionTree.fit(train.x, 300, 3, train.cls, 'classification', p, 0, 4);
    const proba = model.predict(test.x, 200, 3);
    expect(proba).toHaveLength(200 * 4); // K = 4 requested although class 3 never occurs
    const lib = new DecisionTreeClassifier({ maxDepth: 6, minNumSamples: 3 });
    lib.train(toMatrix(train.x, 300, 3), Array.from(train.cls));
    expect(accuracyOf(proba, lib.predict(toMatrix(test.x, 200, 3)), 4)).toBe(1);
    expect(accuracyOf(proba, test.cls, 4)).toBeGreaterThan(0.9);
    expect(roundTrip(model).predict(test.x, 200, 3)).toEqual(proba);
  });

  it('decision tree (regression) agrees with ml-cart and round-trips', () => {
    const p = { maxDepth: 5, minSamples: 3 };
    const model = decisionTree.fit(train.x, 300, 3, train.val, 'regression', p, 0);
    const pred = model.predict(test.x, 200, 3);
    const lib = new DecisionTreeRegression({ maxDepth: 5, minNumSamples: 3 });
    lib.train(toMatrix(train.x, 300, 3), Array.from(train.val));
    expect(pred).toEqual(Float32Array.from(lib.predict(toMatrix(test.x, 200, 3))));
    expect(roundTrip(model).predict(test.x, 200, 3)).toEqual(pred);
  });

  it('random forest: seeded, probabilities are averaged leaf shares, accurate, round-trips', () => {
    const p = { ...randomForest.defaultParams, nEstimators: 15, maxDepth: 6 };
    const model = randomForest.fit(train.x, 300, 3, train.cls, 'classification', p, 7, 3);
    const proba = model.predict(test.x, 200, 3);
    for (let i = 0; i < 200; i++) expect(proba[i * 3]! + proba[i * 3 + 1]! + proba[i * 3 + 2]!).toBeCloseTo(1, 5);
    expect(accuracyOf(proba, test.cls, 3)).toBeGreaterThan(0.85);
    expect(roundTrip(model).predict(test.x, 200, 3)).toEqual(proba);
    const json = model.toJSON() as TreeModelJSON;
    expect(json).toMatchObject({ format: 'ml-studio-trees', version: 1, family: 'random-forest', task: 'classification', features: 3, outputs: 3 });
    expect(json.trees).toHaveLength(15);
    expect(randomForest.fit(train.x, 300, 3, train.cls, 'classification', p, 7, 3).toJSON()).toEqual(json);
    expect(randomForest.fit(train.x, 300, 3, train.cls, 'classification', p, 8, 3).toJSON()).not.toEqual(json);
  });

  it('random forest regression round-trips and beats the mean', () => {
    const p = { ...randomForest.defaultParams, nEstimators: 10 };
    const model = randomForest.fit(train.x, 300, 3, train.val, 'regression', p, 1);
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

  it('maps a feature fraction onto mljs maxFeatures', () => {
    expect(mljsMaxFeatures(10, 1)).toBe(1);
    expect(mljsMaxFeatures(10, 0.7)).toBe(7);
    expect(Math.floor(10 * mljsMaxFeatures(10, 0.05))).toBe(1); // one column, written as a fraction
    expect(mljsMaxFeatures(1, 0.3)).toBe(1);
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

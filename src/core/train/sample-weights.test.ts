import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logisticRegression } from '../models/logistic-regression';
import { createTrainController } from './control';
import { combineWeights } from './loss';
import { predictNeural } from './predict';
import { blobs } from './test-data';
import { trainNeural } from './train-neural';
import { DEFAULT_HYPERPARAMS } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sample weights in the neural loss (fairness reweighing)', () => {
  it('multiply the class weights row by row', () => {
    expect(Array.from(combineWeights(Float32Array.from([1, 2]), Float32Array.from([3, 0.5]))!)).toEqual([3, 1]);
    expect(combineWeights(null, undefined)).toBeNull();
  });

  it('enter the loss linearly: with SGD, weight 2 on every row is the learning rate doubled; weight 0 learns nothing', async () => {
    const data = blobs(120, 1);
    const base = { ...DEFAULT_HYPERPARAMS, epochs: 3, optimizer: 'sgd' as const, earlyStopping: { enabled: false, patience: 5, restoreBest: true } };
    const fit = async (lr: number, w?: Float32Array) => {
      const model = logisticRegression.build({ l2: 0 }, 2, 2, 'classification', 7);
      await trainNeural(model, { ...data, ...(w ? { wTrain: w } : {}) }, { ...base, learningRate: lr }, createTrainController(), { epoch: () => {}, batch: () => {} });
      const proba = await predictNeural(model, data.xVal, data.yVal.length, 2, 'classification');
      model.dispose();
      return Array.from(proba);
    };
    const n = data.yTrain.length;
    const doubled = await fit(0.05, new Float32Array(n).fill(2));
    (await fit(0.1)).forEach((p, i) => expect(p).toBeCloseTo(doubled[i]!, 5));
    const untrained = await fit(0);
    const zero = await fit(0.1, new Float32Array(n));
    zero.forEach((p, i) => expect(p).toBeCloseTo(untrained[i]!, 6));
    expect(zero).not.toEqual(doubled);
  });
});

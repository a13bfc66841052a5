import { targetScale } from './target-scaling';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { linearRegression } from '../models/linear-regression';
import { logisticRegression } from '../models/logistic-regression';
import { mlp } from '../models/mlp';
import { createRng } from '../util/rng';
import { createTrainController } from './control';
import { predictNeural } from './predict';
import { blobs, line, xor } from './test-data';
import { trainNeural } from './train-neural';
import { DEFAULT_HYPERPARAMS, type BatchLog, type EpochLog, type Hyperparams, type NeuralData } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const hp = (over: Partial<Hyperparams> = {}): Hyperparams => ({
  ...DEFAULT_HYPERPARAMS,
  earlyStopping: { enabled: false, patience: 5, restoreBest: true },
  ...over,
});

async function run(model: tf.LayersModel, data: NeuralData, h: Hyperparams) {
  const epochs: EpochLog[] = [];
  const batches: BatchLog[] = [];
  const result = await trainNeural(model, data, h, createTrainController(), { epoch: (l) => epochs.push(l), batch: (l) => batches.push(l) });
  return { result, epochs, batches };
}

const classAccuracy = (proba: Float32Array, y: ArrayLike<number>, K: number): number => {
  let hit = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
    if (best === y[i]) hit++;
  }
  return hit / y.length;
};

describe('trainNeural learns', () => {
  it('logistic regression separates two blobs; loss falls', async () => {
    const data = blobs(200, 1);
    const model = logisticRegression.build({ l2: 0 }, 2, 2, 'classification', 7);
    const { result, epochs, batches } = await run(model, data, hp({ epochs: 15, learningRate: 0.05 }));
    expect(result.stoppedBy).toBe('epochs');
    expect(epochs).toHaveLength(15);
    expect(epochs[14]!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
    expect(epochs[14]!.metric).toBeGreaterThan(0.95);
    expect(epochs[0]!.metricName).toBe('accuracy');
    expect(batches.length).toBeGreaterThan(0);
    expect(batches[0]!.batches).toBe(Math.ceil(150 / 32));
    const proba = await predictNeural(model, data.xVal, 50, 2, 'classification');
    expect(proba).toHaveLength(100);
    expect(proba[0]! + proba[1]!).toBeCloseTo(1, 5);
    expect(classAccuracy(proba, data.yVal, 2)).toBeGreaterThan(0.95);
    model.dispose();
  });

  it('an MLP learns XOR (well above chance); logistic regression cannot', async () => {
    const data = xor(400, 2);
    const model = mlp.build({ hiddenLayers: [16, 16], activation: 'tanh', dropout: 0, l2: 0 }, 2, 2, 'classification', 3);
    const { epochs } = await run(model, data, hp({ epochs: 60, learningRate: 0.02 }));
    expect(epochs.at(-1)!.metric).toBeGreaterThan(0.9);
    model.dispose();
    const linear = logisticRegression.build({ l2: 0 }, 2, 2, 'classification', 3);
    const { epochs: linearEpochs } = await run(linear, data, hp({ epochs: 30, learningRate: 0.02 }));
    expect(linearEpochs.at(-1)!.metric).toBeLessThan(0.75);
    linear.dispose();
  });

  it('linear regression recovers y = 2x + 1', async () => {
    const data = line(200, 3);
    const model = linearRegression.build({ l2: 0 }, 1, 1, 'regression', 5);
    const { epochs } = await run(model, data, hp({ epochs: 60, learningRate: 0.05 }));
    const [w, b] = model.getWeights().map((t) => t.dataSync()[0]!);
    expect(w).toBeCloseTo(2, 1);
    expect(b).toBeCloseTo(1, 1);
    expect(epochs.at(-1)!.metricName).toBe('R²');
    expect(epochs.at(-1)!.metric).toBeGreaterThan(0.99);
    const pred = await predictNeural(model, new Float32Array([0, 1]), 2, 1, 'regression');
    expect(pred[0]).toBeCloseTo(1, 1);
    expect(pred[1]).toBeCloseTo(3, 1);
    model.dispose();
  });
});

describe('trainNeural behaviour', () => {
  it('with a warmup the first update has rate 0 (weights unchanged), and the run still learns', async () => {
    const data = blobs(200, 1);
    const weightsAfter = async (over: Partial<Hyperparams>) => {
      const model = logisticRegression.build({ l2: 0 }, 2, 2, 'classification', 7);
      const before = model.getWeights().map((w) => [...w.dataSync()]);
      const { epochs } = await run(model, data, hp({ batchSize: 200, learningRate: 0.05, ...over }));
      const moved = model.getWeights().some((w, i) => w.dataSync().some((v, j) => v !== before[i]![j]));
      model.dispose();
      return { moved, epochs };
    };
    expect((await weightsAfter({ epochs: 1, warmupFraction: 0.5 })).moved).toBe(false);
    expect((await weightsAfter({ epochs: 1 })).moved).toBe(true);
    const { moved, epochs } = await weightsAfter({ epochs: 30, warmupFraction: 0.1 });
    expect(moved).toBe(true);
    expect(epochs[29]!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
  });

  it('the same seed gives identical losses (with dropout); another seed differs', async () => {
    const data = xor(120, 4);
    const p = { hiddenLayers: [8], activation: 'relu', dropout: 0.3, l2: 0.001 } as const;
    const go = async (seed: number) => {
      const model = mlp.build(p, 2, 2, 'classification', seed);
      const { epochs } = await run(model, data, hp({ epochs: 4, seed }));
      model.dispose();
      return epochs.map((e) => [e.trainLoss, e.valLoss]);
    };
    const a = await go(11);
    expect(await go(11)).toEqual(a);
    expect(await go(12)).not.toEqual(a);
  });

  it('early stopping triggers and restores the best epoch weights', async () => {
    // Noisy, tiny training set + a big MLP: validation loss turns up soon.
    const data = line(60, 5, 0.8, 30);
    const model = mlp.build({ hiddenLayers: [64, 64], activation: 'relu', dropout: 0, l2: 0 }, 1, 1, 'regression', 1);
    const h = hp({ epochs: 300, learningRate: 0.01, batchSize: 8, earlyStopping: { enabled: true, patience: 3, restoreBest: true } });
    const { result, epochs } = await run(model, data, h);
    expect(result.stoppedBy).toBe('early-stopping');
    expect(epochs.length).toBe(result.bestEpoch + 3);
    const best = epochs[result.bestEpoch - 1]!;
    expect(Math.min(...epochs.map((e) => e.valLoss))).toBe(best.valLoss);
    // The restored weights give the best epoch's validation loss again. Logged losses are in
    // standardised target units (regression targets are scaled for training), so divide by std².
    const pred = await predictNeural(model, data.xVal, 30, 1, 'regression');
    let mse = 0;
    for (let i = 0; i < 30; i++) mse += (pred[i]! - data.yVal[i]!) ** 2;
    expect(mse / 30 / targetScale(data.yTrain).std ** 2).toBeCloseTo(best.valLoss, 4);
    model.dispose();
  });

  it('stops with a message a student understands when the loss becomes NaN', async () => {
    const data = line(100, 6);
    const model = linearRegression.build({ l2: 0 }, 1, 1, 'regression', 1);
    const { result } = await run(model, data, hp({ epochs: 50, optimizer: 'sgd', learningRate: 1e6 }));
    expect(result.stoppedBy).toBe('nan');
    expect(result.message).toMatch(/^The loss became (NaN|infinite) at epoch \d+: the learning rate \(1000000\) is probably too high; try 0\.01\. The model keeps its (starting weights: no epoch finished with a finite loss|weights from epoch \d+, the best before the loss diverged)\.$/);
    // Its weights are kept ones, not NaN.
    const pred = await predictNeural(model, data.xVal, data.yVal.length, 1, 'regression');
    expect(pred.every(Number.isFinite)).toBe(true);
    model.dispose();
  });

  it('a loss that explodes after some epochs keeps the best epoch before it (early stopping off)', async () => {
    // Full-batch SGD a little past the stable rate: each step overshoots more, finite for a few dozen epochs, then infinite.
    const data = line(100, 6);
    const model = linearRegression.build({ l2: 0 }, 1, 1, 'regression', 1);
    const { result, epochs } = await run(model, data, hp({ epochs: 60, optimizer: 'sgd', learningRate: 3, batchSize: 1000 }));
    expect(result.stoppedBy).toBe('nan');
    expect(epochs.length).toBeGreaterThan(5);
    const best = epochs.reduce((b, e) => (e.valLoss < b.valLoss ? e : b));
    expect(result.bestEpoch).toBe(best.epoch);
    expect(result.message).toBe(`The loss became infinite at epoch ${epochs.length + 1}: the learning rate (3) is probably too high; try 0.01. The model keeps its weights from epoch ${best.epoch}, the best before the loss diverged.`);
    // The kept weights give that epoch's validation loss again (logged in standardised target units).
    const pred = await predictNeural(model, data.xVal, data.yVal.length, 1, 'regression');
    let mse = 0;
    for (let i = 0; i < data.yVal.length; i++) mse += (pred[i]! - data.yVal[i]!) ** 2;
    expect(mse / data.yVal.length / targetScale(data.yTrain).std ** 2).toBeCloseTo(best.valLoss, 4);
    model.dispose();
  });

  it("balanced class weights make the minority class predicted more often", async () => {
    // 1 feature; class 1 is 10 % of the rows and overlaps class 0.
    const rng = createRng(10);
    const n = 400;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 10 === 0 ? 1 : 0;
      x[i] = y[i]! + (rng.next() + rng.next() + rng.next() - 1.5) * 2;
    }
    const data: NeuralData = { xTrain: x, yTrain: y, xVal: x.slice(0, 40), yVal: y.slice(0, 40), features: 1, task: 'classification', classes: 2 };
    const predictedOnes = async (classWeights: Hyperparams['classWeights']) => {
      const model = logisticRegression.build({ l2: 0 }, 1, 2, 'classification', 1);
      await run(model, data, hp({ epochs: 20, learningRate: 0.05, classWeights }));
      const proba = await predictNeural(model, x, n, 1, 'classification');
      model.dispose();
      let ones = 0;
      for (let i = 0; i < n; i++) if (proba[i * 2 + 1]! > proba[i * 2]!) ones++;
      return ones;
    };
    const plain = await predictedOnes('none');
    const balanced = await predictedOnes('balanced');
    expect(plain).toBeLessThan(20);
    expect(balanced).toBeGreaterThan(100);
  });

  it('refuses missing feature values before training', async () => {
    const data = line(20, 7);
    data.xTrain[3] = NaN;
    const model = linearRegression.build({ l2: 0 }, 1, 1, 'regression', 1);
    const { result, epochs } = await run(model, data, hp());
    expect(result).toMatchObject({ stoppedBy: 'nan', bestEpoch: 0 });
    expect(result.message).toContain('row 4, feature 1');
    expect(epochs).toHaveLength(0);
    model.dispose();
  });

  it('leaves no tensors behind (only the model weights) — adamw, dropout, L2, class weights, early stopping', async () => {
    const data = blobs(100, 8);
    const model = mlp.build({ hiddenLayers: [8], activation: 'gelu', dropout: 0.2, l2: 0.01 }, 2, 2, 'classification', 2);
    const before = tf.memory().numTensors;
    await run(model, data, hp({ epochs: 3, optimizer: 'adamw', weightDecay: 0.01, classWeights: 'balanced', earlyStopping: { enabled: true, patience: 1, restoreBest: true } }));
    await predictNeural(model, data.xVal, 25, 2, 'classification');
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops when asked, and waits while paused', async () => {
    const data = blobs(200, 9);
    const model = logisticRegression.build({ l2: 0 }, 2, 2, 'classification', 1);
    const control = createTrainController();
    const epochs: EpochLog[] = [];
    let batchCount = 0;
    const p = trainNeural(model, data, hp({ epochs: 100, batchSize: 4 }), control, {
      epoch: (l) => epochs.push(l),
      batch: () => {
        if (++batchCount === 2) control.pause();
      },
    });
    // Polling, not fixed sleeps: on a loaded machine the first batches can take a while.
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => batchCount >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(batchCount).toBe(2); // paused: no progress
    control.resume();
    await until(() => batchCount > 2);
    control.stop();
    const result = await p;
    expect(result.stoppedBy).toBe('user');
    expect(batchCount).toBeGreaterThan(2);
    expect(epochs.length).toBeLessThan(100);
    model.dispose();
  });
});

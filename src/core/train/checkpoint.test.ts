import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlp } from '../models/mlp';
import { createTrainController } from './control';
import { line, xor } from './test-data';
import { trainNeural } from './train-neural';
import { DEFAULT_HYPERPARAMS, type EpochLog, type Hyperparams, type NeuralData } from './types';
import type { NeuralCheckpoint } from './checkpoint';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const hp = (over: Partial<Hyperparams> = {}): Hyperparams => ({ ...DEFAULT_HYPERPARAMS, epochs: 8, batchSize: 16, learningRate: 0.02, seed: 4, earlyStopping: { enabled: false, patience: 5, restoreBest: true }, ...over });

/** Trains a fresh MLP (same seed each time); `stopAfter`: the run is cut off once that epoch's checkpoint is taken. */
async function train(data: NeuralData, h: Hyperparams, task: 'classification' | 'regression', opts: { stopAfter?: number; resume?: NeuralCheckpoint } = {}) {
  const model = mlp.build({ hiddenLayers: [16], activation: 'tanh', dropout: 0, l2: 0 }, data.features, task === 'classification' ? 2 : 1, task, 11);
  const control = createTrainController();
  const epochs: EpochLog[] = [];
  const checkpoints: NeuralCheckpoint[] = [];
  const result = await trainNeural(
    model,
    data,
    h,
    control,
    {
      epoch: (l) => epochs.push(l),
      batch: () => {},
      checkpointEveryMs: 0,
      checkpoint: (cp) => {
        checkpoints.push(cp);
        if (cp.epoch === opts.stopAfter) control.stop();
      },
    },
    opts.resume,
  );
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return { result, epochs, checkpoints, weights };
}

describe('a neural run resumed from its checkpoint', () => {
  it('continues where it stopped: same later losses and final weights as the run never cut off (Adam, shuffles)', async () => {
    const data = xor(160, 2);
    const before = tf.memory().numTensors;
    const whole = await train(data, hp(), 'classification');
    const cut = await train(data, hp(), 'classification', { stopAfter: 3 });
    expect(cut.epochs).toHaveLength(3);
    const cp = cut.checkpoints.at(-1)!;
    expect(cp).toMatchObject({ epoch: 3 });
    expect(cp.optimizer.length).toBeGreaterThan(0); // Adam's moments travel with it
    expect(cp.iterations).toBe(3 * Math.ceil(120 / 16));
    const resumed = await train(data, hp(), 'classification', { resume: cp });
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([4, 5, 6, 7, 8]);
    resumed.epochs.forEach((e, i) => {
      expect(e.trainLoss).toBeCloseTo(whole.epochs[i + 3]!.trainLoss, 5);
      expect(e.valLoss).toBeCloseTo(whole.epochs[i + 3]!.valLoss, 5);
    });
    resumed.weights.flat().forEach((w, i) => expect(w).toBeCloseTo(whole.weights.flat()[i]!, 5));
    expect(tf.memory().numTensors).toBe(before); // taking and restoring checkpoints leaks nothing
  });

  it('from scratch differs: the resumed first loss is near the last kept one, not the first epoch’s', async () => {
    const data = xor(160, 2);
    const cut = await train(data, hp({ epochs: 12 }), 'classification', { stopAfter: 8 });
    const resumed = await train(data, hp({ epochs: 12 }), 'classification', { resume: cut.checkpoints.at(-1)! });
    const first = cut.epochs[0]!.trainLoss, last = cut.epochs[7]!.trainLoss, next = resumed.epochs[0]!.trainLoss;
    expect(first - last).toBeGreaterThan(0.05); // it had learnt something
    expect(Math.abs(next - last)).toBeLessThan(Math.abs(next - first));
  });

  it('regression (standardised targets) and the best-epoch bookkeeping carry over', async () => {
    const data = line(160, 3);
    const h = hp({ epochs: 6, earlyStopping: { enabled: true, patience: 50, restoreBest: true } });
    const whole = await train(data, h, 'regression');
    const cut = await train(data, h, 'regression', { stopAfter: 2 });
    const resumed = await train(data, h, 'regression', { resume: cut.checkpoints.at(-1)! });
    expect(resumed.result.bestEpoch).toBe(whole.result.bestEpoch);
    resumed.weights.flat().forEach((w, i) => expect(w).toBeCloseTo(whole.weights.flat()[i]!, 4));
  });

  it('a checkpoint of another model size is refused with a message', async () => {
    const data = xor(80, 1);
    const cut = await train(data, hp(), 'classification', { stopAfter: 1 });
    const other = mlp.build({ hiddenLayers: [8], activation: 'tanh', dropout: 0, l2: 0 }, 2, 2, 'classification', 11);
    await expect(trainNeural(other, data, hp(), createTrainController(), { epoch: () => {}, batch: () => {} }, cut.checkpoints[0])).rejects.toThrow(/do not fit this model/);
    other.dispose();
  });
});

/**
 * The text families on the WASM backend (the browser's CPU path) with the studio kernels, as the
 * training worker runs them: the same seeded epoch gives the cpu backend's losses. Own file: the
 * backend is global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setupWasm } from '../kernels/test-backends';
import { createTrainController } from '../train/control';
import { trainNeural } from '../train/train-neural';
import { DEFAULT_HYPERPARAMS, type EpochLog, type NeuralData } from '../train/types';
import { createRng } from '../util/rng';
import { getModelFamily } from './registry';
import type { ModelParams, NeuralFamily } from './types';

setupWasm();

const V = 30;
const L = 8;

function data(n: number): NeuralData {
  const rng = createRng(11);
  const x = new Float32Array(n * L);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const len = 2 + rng.int(L - 2);
    for (let j = 0; j < len; j++) x[i * L + j] = 1 + rng.int(V - 1);
    y[i] = x[i * L]! % 2;
  }
  const t = n - 16;
  return { xTrain: x.slice(0, t * L), yTrain: y.slice(0, t), xVal: x.slice(t * L), yVal: y.slice(t), features: L, task: 'classification', classes: 2 };
}

const cases: [string, ModelParams][] = [
  ['text-embedding-bag', { embeddingDim: 8, hiddenLayers: [8], dropout: 0.2 }],
  ['text-cnn', { embeddingDim: 8, kernelSizes: [2, 3], filters: 4, dropout: 0.2 }],
  ['text-rnn', { cell: 'gru', embeddingDim: 8, units: 4, dropout: 0.2 }],
  ['text-rnn', { cell: 'lstm', embeddingDim: 8, units: 4, dropout: 0.2 }],
  ['text-transformer', { embeddingDim: 8, heads: 2, blocks: 1, ffDim: 16, dropout: 0.2 }],
  ['text-hybrid', { embeddingDim: 8, kernelSize: 3, heads: 2, blocks: 1, ffDim: 16, dropout: 0.2 }],
];

async function losses(backend: 'cpu' | 'wasm', id: string, p: ModelParams): Promise<number[]> {
  await tf.setBackend(backend);
  const family = getModelFamily(id) as NeuralFamily<ModelParams>;
  const model = family.build(p, L, 2, 'classification', 3, { vocabSize: V });
  const logs: EpochLog[] = [];
  const hp = { ...DEFAULT_HYPERPARAMS, epochs: 2, batchSize: 16, learningRate: 0.01 };
  await trainNeural(model, data(64), hp, createTrainController(), { epoch: (l) => logs.push(l), batch: () => {} });
  model.dispose();
  return logs.flatMap((l) => [l.trainLoss, l.valLoss]);
}

describe('text families on wasm', () => {
  it.each(cases)('%s %j trains with the cpu losses', async (id, p) => {
    const cpu = await losses('cpu', id, p);
    const before = tf.memory().numTensors;
    const wasm = await losses('wasm', id, p);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
    wasm.forEach((v, i) => expect(v).toBeCloseTo(cpu[i]!, 4));
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFromParts, modelToParts } from '../bundle/tfjs-io';
import { createTrainController } from '../train/control';
import { trainNeural } from '../train/train-neural';
import { DEFAULT_HYPERPARAMS, type EpochLog, type Hyperparams, type NeuralData } from '../train/types';
import { createRng } from '../util/rng';
import { familiesFor, getModelFamily, MODEL_FAMILIES } from './registry';
import { textCnn } from './text-cnn';
import { textEmbeddingBag } from './text-embedding-bag';
import { textHybrid } from './text-hybrid';
import { textRnn } from './text-rnn';
import { textTransformer } from './text-transformer';
import type { ModelParams, NeuralFamily } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const V = 20;
const ctx = { vocabSize: V };
const families = [textEmbeddingBag, textCnn, textRnn, textTransformer, textHybrid] as unknown as NeuralFamily<ModelParams>[];

/** Small settings so that the tests train in about a second per family. */
const small: Record<string, ModelParams> = {
  'text-embedding-bag': { embeddingDim: 16, hiddenLayers: [16], dropout: 0.1 },
  'text-cnn': { embeddingDim: 16, kernelSizes: [2, 3], filters: 16, dropout: 0.2 },
  'text-rnn': { cell: 'gru', embeddingDim: 16, units: 16, dropout: 0.1 },
  'text-transformer': { embeddingDim: 16, heads: 2, blocks: 1, ffDim: 32, dropout: 0.1 },
  'text-hybrid': { embeddingDim: 16, kernelSize: 3, heads: 2, blocks: 1, ffDim: 32, dropout: 0.1 },
};

/**
 * Token-id rows of length L (pad 0 after the text, texts 3..L−2 tokens long). Class 1: the text
 * contains id 5; class 2: it contains id 7; class 0: neither. Other tokens are drawn from the rest.
 */
function tokenTask(n: number, L: number, seed: number, nVal = Math.floor(n / 4)): NeuralData {
  const rng = createRng(seed);
  const x = new Float32Array(n * L);
  const y = new Float32Array(n);
  const filler = [...Array(V).keys()].filter((t) => t > 0 && t !== 5 && t !== 7);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const len = 3 + rng.int(L - 4);
    for (let j = 0; j < len; j++) x[i * L + j] = filler[rng.int(filler.length)]!;
    if (c > 0) x[i * L + rng.int(len)] = c === 1 ? 5 : 7;
    y[i] = c;
  }
  const nTrain = n - nVal;
  return { xTrain: x.slice(0, nTrain * L), yTrain: y.slice(0, nTrain), xVal: x.slice(nTrain * L), yVal: y.slice(nTrain), features: L, task: 'classification', classes: 3 };
}

/** Re-pads rows of length L to length L2 > L (more zeros after the text). */
function repad(x: Float32Array, L: number, L2: number): Float32Array {
  const n = x.length / L;
  const out = new Float32Array(n * L2);
  for (let i = 0; i < n; i++) out.set(x.subarray(i * L, (i + 1) * L), i * L2);
  return out;
}

const predict = (model: tf.LayersModel, x: Float32Array, L: number): number[] =>
  tf.tidy(() => Array.from((model.predict(tf.tensor2d(x, [x.length / L, L])) as tf.Tensor).dataSync()));

const hp = (over: Partial<Hyperparams> = {}): Hyperparams => ({
  ...DEFAULT_HYPERPARAMS,
  earlyStopping: { enabled: false, patience: 5, restoreBest: true },
  ...over,
});

async function train(model: tf.LayersModel, data: NeuralData, h: Hyperparams): Promise<EpochLog[]> {
  const epochs: EpochLog[] = [];
  await trainNeural(model, data, h, createTrainController(), { epoch: (l) => epochs.push(l), batch: () => undefined });
  return epochs;
}

describe('text families: registry', () => {
  it('are registered, read tokens, and are kept apart from the vector families', () => {
    for (const f of families) {
      expect(getModelFamily(f.id)).toBe(f);
      expect(f.input).toBe('tokens');
      for (const field of f.fields) expect(field.help.length).toBeGreaterThan(20);
    }
    const ids = (xs: { id: string }[]) => xs.map((f) => f.id);
    // The pretrained BERT encoder (bert-encoder.ts) reads tokens too, after the trained-from-scratch ones.
    expect(ids(familiesFor('classification', 'tokens'))).toEqual([...families.map((f) => f.id), 'bert-encoder']);
    expect(ids(familiesFor('classification', 'vector'))).toEqual(['logistic-regression', 'mlp', 'decision-tree', 'random-forest', 'gradient-boosting', 'hist-gradient-boosting']);
    expect(familiesFor('classification')).toHaveLength(12);
    expect(MODEL_FAMILIES.slice(-6, -1)).toEqual(families);
  });

  it('need the vocabulary size', () => {
    expect(() => textCnn.build(textCnn.defaultParams, 8, 2, 'classification', 1)).toThrow(/vocabulary size/);
    expect(() => textCnn.paramCount(textCnn.defaultParams, 8, 2)).toThrow(/vocabulary size/);
  });

  it('explain an embedding size that the heads do not divide', () => {
    expect(() => textTransformer.build({ ...textTransformer.defaultParams, embeddingDim: 50, heads: 4 }, 8, 2, 'classification', 1, ctx)).toThrow(/divisible/);
  });
});

describe.each(families.map((f) => [f.id, f] as const))('%s', (id, family) => {
  const variants: ModelParams[] = [family.defaultParams, small[id]!];
  if (id === 'text-embedding-bag') variants.push({ embeddingDim: 5, hiddenLayers: [], dropout: 0 }, { embeddingDim: 7, hiddenLayers: [9, 3], dropout: 0 });
  if (id === 'text-cnn') variants.push({ embeddingDim: 6, kernelSizes: [1], filters: 3, dropout: 0 });
  if (id === 'text-rnn') variants.push({ cell: 'lstm', embeddingDim: 6, units: 5, dropout: 0 });
  if (id === 'text-transformer') variants.push({ embeddingDim: 12, heads: 3, blocks: 3, ffDim: 20, dropout: 0 });
  if (id === 'text-hybrid') variants.push({ embeddingDim: 8, kernelSize: 5, heads: 1, blocks: 2, ffDim: 8, dropout: 0 });

  it('paramCount equals countParams; output shape and softmax head, every task', () => {
    for (const p of variants) {
      for (const task of family.tasks) {
        const K = task === 'classification' ? 3 : 1;
        const model = family.build(p, 10, K, task, 1, ctx);
        expect(family.paramCount(p, 10, K, ctx)).toBe(model.countParams());
        expect(model.inputs[0]!.shape).toEqual([null, 10]);
        expect(model.outputs[0]!.shape).toEqual([null, K]);
        expect(model.layers.at(-1)!.getClassName()).toBe(task === 'classification' ? 'Activation' : 'Dense');
        model.dispose();
      }
    }
  });

  it('initialisation is seeded; probabilities sum to 1', () => {
    const weights = (seed: number) => {
      const m = family.build(small[id]!, 8, 3, 'classification', seed, ctx);
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return w;
    };
    expect(weights(5)).toEqual(weights(5));
    expect(weights(5)).not.toEqual(weights(6));
    const model = family.build(small[id]!, 8, 3, 'classification', 1, ctx);
    const p = predict(model, new Float32Array([1, 2, 3, 0, 0, 0, 0, 0, 4, 19, 6, 7, 8, 9, 10, 11]), 8);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 5);
    expect(p[3]! + p[4]! + p[5]!).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('learns which token ids decide the class; loss falls; no tensor leak', async () => {
    const data = tokenTask(160, 8, 3);
    const before = tf.memory().numTensors;
    const model = family.build(small[id]!, 8, 3, 'classification', 7, ctx);
    const epochs = await train(model, data, hp({ epochs: 10, learningRate: 0.02, batchSize: 24 }));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(epochs.at(-1)!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
    expect(epochs.at(-1)!.metric).toBeGreaterThan(0.75); // validation accuracy; chance is 1/3
  });

  it('training is reproducible (seeded dropout and shuffles)', async () => {
    const data = tokenTask(48, 8, 6, 8);
    const run = async () => {
      const model = family.build({ ...small[id]!, dropout: 0.3 }, 8, 3, 'classification', 7, ctx);
      await train(model, data, hp({ epochs: 1, learningRate: 0.01, batchSize: 20 }));
      const probs = predict(model, data.xVal, 8);
      model.dispose();
      return probs;
    };
    expect(await run()).toEqual(await run());
  });

  it('gives the same prediction however much padding follows the text', () => {
    const data = tokenTask(12, 10, 4, 0);
    const short = family.build(small[id]!, 10, 3, 'classification', 2, ctx);
    const long = family.build(small[id]!, 16, 3, 'classification', 9, ctx);
    // Same weights; the longer model keeps its own extra position rows (never used by real tokens).
    const longWeights = long.getWeights();
    const merged = tf.tidy(() =>
      short.getWeights().map((w, i) => {
        const target = longWeights[i]!;
        if (w.shape[0] === target.shape[0]) return w;
        return tf.concat([w, tf.slice(target, [w.shape[0]!, 0], [target.shape[0]! - w.shape[0]!, -1])]);
      }),
    );
    long.setWeights(merged);
    const a = predict(short, data.xTrain, 10);
    const b = predict(long, repad(data.xTrain, 10, 16), 16);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    tf.dispose(merged.filter((t) => !short.getWeights().includes(t)));
    short.dispose();
    long.dispose();
  });

  it('survives a save → load round trip through the bundle IO with identical predictions', async () => {
    const model = family.build({ ...small[id]!, dropout: 0.3 }, 10, 3, 'classification', 4, ctx);
    const x = tokenTask(8, 10, 5, 0).xTrain;
    const parts = await modelToParts(model);
    const loaded = await modelFromParts(parts.modelJson, parts.weights);
    expect(predict(loaded, x, 10)).toEqual(predict(model, x, 10));
    model.dispose();
    loaded.dispose();
  });
});

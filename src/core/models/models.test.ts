import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededDropout } from './layers';
import { mlp } from './mlp';
import { familiesFor, getModelFamily, MODEL_FAMILIES, resolveParams } from './registry';
import type { ModelParams, NeuralFamily } from './types';
import { catalogFor, getModelInfo, MODEL_CATALOG } from './catalog';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const neural = MODEL_FAMILIES.filter((f): f is NeuralFamily<ModelParams> => f.kind === 'neural');

describe('neural families', () => {
  it.each([
    ['linear-regression', {}],
    ['logistic-regression', {}],
    ['mlp', {}],
    ['mlp', { hiddenLayers: [7, 5, 3], dropout: 0.2 }],
    ['mlp', { hiddenLayers: [] }],
  ])('paramCount equals countParams for %s %j, every task', (id, over) => {
    const family = neural.find((f) => f.id === id)!;
    for (const task of family.tasks) {
      const p = { ...family.defaultParams, ...over };
      const K = task === 'classification' ? 3 : 1;
      const model = family.build(p, 6, K, task, 1);
      expect(family.paramCount(p, 6, K)).toBe(model.countParams());
      expect(model.outputs[0]!.shape).toEqual([null, K]);
      model.dispose();
    }
  });

  it('classifiers output probabilities (softmax head, also for K = 2)', () => {
    const model = mlp.build({ ...mlp.defaultParams, hiddenLayers: [4] }, 3, 2, 'classification', 1);
    const p = tf.tidy(() => (model.predict(tf.tensor2d([1, 2, 3, -1, 0, 5], [2, 3])) as tf.Tensor).arraySync()) as number[][];
    for (const row of p) expect(row[0]! + row[1]!).toBeCloseTo(1, 6);
    expect(model.layers.at(-1)!.getClassName()).toBe('Activation');
    model.dispose();
  });

  it('initialisation is seeded', () => {
    const weights = (seed: number) => {
      const m = mlp.build(mlp.defaultParams, 4, 3, 'classification', seed);
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return w;
    };
    expect(weights(5)).toEqual(weights(5));
    expect(weights(5)).not.toEqual(weights(6));
  });

  it('SeededDropout draws a new mask each training call, reproducibly, and is the identity at inference', () => {
    const masks = () => {
      const d = new SeededDropout({ rate: 0.5, seed: 9 });
      const x = tf.ones([1, 64]);
      const out = [0, 1].map(() => tf.tidy(() => Array.from((d.apply(x, { training: true }) as tf.Tensor).dataSync())));
      const inference = tf.tidy(() => Array.from((d.apply(x) as tf.Tensor).dataSync()));
      x.dispose();
      return { out, inference };
    };
    const a = masks();
    expect(a.out[0]).not.toEqual(a.out[1]);
    expect(new Set(a.out[0])).toEqual(new Set([0, 2])); // kept units are scaled by 1 / (1 − rate)
    expect(masks().out).toEqual(a.out);
    expect(a.inference.every((v) => v === 1)).toBe(true);
  });

  it('a model with dropout survives a save/load round trip (custom layer is registered)', async () => {
    const model = mlp.build({ ...mlp.defaultParams, hiddenLayers: [4], dropout: 0.3 }, 2, 2, 'classification', 1);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.tensor2d([0.3, -1], [1, 2]);
    const [a, b] = [model, loaded].map((m) => tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync())));
    expect(b).toEqual(a);
    tf.dispose([x]);
    model.dispose();
    loaded.dispose();
  });
});

describe('registry', () => {
  it('has unique ids and complete cards and fields', () => {
    expect(new Set(MODEL_FAMILIES.map((f) => f.id)).size).toBe(MODEL_FAMILIES.length);
    for (const f of MODEL_FAMILIES) {
      expect(f.card.summary && f.card.goodFor && f.card.watchOut).toBeTruthy();
      for (const field of f.fields) expect(f.defaultParams[field.key]).toBeDefined();
    }
    expect(getModelFamily('random-forest')?.kind).toBe('tree');
    expect(familiesFor('regression').map((f) => f.id)).not.toContain('logistic-regression');
    expect(familiesFor('classification').map((f) => f.id)).not.toContain('linear-regression');
  });

  it('resolveParams fills defaults, clamps, rounds and drops unknown keys', () => {
    const family = getModelFamily('mlp')!;
    expect(resolveParams(family, { hiddenLayers: [10.4, 5000], dropout: 3, activation: 'swish?', extra: 1 })).toEqual({
      hiddenLayers: [10, 1024],
      activation: 'relu',
      dropout: 0.9,
      l2: 0,
    });
    expect(resolveParams(family, null)).toEqual(family.defaultParams);
  });
});

describe('catalog (what the main thread shows, without tfjs)', () => {
  it('lists the registry\'s families in the same order, each with the same description', () => {
    expect(MODEL_CATALOG.map((f) => f.id)).toEqual(MODEL_FAMILIES.map((f) => f.id));
    for (const family of MODEL_FAMILIES) {
      const info = getModelInfo(family.id)!;
      const { build: _build, ...description } = family as NeuralFamily<ModelParams>;
      expect(Object.keys(info).sort()).toEqual(Object.keys(description).sort());
      for (const [key, value] of Object.entries(info)) expect((description as Record<string, unknown>)[key]).toBe(value);
    }
    for (const task of ['classification', 'regression'] as const) {
      for (const input of [undefined, 'vector', 'tokens'] as const) expect(catalogFor(task, input).map((f) => f.id)).toEqual(familiesFor(task, input).map((f) => f.id));
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readBundle } from './read';
import { writeBundle } from './write';
import { modelFromParts, modelToParts, tryModelFromParts } from './tfjs-io';
import { sampleContents, tinyTfjsModel } from './test-utils';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A small MLP with seeded, non-trivial weights: 4 inputs → 8 relu → 3 softmax. */
function buildModel(): tf.Sequential {
  const model = tf.sequential({ name: 'mlp' });
  model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), biasInitializer: tf.initializers.randomNormal({ seed: 2 }) }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

const INPUTS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.1, 4.4, 1.4],
  [-1, 0, 1e-7, 123.456],
];

function predict(model: tf.LayersModel): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(INPUTS)) as tf.Tensor).dataSync() as Float32Array);
}

describe('tfjs model ↔ bundle parts', () => {
  it('saved → bundled → read → loaded predicts bit-for-bit identically', async () => {
    const model = buildModel();
    const before = predict(model);
    const parts = await modelToParts(model);
    const bytes = writeBundle({ ...sampleContents(), model: { type: 'tfjs', ...parts } });
    const read = readBundle(bytes);
    if (!read.ok) throw new Error(read.error.message);
    if (read.value.model.type !== 'tfjs') throw new Error('expected a tfjs model');
    const loaded = await modelFromParts(read.value.model.modelJson, read.value.model.weights);
    const after = predict(loaded);
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(new Uint8Array(after.buffer)).toEqual(new Uint8Array(before.buffer));
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    model.dispose();
    loaded.dispose();
  });

  it('writes the LayersModel layout: one weights.bin, specs in order, float32', async () => {
    const model = buildModel();
    const { modelJson, weights } = await modelToParts(model);
    expect(modelJson.format).toBe('layers-model');
    const manifest = modelJson.weightsManifest as { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
    expect(manifest).toHaveLength(1);
    expect(manifest[0]?.paths).toEqual(['weights.bin']);
    expect(manifest[0]?.weights.map((w) => w.shape)).toEqual([[4, 8], [8], [8, 3], [3]]);
    expect(weights.length).toBe((32 + 8 + 24 + 3) * 4);
    model.dispose();
  });

  it('leaves no tensors behind', async () => {
    const model = buildModel();
    const parts = await modelToParts(model);
    const start = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const m = await modelFromParts(parts.modelJson, parts.weights);
      m.dispose();
      await modelToParts(model);
    }
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });

  it('loads the hand-built tiny model and computes softmax(xW + b)', async () => {
    const { modelJson, weights } = tinyTfjsModel();
    const model = await modelFromParts(modelJson, weights);
    const y = tf.tidy(() => (model.predict(tf.tensor2d([[1, 2]])) as tf.Tensor).dataSync());
    // x·W + b = [1 + 0.5 + 0.1, -1 + 4, 0.5 - 2 - 0.1] = [1.6, 3, -1.6]
    const z = [1.6, 3, -1.6].map(Math.exp);
    const sum = z.reduce((a, b) => a + b, 0);
    z.forEach((v, i) => expect(y[i]).toBeCloseTo(v / sum, 6));
    model.dispose();
  });

  it('turns a topology tfjs cannot build into a readable problem', async () => {
    const { modelJson, weights } = tinyTfjsModel();
    const topology = modelJson.modelTopology as { config: { layers: { class_name: string }[] } };
    topology.config.layers[0]!.class_name = 'QuantumDense';
    const r = await tryModelFromParts(modelJson, weights);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe('The model in this bundle could not be rebuilt');
      expect(r.error.hint).toMatch(/QuantumDense/);
    }
  });
});

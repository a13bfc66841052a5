/**
 * The golden v1 bundle (fixtures/golden-v1.zip, made once by fixtures/make-golden-v1.ts) must be
 * readable by every future studio (architecture rule 9). The expected values below are written
 * out by hand, not taken from the code that wrote the file. Never regenerate the fixture: when the
 * format changes, add a migration and a new golden file, and keep this test.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readBundle } from './read';
import { modelFromParts } from './tfjs-io';

const golden = new Uint8Array(readFileSync(new URL('./fixtures/golden-v1.zip', import.meta.url)));

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('golden v1 bundle', () => {
  it('reads with its manifest, parts and class names', () => {
    const r = readBundle(golden);
    if (!r.ok) throw new Error(r.error.message);
    const b = r.value;
    expect(b.fileVersion).toBe(1);
    expect(b.meta).toEqual({ createdAt: '2025-01-02T03:04:05.000Z', kind: 'tabular', task: 'classification', modelFamily: 'mlp' });
    expect(b.manifest.modelFormat).toBe('tfjs-layers');
    expect(b.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(b.rawSchema).toEqual([
      { name: 'x', type: 'numeric' },
      { name: 'y', type: 'numeric' },
      { name: 'species', type: 'categorical' },
    ]);
    expect(b.recipe).toMatchObject({ format: 'ml-studio-recipe', version: 1, steps: [{ op: 'impute', fitted: { value: 1.5 } }] });
    expect(b.training).toEqual({ seed: 42, epochs: 10, learningRate: 0.01 });
    expect(b.metrics).toMatchObject({ accuracy: 0.9 });
    expect(b.modelCard).toMatch(/^# Golden v1 iris classifier\n/);
    expect(b.modelCard).toContain("tf.loadLayersModel('http://localhost:8080/model/model.json')");
  });

  it('holds the hand-built weights and predicts softmax(xW + b)', async () => {
    const r = readBundle(golden);
    if (!r.ok || r.value.model.type !== 'tfjs') throw new Error('expected a tfjs bundle');
    const { modelJson, weights } = r.value.model;
    expect(Array.from(new Float32Array(weights.slice().buffer))).toEqual([1, -1, 0.5, 0.25, 2, -1, Math.fround(0.1), 0, Math.fround(-0.1)]);
    const model = await modelFromParts(modelJson, weights);
    const y = tf.tidy(() => (model.predict(tf.tensor2d([[1, 2], [0, 0]])) as tf.Tensor).arraySync() as number[][]);
    const softmax = (z: number[]) => {
      const e = z.map(Math.exp);
      const s = e.reduce((a, v) => a + v, 0);
      return e.map((v) => v / s);
    };
    // Row 1: [1 + 0.5 + 0.1, -1 + 4 + 0, 0.5 - 2 - 0.1]; row 2: the bias alone.
    const expected = [softmax([1.6, 3, -1.6]), softmax([0.1, 0, -0.1])];
    y.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
    model.dispose();
  });
});

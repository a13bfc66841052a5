/**
 * Text models train on wasm (with the studio kernels) with the losses of the same seeded run on
 * cpu. Own file: the backend is global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setupWasm } from './test-backends';
import { TINY_MODELS, trainTiny } from './tiny-models';

setupWasm();

const STEPS = 4;

describe('tiny text models on wasm', () => {
  for (const [name, make] of Object.entries(TINY_MODELS)) {
    it(`${name}: trains with the cpu losses`, async () => {
      await tf.setBackend('cpu');
      const cpu = trainTiny(make, STEPS);
      await tf.setBackend('wasm');
      const before = tf.memory();
      const wasm = trainTiny(make, STEPS);
      // No leaked tensors, nor WASM heap buffers (the kernels' scratch tensors).
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
      expect(wasm).toHaveLength(STEPS);
      wasm.forEach((v, i) => {
        expect(Number.isFinite(v)).toBe(true);
        expect(Math.abs(v - cpu[i]!)).toBeLessThan(1e-4);
      });
      expect(wasm[0]).toBeGreaterThan(0.5); // a real cross-entropy over 3 classes, not the one-hot trap
    });
  }
});

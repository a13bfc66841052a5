/** The golden comparison on the WASM backend (no UnsortedSegmentSum; oneHot trap). Own file: the backend is global to the test worker. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDiffs, goldenTrainDiffs } from './golden-check';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);

describe('GPT against the PyTorch reference (fixtures/gpt-tiny), wasm backend', () => {
  it('gives the same logits, loss and gradients to 1e-4', async () => {
    await tf.setBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const d = goldenDiffs();
    console.log('golden diffs (wasm):', JSON.stringify(d));
    expect(d.gradCount).toBe(28);
    expect(d.logitsExact).toBeLessThan(1e-4);
    expect(d.logitsTanh).toBeLessThan(1e-4);
    expect(d.loss).toBeLessThan(1e-5);
    expect(d.grad).toBeLessThan(1e-5);
  });

  it('takes the same three AdamW steps (weight decay groups, clipping, warmup/cosine lr) as torch.optim.AdamW', async () => {
    const d = await goldenTrainDiffs();
    console.log('golden train diffs (wasm):', JSON.stringify(d));
    expect(d.losses).toBeLessThan(1e-5);
    expect(d.gradNorms).toBeLessThan(1e-4);
    expect(d.weights).toBeLessThan(1e-5);
  });
});

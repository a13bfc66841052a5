/**
 * The WASM backend is the fastest CPU backend in the browser and has traps (BROWSER-ML-NOTES:
 * tf.oneHot with a float dtype, missing gradient kernels). The same seeded run must give the same
 * losses on 'wasm' as on 'cpu'. Own file: the backend is global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerStudioKernels } from '../kernels';
import { mlp } from '../models/mlp';
import { createTrainController } from './control';
import { blobs } from './test-data';
import { trainNeural } from './train-neural';
import { DEFAULT_HYPERPARAMS, type EpochLog } from './types';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
registerStudioKernels(); // as the training worker does (src/worker/backend.ts)

async function losses(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const model = mlp.build({ hiddenLayers: [8], activation: 'gelu', dropout: 0.2, l2: 0.01 }, 2, 2, 'classification', 1);
  const logs: EpochLog[] = [];
  const hp = { ...DEFAULT_HYPERPARAMS, epochs: 3, optimizer: 'adamw' as const, weightDecay: 0.01, classWeights: 'balanced' as const };
  await trainNeural(model, blobs(120, 3), hp, createTrainController(), { epoch: (l) => logs.push(l), batch: () => {} });
  model.dispose();
  return logs.flatMap((l) => [l.trainLoss, l.valLoss]);
}

describe('wasm backend', () => {
  it('trains a classifier with the same losses as the cpu backend', async () => {
    const cpu = await losses('cpu');
    const wasm = await losses('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(wasm[0]).toBeGreaterThan(0.1); // not the "loss ≈ 0" one-hot trap
    wasm.forEach((v, i) => expect(v).toBeCloseTo(cpu[i]!, 4));
  });
});

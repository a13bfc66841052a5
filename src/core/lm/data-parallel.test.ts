/** Data-parallel steps (rows shared with in-process peers) against plain steps, on wasm. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { localPeer, splitRows, type GradPeer } from './data-parallel';
import { createGpt } from './gpt';
import type { GptConfig } from './gpt-config';
import { createTrainer, type TrainConfig } from './trainer';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);

const config: GptConfig = { vocabSize: 23, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16, dropout: 0, bias: true };
const train: TrainConfig = { learningRate: 3e-3, minLr: 3e-4, warmupIters: 1, lrDecayIters: 10, beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1 };

function batches(rows: number, n: number): { x: tf.Tensor2D; y: tf.Tensor2D }[] {
  const rng = createRng(3);
  return Array.from({ length: n }, () => {
    const ids = Int32Array.from({ length: rows * (config.blockSize + 1) }, () => rng.int(config.vocabSize));
    const x = new Int32Array(rows * config.blockSize);
    const y = new Int32Array(rows * config.blockSize);
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < config.blockSize; t++) {
        x[r * config.blockSize + t] = ids[r * (config.blockSize + 1) + t]!;
        y[r * config.blockSize + t] = ids[r * (config.blockSize + 1) + t + 1]!;
      }
    }
    return { x: tf.tensor2d(x, [rows, config.blockSize], 'int32'), y: tf.tensor2d(y, [rows, config.blockSize], 'int32') };
  });
}

async function run(rows: number, accum: number, peers: GradPeer[]): Promise<{ losses: number[]; weights: Float32Array[]; peerFailure: string | null }> {
  const model = createGpt(config, 5);
  const trainer = createTrainer(model, { ...train, gradAccumSteps: accum });
  const losses: number[] = [];
  for (const { x, y } of batches(rows, 3)) {
    const loss = peers.length > 0 ? await trainer.stepParallel(x, y, peers) : trainer.step(x, y);
    losses.push((await loss.data())[0]!);
    tf.dispose([loss, x, y]);
  }
  const weights = [...model.params.values()].map((v) => v.dataSync() as Float32Array);
  const peerFailure = trainer.peerFailure;
  trainer.dispose();
  model.dispose();
  return { losses, weights, peerFailure };
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let d = 0;
  a.forEach((x, i) => x.forEach((v, j) => (d = Math.max(d, Math.abs(v - b[i]![j]!)))));
  return d;
}

describe('data-parallel GPT steps', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('splits rows as evenly as possible', () => {
    expect(splitRows(12, 2)).toEqual([6, 6]);
    expect(splitRows(5, 3)).toEqual([2, 2, 1]);
    expect(splitRows(2, 3)).toEqual([1, 1, 0]);
  });

  for (const [rows, accum, peerCount, sharedMemory] of [
    [4, 1, 1, true],
    [5, 1, 2, true],
    [8, 2, 1, true],
    [5, 1, 2, false],
  ] as const) {
    it(`${rows} rows, ${accum} micro-batch(es), ${peerCount} peer(s), gradients ${sharedMemory ? 'in shared memory' : 'returned'}: same losses and weights as one trainer`, async () => {
      let asked = 0;
      const tensorsBefore = tf.memory().numTensors;
      const peers = Array.from({ length: peerCount }, (): GradPeer => {
        const p = localPeer(config);
        // Without shared memory (a page that is not cross-origin isolated) peers return their gradients.
        return { grads: (req) => (asked++, p.grads(sharedMemory ? req : { ...req, gradsOut: undefined })), dispose: () => p.dispose() };
      });
      const alone = await run(rows, accum, []);
      const shared = await run(rows, accum, peers);
      peers.forEach((p) => p.dispose());
      expect(tf.memory().numTensors).toBe(tensorsBefore); // the in-place sums leak no tensor
      expect(asked).toBe(3 * accum * peerCount); // every micro-batch of every step really was shared
      for (let i = 0; i < 3; i++) expect(shared.losses[i]).toBeCloseTo(alone.losses[i]!, 5);
      // Adam divides by √v: the key bias's float-noise gradient (see golden-check.ts) moves by up to
      // ~lr per step in either run; everything else agrees to float rounding.
      expect(maxDiff(shared.weights, alone.weights)).toBeLessThan(3 * train.learningRate);
      const keyless = (ws: Float32Array[]) => ws.filter((w) => w.length !== 3 * config.nEmbd);
      expect(maxDiff(keyless(shared.weights), keyless(alone.weights))).toBeLessThan(2e-5);
    });
  }

  it('a peer that fails mid-run: its rows are computed by the trainer, the update is unchanged, and the failure is reported', async () => {
    const good = localPeer(config);
    let calls = 0;
    const flaky: GradPeer = { grads: (req) => (++calls >= 2 ? Promise.reject(new Error('peer crashed')) : good.grads(req)), dispose: () => good.dispose() };
    const alone = await run(4, 1, []);
    const shared = await run(4, 1, [flaky]);
    flaky.dispose();
    expect(shared.peerFailure).toBe('peer crashed');
    for (let i = 0; i < 3; i++) expect(shared.losses[i]).toBeCloseTo(alone.losses[i]!, 5);
    const keyless = (ws: Float32Array[]) => ws.filter((w) => w.length !== 3 * config.nEmbd);
    expect(maxDiff(keyless(shared.weights), keyless(alone.weights))).toBeLessThan(2e-5);
  });
});

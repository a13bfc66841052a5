/**
 * Kernel benchmark on the wasm backend in Node: the backward pass of a GPT-sized set of matMuls
 * (MLP 768×128 → 512 → 128 and batched attention scores q·kᵀ, 48 × 64×32) with tfjs 4.22's
 * BatchMatMul gradient (transposeA/B flags, a slow path on wasm) against the studio's (explicit
 * transposes, plain matMul). Run: `npm run bench -- kernels`.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerStudioKernels } from '../src/core/kernels';
import { batchMatMulGradConfig } from '../src/core/kernels/matmul-grad';
import { createRng } from '../src/core/util/rng';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
const original = tf.getGradient('BatchMatMul')!;
registerStudioKernels();
await tf.setBackend('wasm');

const rng = createRng(7);
const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1), shape);
const x = rand([768, 128]);
const w1 = rand([128, 512]);
const w2 = rand([512, 128]);
const q = rand([48, 64, 32]);
const k = rand([48, 64, 32]);

const step = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
  tf.add(tf.sum(tf.matMul(tf.relu(tf.matMul(a, b)), c)), tf.sum(tf.matMul(d, k, false, true))),
);

function time(config: tf.GradConfig, reps: number): number {
  tf.registerGradient(config);
  const run = () => tf.dispose(step([x, w1, w2, q]).map((g) => (g.dataSync(), g)));
  run(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) run();
  return (performance.now() - t0) / reps;
}

const REPS = 10;
const before = time(original, REPS);
const after = time(batchMatMulGradConfig, REPS);
const before2 = time(original, REPS);
const after2 = time(batchMatMulGradConfig, REPS);
const slow = Math.min(before, before2);
const fast = Math.min(after, after2);
console.log(`bench: matmul-grad-wasm-speedup ${(slow / fast).toFixed(2)} x`);
console.error(`(forward + backward, wasm in Node: tfjs gradient ${slow.toFixed(1)} ms, studio gradient ${fast.toFixed(1)} ms per step)`);

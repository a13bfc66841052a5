/**
 * Kernel benchmarks on the wasm backend in Node. Run: `npm run bench -- kernels`.
 *
 * - matmul-grad-wasm-speedup: forward + backward of a GPT-sized set of matMuls (MLP 768×128 → 512
 *   → 128 and batched attention scores q·kᵀ, 48 × 64×32) with tfjs 4.22's BatchMatMul gradient
 *   (transposeA/B flags, a slow path on wasm) against the studio's (explicit transposes, plain
 *   matMul); both on the stock wasm kernel, so only the gradient differs.
 * - dense-linear-train-step-wasm-speedup: one SGD step of a 256 → 512 → 512 → 10 MLP whose Dense
 *   layers have no activation of their own (ReLU as separate layers), batch 512, studio gradient
 *   registered, with the stock wasm BatchMatMul against the studio's wrapper (transposes first).
 *   Linear Dense layers (and RNN cells' K.dot) run fused matMul, whose gradient sets the transpose
 *   flags and cannot be re-registered; a Dense with its own activation is not fused in training
 *   and already gains from the gradient alone.
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
const stockGrad = tf.getGradient('BatchMatMul')!;
const stockKernel = tf.getKernel('BatchMatMul', 'wasm')!;
registerStudioKernels();
const studioKernel = tf.getKernel('BatchMatMul', 'wasm')!;
await tf.setBackend('wasm');

function useKernel(config: tf.KernelConfig) {
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(config);
}

/** Best of two rounds of `reps` runs after a warm-up, in ms per run. */
function time(run: () => void, reps: number): number {
  run();
  let best = Infinity;
  for (let round = 0; round < 2; round++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return best;
}

const rng = createRng(7);
const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1), shape);

// 1. BatchMatMul gradient.
const x = rand([768, 128]);
const w1 = rand([128, 512]);
const w2 = rand([512, 128]);
const q = rand([48, 64, 32]);
const k = rand([48, 64, 32]);
const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
  tf.add(tf.sum(tf.matMul(tf.relu(tf.matMul(a, b)), c)), tf.sum(tf.matMul(d, k, false, true))),
);
const gradStep = () => tf.dispose(grads([x, w1, w2, q]).map((g) => (g.dataSync(), g)));
useKernel(stockKernel);
tf.registerGradient(stockGrad);
const gradSlow = time(gradStep, 5);
tf.registerGradient(batchMatMulGradConfig);
const gradFast = time(gradStep, 5);
console.log(`bench: matmul-grad-wasm-speedup ${(gradSlow / gradFast).toFixed(2)} x`);
console.error(`(matMul forward + backward: tfjs gradient ${gradSlow.toFixed(1)} ms, studio gradient ${gradFast.toFixed(1)} ms)`);

// 2. Dense training step.
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [256], units: 512 }),
    tf.layers.reLU(),
    tf.layers.dense({ units: 512 }),
    tf.layers.reLU(),
    tf.layers.dense({ units: 10 }),
  ],
});
const xb = rand([512, 256]);
const yb = rand([512, 10]);
const opt = tf.train.sgd(0.001);
const denseStep = () => {
  const l = opt.minimize(() => tf.losses.meanSquaredError(yb, model.apply(xb, { training: true }) as tf.Tensor) as tf.Scalar, true)!;
  l.dataSync();
  l.dispose();
};
useKernel(stockKernel);
const denseSlow = time(denseStep, 3);
useKernel(studioKernel);
const denseFast = time(denseStep, 3);
console.log(`bench: dense-linear-train-step-wasm-speedup ${(denseSlow / denseFast).toFixed(2)} x`);
console.error(`(linear Dense MLP step, batch 512: stock kernel ${denseSlow.toFixed(1)} ms, studio kernel ${denseFast.toFixed(1)} ms)`);

/**
 * The studio's wasm gemm (assembly/gpt-kernels.ts) against tfjs-wasm's matMul (XNNPACK) on the
 * GPT step's shapes, in Node, in CPU time (no relaxed SIMD in Node 20 unless started with
 * --experimental-wasm-relaxed-simd: multiply + add, no FMA).
 *   node --experimental-wasm-relaxed-simd --import tsx scripts/lm/gemm-speed.ts
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gptKernels, gptKernelsUseFma, STUDIO_MATMUL } from '../../src/core/kernels/gpt-fused';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
await tf.setBackend('wasm');
if (!gptKernels()) throw new Error('kernels did not load');
console.log(`fma: ${gptKernelsUseFma()}`);

/** CPU ms per call (one thread: on a shared machine wall time mostly measures the other processes). */
function time(f: () => tf.Tensor, reps = 20): number {
  for (let i = 0; i < 3; i++) f().dispose();
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) f().dispose();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / reps;
}
// [M, K, N, transA]
const SHAPES: [number, number, number, boolean][] = [
  [768, 128, 384, false], [768, 128, 512, false], [768, 512, 128, false], [768, 128, 81, false],
  [128, 768, 384, true], [512, 768, 128, true], [128, 768, 512, true],
];
for (const [M, K, N, transA] of SHAPES) {
  const a = tf.randomNormal(transA ? [K, M] : [M, K]);
  const b = tf.randomNormal([K, N]);
  const ours = time(() => tf.engine().runKernel(STUDIO_MATMUL, { a, b }, { transA }) as tf.Tensor);
  const theirs = time(() => (transA ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b)));
  const d = tf.max(tf.abs(tf.sub(tf.engine().runKernel(STUDIO_MATMUL, { a, b }, { transA }) as tf.Tensor, transA ? tf.matMul(a, b, true) : tf.matMul(a, b)))).dataSync()[0]!;
  const gf = (2 * M * K * N) / 1e6;
  console.log(`${M}x${K}·${K}x${N}${transA ? ' (Aᵀ)' : ''}: studio ${ours.toFixed(2)} ms (${(gf / ours).toFixed(1)} GFLOP/s), tfjs ${theirs.toFixed(2)} ms (${(gf / theirs).toFixed(1)}), max diff ${d.toExponential(1)}`);
  tf.dispose([a, b]);
}

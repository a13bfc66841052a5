/**
 * The studio's wasm gemm (assembly/gpt-kernels.ts) against tfjs-wasm's matMul (XNNPACK) on the
 * GPT step's shapes, in Node, in CPU time (no relaxed SIMD in Node 20 unless started with
 * --experimental-wasm-relaxed-simd: multiply + add, no FMA). Then every product of one
 * half-batch training step (nanoGPT CPU preset, batch 6 × 64 tokens: M = 384) with the
 * transposes the step uses, and the attention kernels, in GFLOP/s of the products they hold.
 *   node --experimental-wasm-relaxed-simd --import tsx scripts/lm/gemm-speed.ts [--step-only]
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gptKernels, gptKernelsUseFma, STUDIO_ATTENTION, STUDIO_ATTENTION_GRAD, STUDIO_MATMUL } from '../../src/core/kernels/gpt-fused';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
await tf.setBackend('wasm');
if (!gptKernels()) throw new Error('kernels did not load');
console.log(`fma: ${gptKernelsUseFma()}`);

/** CPU ms per call (one thread: on a shared machine wall time mostly measures the other processes). */
function time(f: () => tf.Tensor | tf.Tensor[], reps = 20): number {
  for (let i = 0; i < 3; i++) tf.dispose(f());
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) tf.dispose(f());
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / reps;
}
const mm = (a: tf.Tensor, b: tf.Tensor, transA: boolean, transB: boolean) => tf.engine().runKernel(STUDIO_MATMUL, { a, b }, { transA, transB }) as tf.Tensor;

if (!process.argv.includes('--step-only')) {
  // [M, K, N, transA]
  const SHAPES: [number, number, number, boolean][] = [
    [768, 128, 384, false], [768, 128, 512, false], [768, 512, 128, false], [768, 128, 81, false],
    [128, 768, 384, true], [512, 768, 128, true], [128, 768, 512, true],
  ];
  for (const [M, K, N, transA] of SHAPES) {
    const a = tf.randomNormal(transA ? [K, M] : [M, K]);
    const b = tf.randomNormal([K, N]);
    const ours = time(() => mm(a, b, transA, false));
    const theirs = time(() => (transA ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b)));
    const d = tf.max(tf.abs(tf.sub(mm(a, b, transA, false), transA ? tf.matMul(a, b, true) : tf.matMul(a, b)))).dataSync()[0]!;
    const gf = (2 * M * K * N) / 1e6;
    console.log(`${M}x${K}·${K}x${N}${transA ? ' (Aᵀ)' : ''}: studio ${ours.toFixed(2)} ms (${(gf / ours).toFixed(1)} GFLOP/s), tfjs ${theirs.toFixed(2)} ms (${(gf / theirs).toFixed(1)}), max diff ${d.toExponential(1)}`);
    tf.dispose([a, b]);
  }
}

// One half-batch step's products: forward op(A)·op(B) and both gradients of each linear layer.
const R = 384;
const C = 128;
const V = 81;
// [label, M, K, N, transA, transB, count per step]
const STEP: [string, number, number, number, boolean, boolean, number][] = [];
for (const [name, nIn, nOut] of [['qkv', C, 3 * C], ['attn.proj', C, C], ['fc', C, 4 * C], ['mlp.proj', 4 * C, C]] as const) {
  STEP.push([`${name} fwd x·W`, R, nIn, nOut, false, false, 4]);
  STEP.push([`${name} dx g·Wᵀ`, R, nOut, nIn, false, true, 4]);
  STEP.push([`${name} dW xᵀ·g`, nIn, R, nOut, true, false, 4]);
}
STEP.push(['head fwd h·wteᵀ', R, C, V, false, true, 1]);
STEP.push(['head dh g·wte', R, V, C, false, false, 1]);
STEP.push(['head dwte gᵀ·h', V, R, C, true, false, 1]);
let totalMs = 0;
let totalGf = 0;
for (const [label, M, K, N, transA, transB, count] of STEP) {
  const a = tf.randomNormal(transA ? [K, M] : [M, K]);
  const b = tf.randomNormal(transB ? [N, K] : [K, N]);
  const ms = time(() => mm(a, b, transA, transB), 40);
  const gf = (2 * M * K * N) / 1e6;
  totalMs += ms * count;
  totalGf += gf * count;
  console.log(`step ${label.padEnd(18)} ${M}×${K}·${K}×${N}: ${ms.toFixed(3)} ms, ${(gf / ms).toFixed(1)} GFLOP/s (×${count} a step)`);
  tf.dispose([a, b]);
}
// Attention: 6 sequences × 4 heads, T = 64, hd = 32: four T×T×hd products forwards... two forwards, four backwards.
{
  const [B, T, H, hd] = [6, 64, 4, 32];
  const qkv = tf.randomNormal([B, T, 3 * H * hd]);
  const dy = tf.randomNormal([B, T, H * hd]);
  const fwd = time(() => tf.engine().runKernel(STUDIO_ATTENTION, { qkv }, { heads: H }) as tf.Tensor[], 40);
  const [y, probs] = tf.engine().runKernel(STUDIO_ATTENTION, { qkv }, { heads: H }) as tf.Tensor[];
  const bwd = time(() => tf.engine().runKernel(STUDIO_ATTENTION_GRAD, { qkv, probs: probs!, dy }, { heads: H }) as tf.Tensor, 40);
  const gf = (2 * B * H * T * T * hd) / 1e6; // one T×T×hd product over all heads
  console.log(`step attention fwd ${fwd.toFixed(3)} ms (${((2 * gf) / fwd).toFixed(1)} GFLOP/s), bwd ${bwd.toFixed(3)} ms (${((4 * gf) / bwd).toFixed(1)} GFLOP/s) (×4 a step)`);
  totalMs += 4 * (fwd + bwd);
  totalGf += 4 * 6 * gf;
  tf.dispose([qkv, dy, y!, probs!]);
}
console.log(`step products: ${totalMs.toFixed(1)} CPU ms, ${(totalGf / 1000).toFixed(3)} GFLOP, ${(totalGf / totalMs).toFixed(1)} GFLOP/s`);

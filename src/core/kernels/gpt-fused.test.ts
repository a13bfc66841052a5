/**
 * The fused wasm GPT kernels against the plain tfjs formulation of the same ops (same backend,
 * kernels switched off), forwards and gradients, including sizes that leave SIMD tails
 * (head size 6, 7 positions) and GELU far out in both tails. The PyTorch comparison of the whole
 * model with these kernels is golden-wasm.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attention, attentionBlock, causalMaskBias, fusedCausalAttention, gelu, layerNorm, linear, matMulTransB, mlpBlock } from '../lm/ops';
import { createRng } from '../util/rng';
import { gptKernels, gptKernelsFailure, heapOffset, ownsMemory, setGptKernelsEnabled, STUDIO_MATMUL, STUDIO_SUM_ROWS } from './gpt-fused';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);

function random(shape: number[], seed: number, scale = 1): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale), shape);
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(a.shape).toEqual(b.shape);
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  return d;
}

/** Value and gradients of sum(f(...xs) · w) with the kernels on and off. */
function bothWays(f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[], seed: number): { fused: tf.Tensor[]; plain: tf.Tensor[] } {
  const run = (on: boolean) => {
    setGptKernelsEnabled(on);
    const y = f(...xs);
    const w = random(y.shape, seed);
    const grads = tf.grads((...ins: tf.Tensor[]) => tf.sum(tf.mul(f(...ins), w)))(xs);
    return [y, ...grads];
  };
  const fused = run(true);
  const plain = run(false);
  setGptKernelsEnabled(true);
  return { fused, plain };
}

/** The unfused model path: split q, k, v into heads, masked attention, merge the heads. */
function plainAttention(qkv: tf.Tensor, H: number): tf.Tensor {
  const [B, T, C3] = qkv.shape as [number, number, number];
  const C = C3 / 3;
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, C / H]), [0, 2, 1, 3]) as tf.Tensor4D;
  const [q, k, v] = tf.split(qkv, 3, 2).map(heads) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const y = attention(q, k, v, causalMaskBias(T));
  return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B, T, C]);
}

describe('fused GPT kernels (wasm) vs plain tfjs ops', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  afterAll(() => setGptKernelsEnabled(true));

  it('load on the wasm backend', () => {
    expect(gptKernels(), gptKernelsFailure() ?? '').not.toBeNull();
  });

  for (const [B, T, H, hd] of [
    [2, 8, 2, 4],
    [3, 7, 3, 6],
    [1, 64, 4, 32],
  ] as const) {
    it(`causal attention B=${B} T=${T} H=${H} hd=${hd}: output and gradient`, () => {
      const qkv = random([B, T, 3 * H * hd], 11 + T, 2);
      const { fused, plain } = bothWays((x) => fusedCausalAttention(x, H) ?? plainAttention(x, H), [qkv], 5);
      expect(maxDiff(fused[0]!, plain[0]!)).toBeLessThan(1e-5);
      expect(maxDiff(fused[1]!, plain[1]!)).toBeLessThan(1e-5);
    });
  }

  it('attention of the first position is its own value (a mask leak would mix in later ones)', () => {
    const qkv = random([1, 5, 3 * 8], 3);
    const y = fusedCausalAttention(qkv, 2)!;
    const v0 = tf.slice(qkv, [0, 0, 16], [1, 1, 8]);
    expect(maxDiff(tf.slice(y, [0, 0, 0], [1, 1, 8]), v0)).toBeLessThan(1e-6);
  });

  for (const withBias of [true, false]) {
    it(`LayerNorm ${withBias ? 'with' : 'without'} bias, C=13 (SIMD tail): output and gradients`, () => {
      const x = random([6, 13], 1, 3);
      const w = random([13], 2);
      const b = random([13], 3);
      const f = withBias ? (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => layerNorm(a, c, d, 1e-5) : (a: tf.Tensor, c: tf.Tensor) => layerNorm(a, c, undefined, 1e-5);
      const { fused, plain } = bothWays(f as (...xs: tf.Tensor[]) => tf.Tensor, withBias ? [x, w, b] : [x, w], 4);
      fused.forEach((t, i) => expect(maxDiff(t, plain[i]!)).toBeLessThan(2e-5));
    });
  }

  for (const [M, K, N] of [
    [8, 16, 16],
    [7, 5, 81],
    [64, 128, 40],
  ] as const) {
    it(`gemm ${M}×${K}·${K}×${N} (edge rows/columns): plain, with bias, with A, B or both stored transposed`, () => {
      const a = random([M, K], 7);
      const b = random([K, N], 8);
      const bias = random([N], 9);
      const plain = tf.matMul(a, b);
      expect(maxDiff(tf.engine().runKernel(STUDIO_MATMUL, { a, b }, { transA: false }) as tf.Tensor, plain)).toBeLessThan(1e-5);
      expect(maxDiff(tf.engine().runKernel(STUDIO_MATMUL, { a, b, bias }, { transA: false }) as tf.Tensor, tf.add(plain, bias))).toBeLessThan(1e-5);
      expect(maxDiff(tf.engine().runKernel(STUDIO_MATMUL, { a: tf.transpose(a), b }, { transA: true }) as tf.Tensor, plain)).toBeLessThan(1e-5);
      expect(maxDiff(tf.engine().runKernel(STUDIO_MATMUL, { a, b: tf.transpose(b), bias }, { transB: true }) as tf.Tensor, tf.add(plain, bias))).toBeLessThan(1e-5);
      expect(maxDiff(tf.engine().runKernel(STUDIO_MATMUL, { a: tf.transpose(a), b: tf.transpose(b) }, { transA: true, transB: true }) as tf.Tensor, plain)).toBeLessThan(1e-5);
      expect(maxDiff(tf.engine().runKernel(STUDIO_SUM_ROWS, { x: b }) as tf.Tensor, tf.sum(b, 0))).toBeLessThan(1e-5);
    });
  }

  it('the tied head a·bᵀ and a linear layer: outputs and gradients (transposed operands read in place)', () => {
    const a = random([10, 12], 21);
    const b = random([81, 12], 22);
    const w = random([12, 20], 23);
    const bias = random([20], 24);
    const head = bothWays((x, y) => matMulTransB(x as tf.Tensor2D, y as tf.Tensor2D), [a, b], 25);
    head.fused.forEach((t, i) => expect(maxDiff(t, head.plain[i]!)).toBeLessThan(1e-5));
    const lin = bothWays((x, y, z) => linear(x, y, z), [a, w, bias], 26);
    lin.fused.forEach((t, i) => expect(maxDiff(t, lin.plain[i]!)).toBeLessThan(1e-5));
  });

  for (const [B, T, C, withBias] of [
    [2, 7, 12, true], // 14 rows, 12 and 48 columns: edges of the 4 × 8 blocks
    [2, 7, 12, false],
    [1, 64, 32, true],
  ] as const) {
    it(`MLP block (LayerNorm, c_fc, GELU, c_proj, residual) B=${B} T=${T} C=${C} ${withBias ? 'with' : 'without'} biases: one kernel each way equals the ops one by one`, () => {
      const x = random([B, T, C], 31, 2);
      const ws = [random([C], 32), random([C, 4 * C], 33, 0.3), random([4 * C, C], 34, 0.3)];
      const bs = withBias ? [random([C], 35), random([4 * C], 36), random([C], 37)] : [];
      const f = (tx: tf.Tensor, lnW: tf.Tensor, fcW: tf.Tensor, projW: tf.Tensor, lnB?: tf.Tensor, fcB?: tf.Tensor, projB?: tf.Tensor) => mlpBlock(tx, { lnW, fcW, projW, lnB, fcB, projB }, 1e-5);
      const { fused, plain } = bothWays(f as (...xs: tf.Tensor[]) => tf.Tensor, [x, ...ws, ...bs], 38);
      expect(fused).toHaveLength(withBias ? 8 : 5); // the value, then a gradient per input
      fused.forEach((t, i) => expect(maxDiff(t, plain[i]!), `output ${i}`).toBeLessThan(5e-5));
    });
  }

  for (const [B, T, C, H, withBias] of [
    [2, 7, 12, 2, true], // 14 rows, head size 6, 7 positions: SIMD and block edges
    [2, 7, 12, 2, false],
    [1, 64, 64, 2, true],
  ] as const) {
    it(`attention block (LayerNorm, c_attn, causal attention, c_proj, residual) B=${B} T=${T} C=${C} H=${H} ${withBias ? 'with' : 'without'} biases: one kernel each way equals the ops one by one`, () => {
      const x = random([B, T, C], 41, 2);
      const ws = [random([C], 42), random([C, 3 * C], 43, 0.3), random([C, C], 44, 0.3)];
      const bs = withBias ? [random([C], 45), random([3 * C], 46), random([C], 47)] : [];
      const f = (tx: tf.Tensor, lnW: tf.Tensor, qkvW: tf.Tensor, projW: tf.Tensor, lnB?: tf.Tensor, qkvB?: tf.Tensor, projB?: tf.Tensor) =>
        attentionBlock(tx, { lnW, qkvW, projW, lnB, qkvB, projB }, H, 1e-5) ??
        tf.add(tx, linear(plainAttention(linear(layerNorm(tx, lnW, lnB, 1e-5), qkvW, qkvB), H), projW, projB));
      const { fused, plain } = bothWays(f as (...xs: tf.Tensor[]) => tf.Tensor, [x, ...ws, ...bs], 48);
      expect(fused).toHaveLength(withBias ? 8 : 5);
      fused.forEach((t, i) => expect(maxDiff(t, plain[i]!), `output ${i}`).toBeLessThan(5e-5));
    });
  }

  it('Identity (what customGrad saves with) shares memory instead of copying, and an in-place writer sees it', () => {
    const x = tf.tensor([1, 2, 3, 4]);
    expect(ownsMemory(x)).toBe(true);
    const y = tf.clone(x);
    expect(heapOffset(y)).toBe(heapOffset(x));
    expect(ownsMemory(x)).toBe(false); // AdamW and the replica then take their copying paths
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]); // still alive after the original went
    expect(ownsMemory(y)).toBe(true);
    y.dispose();
  });

  it('exact GELU: the value with and without a gradient recorded is the same', () => {
    const x = tf.linspace(-6, 6, 400);
    const inference = gelu(x, 'exact');
    let taped: tf.Tensor | null = null;
    tf.grad((a: tf.Tensor) => {
      taped = tf.keep(gelu(a, 'exact'));
      return tf.sum(taped);
    })(x);
    expect(maxDiff(inference, taped!)).toBe(0);
  });

  it('exact GELU: output and gradient, from −12 to 12', () => {
    const x = tf.linspace(-12, 12, 4000);
    const { fused, plain } = bothWays((a) => gelu(a, 'exact'), [x], 6);
    expect(maxDiff(fused[0]!, plain[0]!)).toBeLessThan(1e-5);
    expect(maxDiff(fused[1]!, plain[1]!)).toBeLessThan(1e-5);
    // Far tails: exactly x above, exactly 0 below (no NaN from the exponential's range reduction).
    const far = gelu(tf.tensor([-100, -20, 20, 100]), 'exact').dataSync();
    expect(Math.abs(far[0]!) + Math.abs(far[1]!)).toBeLessThan(1e-12);
    expect([far[2], far[3]]).toEqual([20, 100]);
  });
});

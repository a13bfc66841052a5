/**
 * The studio's BatchMatMul gradient against tfjs's own: same gradients for the four transpose
 * combinations and batched shapes, on cpu and wasm; broadcast batch shapes (where tfjs 4.22's
 * gradient fails its shape check) against matMul of explicitly broadcast inputs. Not tested:
 * batch shapes like [2,1] × [1,3], which tfjs 4.22's forward BatchMatMul already gets wrong (it
 * pairs flattened batch indices modulo each side's batch size).
 * Own file: the gradient registry and the backend are global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchMatMulGradConfig } from './matmul-grad';
import { expectClose, on, randomArray, setupWasm } from './test-backends';

// Captured before setupWasm() registers ours.
const original = tf.getGradient('BatchMatMul');
setupWasm();

function useGradient(config: tf.GradConfig) {
  tf.registerGradient(config);
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Gradients of Σ w ⊙ matMul(a, b) (w random so every output element matters). */
function gradsOf(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean, seed: number) {
  const av = randomArray(size(aShape), seed);
  const bv = randomArray(size(bShape), seed + 1);
  return () => {
    const a = tf.tensor(av, aShape);
    const b = tf.tensor(bv, bShape);
    const yShape = tf.matMul(a, b, transposeA, transposeB).shape;
    const w = tf.tensor(randomArray(size(yShape), seed + 2), yShape);
    return tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), w)))([a, b]);
  };
}

/** a is m×k, b is k×n before the transpose flags. */
function shapes(batchA: number[], batchB: number[], m: number, k: number, n: number, tA: boolean, tB: boolean) {
  return { a: [...batchA, ...(tA ? [k, m] : [m, k])], b: [...batchB, ...(tB ? [n, k] : [k, n])] };
}

const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('BatchMatMul gradient with explicit transposes', () => {
  it('is the registered gradient once the studio kernels are registered', () => {
    expect(original).toBeDefined();
    expect(tf.getGradient('BatchMatMul')).toBe(batchMatMulGradConfig);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    for (const [tA, tB] of FLAGS) {
      for (const [label, batch] of [
        ['2-D', []],
        ['batched', [3]],
        ['batched rank 4', [2, 3]],
      ] as const) {
        it(`${backend}: transposeA=${tA} transposeB=${tB}, ${label}: same gradients as tfjs's`, async () => {
          const s = shapes([...batch], [...batch], 5, 7, 4, tA, tB);
          const f = gradsOf(s.a, s.b, tA, tB, 21);
          useGradient(original!);
          const before = await on(backend, f);
          useGradient(batchMatMulGradConfig);
          const after = await on(backend, f);
          expectClose(after, before);
        });
      }
    }

    for (const [tA, tB] of FLAGS) {
      for (const [label, bA, bB] of [
        ['3-D × 2-D', [3], []],
        ['2-D × 3-D', [], [2]],
        ['[1,3] × [2,3] batch', [1, 3], [2, 3]],
        ['[2,3] × [1,1] batch', [2, 3], [1, 1]],
        ['[4] × [2,4] batch', [4], [2, 4]],
      ] as const) {
        it(`${backend}: transposeA=${tA} transposeB=${tB}, broadcast ${label}: gradients of explicitly broadcast inputs`, async () => {
          const s = shapes([...bA], [...bB], 3, 6, 5, tA, tB);
          const av = randomArray(size(s.a), 31);
          const bv = randomArray(size(s.b), 32);
          const run = (explicit: boolean) => () => {
            const a = tf.tensor(av, s.a);
            const b = tf.tensor(bv, s.b);
            const y = tf.matMul(a, b, tA, tB);
            const w = tf.tensor(randomArray(size(y.shape), 33), y.shape);
            const batch = y.shape.slice(0, -2);
            const full = (x: tf.Tensor) => tf.broadcastTo(x.rank < y.rank ? x.reshape([...Array(y.rank - x.rank).fill(1), ...x.shape]) : x, [...batch, ...x.shape.slice(-2)]);
            return tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(explicit ? tf.matMul(full(p), full(q), tA, tB) : tf.matMul(p, q, tA, tB), w)))([a, b]);
          };
          const ours = await on(backend, run(false));
          expect(ours.map((g) => g.shape)).toEqual([s.a, s.b]);
          const reference = await on(backend, run(true));
          expectClose(ours, reference);
        });
      }
    }
  }
});

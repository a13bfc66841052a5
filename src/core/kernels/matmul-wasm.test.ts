/**
 * The wrapped wasm BatchMatMul (transpose first, then the plain product) against the cpu
 * backend and the stock wasm kernel: four transpose combinations, 2-D, batched and broadcast.
 * Own file: the kernel registry and the backend are global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { transposingBatchMatMul } from './matmul-wasm';
import { expectClose, on, randomArray, setupWasm } from './test-backends';

// Captured before setupWasm() wraps it.
const stock = tf.getKernel('BatchMatMul', 'wasm')!;
setupWasm();

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('wasm BatchMatMul with transposes done first', () => {
  it('is the registered wasm kernel after registerStudioKernels, wrapped once', () => {
    const current = tf.getKernel('BatchMatMul', 'wasm')!;
    expect(current).not.toBe(stock);
    expect(transposingBatchMatMul(current)).toBe(current);
    expect(current.setupFunc).toBe(stock.setupFunc);
  });

  for (const [tA, tB] of FLAGS) {
    for (const [label, bA, bB] of [
      ['2-D', [], []],
      ['batched', [3], [3]],
      ['broadcast 3-D × 2-D', [4], []],
      ['broadcast [1,3] × [2,3]', [1, 3], [2, 3]],
      ['a row vector', [], []],
    ] as const) {
      it(`transposeA=${tA} transposeB=${tB}, ${label}: same product as cpu and as the stock kernel`, async () => {
        const [m, k, n] = label === 'a row vector' ? [1, 9, 6] : [5, 7, 4];
        const aShape = [...bA, ...(tA ? [k, m] : [m, k])];
        const bShape = [...bB, ...(tB ? [n, k] : [k, n])];
        const av = randomArray(size(aShape), 41);
        const bv = randomArray(size(bShape), 42);
        const f = () => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), tA, tB);
        const cpu = await on('cpu', f);
        const before = tf.memory().numDataBuffers;
        const wasm = await on('wasm', f);
        expect(tf.memory().numDataBuffers).toBe(before); // transposed copies freed
        expectClose(wasm, cpu);
        const wrapped = tf.getKernel('BatchMatMul', 'wasm')!;
        tf.unregisterKernel('BatchMatMul', 'wasm');
        tf.registerKernel(stock);
        try {
          expectClose(wasm, await on('wasm', f));
        } finally {
          tf.unregisterKernel('BatchMatMul', 'wasm');
          tf.registerKernel(wrapped);
        }
      });
    }
  }
});

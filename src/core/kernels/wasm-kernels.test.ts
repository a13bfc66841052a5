/**
 * The studio's wasm kernels against the cpu backend's: same inputs, same outputs within 1e-5.
 * Own file: the backend is global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { STUDIO_WASM_KERNELS, registerStudioKernels } from './index';
import { expectClose, on, randomArray, setupWasm } from './test-backends';

setupWasm();

async function both(fn: () => tf.Tensor | tf.Tensor[]) {
  const cpu = await on('cpu', fn);
  const wasm = await on('wasm', fn);
  return { cpu, wasm };
}

describe('registerStudioKernels', () => {
  it('registers the missing wasm kernels once', () => {
    registerStudioKernels();
    registerStudioKernels();
    for (const k of STUDIO_WASM_KERNELS) expect(tf.getKernel(k.kernelName, 'wasm')).toBe(k);
  });
});

describe('UnsortedSegmentSum on wasm', () => {
  const cases: { name: string; xShape: number[]; ids: number[]; n: number; dtype?: 'float32' | 'int32' }[] = [
    { name: 'repeated, negative and out-of-range ids (dropped, as tfjs cpu and TF do)', xShape: [6, 4], ids: [0, 2, 2, -1, 5, 1], n: 4 },
    { name: '1-D x', xShape: [10], ids: [2, 0, 0, 1, 2, 2, 2, 0, 1, 1], n: 3 },
    { name: 'more segments than ids (empty segments are 0)', xShape: [2, 3], ids: [7, 1], n: 9 },
    { name: 'int32 values', xShape: [5, 2], ids: [1, 1, 0, 1, -3], n: 2, dtype: 'int32' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const size = c.xShape.reduce((a, b) => a * b, 1);
      const xv = c.dtype === 'int32' ? Int32Array.from(randomArray(size, 3, 50), Math.round) : randomArray(size, 3);
      const { cpu, wasm } = await both(() => tf.unsortedSegmentSum(tf.tensor(xv, c.xShape, c.dtype ?? 'float32'), tf.tensor1d(c.ids, 'int32'), c.n));
      expectClose(wasm, cpu);
    });
  }

  it('2-D segment ids (TF semantics; the cpu kernel mis-broadcasts them, so it gets the flattened ids)', async () => {
    const ids = [0, 4, 4, 1, 3, 0, 0, 2, 4, 4, 1, 0];
    const xv = randomArray(24, 4);
    const [wasm] = await on('wasm', () => tf.unsortedSegmentSum(tf.tensor3d(xv, [3, 4, 2]), tf.tensor2d(ids, [3, 4], 'int32') as unknown as tf.Tensor1D, 5));
    const [cpu] = await on('cpu', () => tf.unsortedSegmentSum(tf.tensor2d(xv, [12, 2]), tf.tensor1d(ids, 'int32'), 5));
    expectClose([wasm!], [cpu!]);
  });

  it('embedding-sized input with many repeats', async () => {
    const rng = createRng(5);
    const ids = Array.from({ length: 600 }, () => rng.int(50));
    const xv = randomArray(600 * 16, 6);
    const { cpu, wasm } = await both(() => tf.unsortedSegmentSum(tf.tensor2d(xv, [600, 16]), tf.tensor1d(ids, 'int32'), 50));
    expectClose(wasm, cpu);
  });

  it('no segments', async () => {
    const [r] = await on('wasm', () => tf.unsortedSegmentSum(tf.ones([3, 2]), tf.tensor1d([0, 1, 0], 'int32'), 0));
    expect(r!.shape).toEqual([0, 2]);
  });

  it('gives gather (Embedding) the same gradient as cpu, repeated indices and axis 1', async () => {
    const params = randomArray(7 * 5, 8);
    const idx = [[0, 3, 3], [6, 0, 3]];
    const w = randomArray(2 * 3 * 5, 9);
    const f = (axis: number) => () => {
      const p = axis === 0 ? tf.tensor2d(params, [7, 5]) : tf.tensor2d(params, [5, 7]);
      const g = tf.grad((q: tf.Tensor) => tf.sum(tf.mul(tf.gather(q, tf.tensor2d(idx, [2, 3], 'int32'), axis).reshape([-1]), tf.tensor1d(w))));
      return g(p);
    };
    for (const axis of [0, 1]) {
      const { cpu, wasm } = await both(f(axis));
      expectClose(wasm, cpu);
    }
  });
});

describe('Conv2DBackpropFilter on wasm', () => {
  type Case = { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]]; rounding?: 'floor' | 'round' | 'ceil'; format?: 'NHWC' | 'NCHW' };
  const cases: Case[] = [
    { name: '3×3 same, stride 1', x: [2, 5, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
    { name: '3×3 valid, stride 2', x: [2, 7, 8, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'valid' },
    { name: 'same with strides [2, 1] and odd sizes', x: [1, 7, 5, 2], filter: [2, 3, 2, 3], strides: [2, 1], pad: 'same' },
    { name: 'explicit asymmetric padding', x: [2, 4, 5, 2], filter: [3, 2, 2, 3], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    { name: 'numeric pad with floor rounding', x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1, rounding: 'floor' },
    { name: 'numeric pad with ceil rounding', x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1, rounding: 'ceil' },
    { name: 'filter larger than the input (windows entirely in padding)', x: [2, 2, 2, 3], filter: [5, 5, 3, 2], strides: 1, pad: 'same' },
    { name: '1×1 filter', x: [3, 4, 4, 5], filter: [1, 1, 5, 6], strides: 1, pad: 'valid' },
    { name: 'conv1d shape (height 1)', x: [4, 1, 20, 8], filter: [1, 5, 8, 6], strides: [1, 2], pad: 'same' },
    { name: 'channels first (NCHW)', x: [2, 3, 5, 6], filter: [3, 3, 3, 4], strides: [1, 2], pad: 'same', format: 'NCHW' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const format = c.format ?? 'NHWC';
      const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.rounding, false, tf.backend_util.convertConv2DDataFormat(format));
      const dyShape = format === 'NHWC' ? [info.batchSize, info.outHeight, info.outWidth, info.outChannels] : [info.batchSize, info.outChannels, info.outHeight, info.outWidth];
      const xv = randomArray(c.x.reduce((a, b) => a * b, 1), 11);
      const dyv = randomArray(dyShape.reduce((a, b) => a * b, 1), 12);
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: format, dimRoundingMode: c.rounding, filterShape: c.filter };
      const { cpu, wasm } = await both(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor);
      expect(wasm[0]!.shape).toEqual(c.filter);
      expectClose(wasm, cpu);
    });
  }

  it('gives conv1d and conv2d the same gradients as cpu', async () => {
    const x1 = randomArray(3 * 11 * 4, 13);
    const f1 = randomArray(3 * 4 * 5, 14);
    const x2 = randomArray(2 * 6 * 7 * 3, 15);
    const f2 = randomArray(2 * 3 * 3 * 4, 16);
    const { cpu, wasm } = await both(() => [
      ...tf.grads((x: tf.Tensor, f: tf.Tensor) => tf.sum(tf.square(tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, 2, 'same'))))([tf.tensor3d(x1, [3, 11, 4]), tf.tensor3d(f1, [3, 4, 5])]),
      ...tf.grads((x: tf.Tensor, f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, [1, 2], 'valid'))))([tf.tensor4d(x2, [2, 6, 7, 3]), tf.tensor4d(f2, [2, 3, 3, 4])]),
    ]);
    expectClose(wasm, cpu);
  });

  it('rejects dilated convolutions in the gradient, as tfjs does on every backend', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      const g = tf.grad((f: tf.Tensor) => tf.sum(tf.conv1d(tf.ones([1, 9, 2]) as tf.Tensor3D, f as tf.Tensor3D, 1, 'valid', 'NWC', 2)));
      expect(() => g(tf.ones([3, 2, 2]))).toThrow(/dilation/);
    }
  });
});

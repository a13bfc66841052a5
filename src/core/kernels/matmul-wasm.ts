/**
 * tfjs-wasm 4.22's BatchMatMul runs plain products on XNNPACK but products with transposeA or
 * transposeB on a path 10–25× slower (BROWSER-ML-NOTES). The studio's BatchMatMul gradient avoids
 * the flags, but other callers still set them: the gradient of fused matMul (every Dense layer in
 * training, a customGrad that cannot be re-registered) and forward products such as q·kᵀ.
 *
 * This wraps the wasm kernel: with a flag set, the flagged operand is transposed by the wasm
 * Transpose kernel (a copy, O(size)) and the plain product runs. Same results up to float
 * rounding order.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { asWasm } from './wasm-heap';

const WRAPPED = Symbol('studio transposing BatchMatMul');

type KernelArgs = { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap };

export function transposingBatchMatMul(original: KernelConfig): KernelConfig {
  if ((original as { [WRAPPED]?: true })[WRAPPED]) return original;
  const plain = original.kernelFunc as (args: KernelArgs) => TensorInfo;
  const kernelFunc = (args: KernelArgs): TensorInfo => {
    const attrs = args.attrs ?? {};
    if (!attrs.transposeA && !attrs.transposeB) return plain(args);
    const transpose = tf.getKernel('Transpose', 'wasm');
    if (!transpose) return plain(args);
    const backend = asWasm(args.backend);
    const temps: TensorInfo[] = [];
    const swapLast = (x: TensorInfo): TensorInfo => {
      const r = x.shape.length;
      const perm = Array.from({ length: r }, (_, i) => i);
      perm[r - 2] = r - 1;
      perm[r - 1] = r - 2;
      const out = transpose.kernelFunc({ inputs: { x }, backend: args.backend as object, attrs: { perm } }) as TensorInfo;
      temps.push(out);
      return out;
    };
    const a = attrs.transposeA ? swapLast(args.inputs.a!) : args.inputs.a!;
    const b = attrs.transposeB ? swapLast(args.inputs.b!) : args.inputs.b!;
    try {
      return plain({ inputs: { a, b }, backend: args.backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  return Object.assign({}, original, { kernelFunc: kernelFunc as KernelConfig['kernelFunc'], [WRAPPED]: true as const });
}

/** Replaces the registered wasm BatchMatMul by the wrapper; false when wasm is not loaded yet. */
export function wrapWasmBatchMatMul(): boolean {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  if (!original) return false;
  const wrapped = transposingBatchMatMul(original);
  if (wrapped === original) return true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(wrapped);
  return true;
}

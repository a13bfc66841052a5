/**
 * The part of tfjs-backend-wasm's `BackendWasm` that JS-side kernels use (the same calls its own
 * JS kernels make, e.g. Unique): `makeOutput` allocates an output on the WASM heap and
 * `typedArrayFromHeap` views a tensor's bytes there without copying.
 *
 * Heap views go stale when the heap grows (any allocation may grow it), so a kernel allocates all
 * its outputs and scratch tensors first, and only then takes views.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

export function asWasm(backend: unknown): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike>;
  if (typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error('studio kernel: expected the wasm backend');
  }
  return b as WasmBackendLike;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

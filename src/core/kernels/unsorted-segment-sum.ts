/**
 * UnsortedSegmentSum for the wasm backend (tfjs-backend-wasm 4.22 has none): the gradient of
 * gather, so of every Embedding layer.
 *
 * out[s, ...] = Σ x[i, ...] over the positions i whose segment id is s; out has shape
 * [numSegments, ...x.shape[segmentIds.rank:]] and x's dtype. Ids outside [0, numSegments) are
 * dropped: TF drops negative ids and rejects ids ≥ numSegments on CPU (ignores them on GPU); the
 * tfjs cpu/webgl kernels drop both, and so do we.
 */
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { asWasm, sizeOf } from './wasm-heap';

export function unsortedSegmentSum(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = asWasm(args.backend);
  const x = args.inputs.x!;
  const segmentIds = args.inputs.segmentIds!;
  const numSegments = Number(args.attrs!.numSegments);
  const idsRank = segmentIds.shape.length;
  for (let i = 0; i < idsRank; i++) {
    if (segmentIds.shape[i] !== x.shape[i]) throw new Error(`UnsortedSegmentSum: segmentIds shape ${segmentIds.shape} must be a prefix of x shape ${x.shape}`);
  }
  const innerShape = x.shape.slice(idsRank);
  const inner = sizeOf(innerShape);
  const n = sizeOf(segmentIds.shape);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  // Views only after the last allocation (the heap may have grown).
  const o = backend.typedArrayFromHeap(out);
  o.fill(0);
  if (o.length === 0 || n === 0) return out;
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  if (inner === 1) {
    for (let i = 0; i < n; i++) {
      const s = ids[i]!;
      if (s >= 0 && s < numSegments) o[s] = o[s]! + xs[i]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const s = ids[i]!;
      if (!(s >= 0 && s < numSegments)) continue;
      const src = i * inner;
      const dst = s * inner;
      for (let j = 0; j < inner; j++) o[dst + j] = o[dst + j]! + xs[src + j]!;
    }
  }
  return out;
}

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as KernelConfig['kernelFunc'],
};

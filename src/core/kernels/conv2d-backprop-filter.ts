/**
 * Conv2DBackpropFilter for the wasm backend (tfjs-backend-wasm 4.22 has none): the filter
 * gradient of conv2d, and of conv1d (which tfjs runs as a conv2d of height 1).
 *
 * dW[kh, kw, c, f] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, c] · dy[b, oh, ow, f]
 *
 * computed as one matrix product: the im2col matrix of x, written transposed in JS
 * (K = kh·kw·c rows × P = b·oh·ow columns, zeros where the window falls in the padding), times dy
 * seen as P × F, by the backend's own BatchMatMul kernel (XNNPACK) with no transpose flags (the
 * transposed paths of tfjs-wasm are 10–25× slower, BROWSER-ML-NOTES). Dilations do not occur: the
 * conv2d gradient of tfjs rejects dilation rates > 1 before this kernel runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { asWasm } from './wasm-heap';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

export function conv2DBackpropFilter(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const backend = asWasm(args.backend);
  const x = args.inputs.x!;
  const dy = args.inputs.dy!;
  const attrs = args.attrs!;
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    attrs.strides as number | [number, number],
    1,
    attrs.pad as Pad,
    (attrs.dimRoundingMode ?? undefined) as 'floor' | 'round' | 'ceil' | undefined,
    false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat as 'NHWC' | 'NCHW'),
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: F } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const last = info.dataFormat === 'channelsLast';
  const K = KH * KW * C;
  const P = N * OH * OW;

  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (K === 0 || F === 0 || P === 0 || !matMul) {
    const out = backend.makeOutput(filterShape, 'float32');
    backend.typedArrayFromHeap(out).fill(0);
    if (K === 0 || F === 0 || P === 0) return out;
    throw new Error('Conv2DBackpropFilter: the wasm BatchMatMul kernel is not registered');
  }

  // Allocate every scratch tensor before taking heap views.
  const colsT = backend.makeOutput([K, P], 'float32');
  const dyT = last ? null : backend.makeOutput([P, F], 'float32');
  const cols = backend.typedArrayFromHeap(colsT) as Float32Array;
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  // Element strides of x for batch, row, column, channel.
  const sB = H * W * C;
  const sR = last ? W * C : W;
  const sCol = last ? C : 1;
  const sCh = last ? 1 : H * W;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      for (let c = 0; c < C; c++) {
        const row = ((kh * KW + kw) * C + c) * P;
        cols.fill(0, row, row + P);
        for (let b = 0; b < N; b++) {
          for (let oh = 0; oh < OH; oh++) {
            const xr = oh * SH + kh - top;
            if (xr < 0 || xr >= H) continue;
            const base = b * sB + xr * sR + c * sCh;
            const dst = row + (b * OH + oh) * OW;
            let xc = kw - left;
            for (let ow = 0; ow < OW; ow++, xc += SW) {
              if (xc >= 0 && xc < W) cols[dst + ow] = xs[base + xc * sCol]!;
            }
          }
        }
      }
    }
  }
  if (dyT) {
    // NCHW: dy is [N, F, OH, OW]; the product wants [N·OH·OW, F].
    const src = backend.typedArrayFromHeap(dy) as Float32Array;
    const dst = backend.typedArrayFromHeap(dyT) as Float32Array;
    const S = OH * OW;
    for (let b = 0; b < N; b++) {
      for (let f = 0; f < F; f++) {
        const s0 = (b * F + f) * S;
        const d0 = b * S * F + f;
        for (let s = 0; s < S; s++) dst[d0 + s * F] = src[s0 + s]!;
      }
    }
  }
  const dyMat: TensorInfo = dyT ?? { dataId: dy.dataId, shape: [P, F], dtype: 'float32' };
  const product = matMul.kernelFunc({ inputs: { a: colsT, b: dyMat }, backend: args.backend as object, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  backend.disposeData(colsT.dataId);
  if (dyT) backend.disposeData(dyT.dataId);
  // K × F is the filter [KH, KW, C, F] in row-major order: same bytes, the filter's shape.
  return { dataId: product.dataId, shape: filterShape, dtype: 'float32' };
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as KernelConfig['kernelFunc'],
};

/**
 * Kernels and gradients the studio adds to tfjs 4.22 so text models train on every backend:
 *
 * - wasm `UnsortedSegmentSum` (gather's gradient: Embedding layers) and `Conv2DBackpropFilter`
 *   (conv1d/conv2d filter gradient), which tfjs-backend-wasm 4.22 lacks;
 * - a global `BatchMatMul` gradient that transposes explicitly and calls plain matMul (much faster
 *   backward passes on wasm, see matmul-grad.ts);
 * - the wasm `BatchMatMul` kernel wrapped so products with transposeA/transposeB transpose first
 *   and run the fast plain path (covers what the gradient cannot: Dense layers' fused matMul
 *   gradient, forward q·kᵀ; see matmul-wasm.ts). Needs @tensorflow/tfjs-backend-wasm imported.
 *
 * Call `registerStudioKernels()` before training (the training worker does when it starts a
 * backend); calling it again does nothing more. Missing kernels tfjs already has are left alone,
 * so a later tfjs that ships its own wins.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { batchMatMulGradConfig } from './matmul-grad';
import { wrapWasmBatchMatMul } from './matmul-wasm';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

export const STUDIO_WASM_KERNELS = [unsortedSegmentSumConfig, conv2DBackpropFilterConfig];

let registered = false;
let wrapped = false;

export function registerStudioKernels(): void {
  // Until the wasm package is imported there is no wasm BatchMatMul to wrap: try again next call.
  if (!wrapped) wrapped = wrapWasmBatchMatMul();
  if (registered) return;
  registered = true;
  for (const config of STUDIO_WASM_KERNELS) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  tf.registerGradient(batchMatMulGradConfig);
}

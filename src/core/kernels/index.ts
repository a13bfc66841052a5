/**
 * Kernels and gradients the studio adds to tfjs 4.22 so text models train on every backend:
 *
 * - wasm `UnsortedSegmentSum` (gather's gradient: Embedding layers) and `Conv2DBackpropFilter`
 *   (conv1d/conv2d filter gradient), which tfjs-backend-wasm 4.22 lacks;
 * - a global `BatchMatMul` gradient that transposes explicitly and calls plain matMul (much faster
 *   backward passes on wasm, see matmul-grad.ts).
 *
 * Call `registerStudioKernels()` once before training (the training worker does when it starts a
 * backend); calling it again does nothing. Kernels tfjs already has are left alone, so a later
 * tfjs that ships its own wins.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { batchMatMulGradConfig } from './matmul-grad';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

export const STUDIO_WASM_KERNELS = [unsortedSegmentSumConfig, conv2DBackpropFilterConfig];

let registered = false;

export function registerStudioKernels(): void {
  if (registered) return;
  registered = true;
  for (const config of STUDIO_WASM_KERNELS) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  tf.registerGradient(batchMatMulGradConfig);
}

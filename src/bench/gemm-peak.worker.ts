/// <reference lib="webworker" />
/**
 * One core's half of `bench: gemm-peak-gflops` (bench/gpt.ts): the studio's wasm gemm
 * (assembly/gpt-kernels.ts, the kernel of every GPT matMul) on a large square product, on tfjs-wasm
 * with one thread, as an LM peer runs it. The page starts one per core and times them together.
 */
import * as tf from '@tensorflow/tfjs';
import { gptKernels, gptKernelsUseFma, STUDIO_MATMUL } from '../core/kernels/gpt-fused';
import { startBackend } from '../worker/backend';

declare const self: DedicatedWorkerGlobalScope;

export type GemmPeakRequest = { type: 'init'; n: number } | { type: 'run'; ms: number };
export type GemmPeakReply = { type: 'ready'; fma: boolean } | { type: 'done'; flops: number; seconds: number } | { type: 'error'; message: string };

let a: tf.Tensor | null = null;
let b: tf.Tensor | null = null;

const product = () => tf.engine().runKernel(STUDIO_MATMUL, { a: a!, b: b! }, { transA: false }) as tf.Tensor;

self.onmessage = async (e: MessageEvent<GemmPeakRequest>) => {
  const msg = e.data;
  const reply = (r: GemmPeakReply) => self.postMessage(r);
  try {
    if (msg.type === 'init') {
      const info = await startBackend('wasm', { wasmThreads: 1 });
      if (info.name !== 'wasm' || !gptKernels()) throw new Error('the WebAssembly backend with the studio kernels did not start');
      a = tf.randomUniform([msg.n, msg.n], -1, 1);
      b = tf.randomUniform([msg.n, msg.n], -1, 1);
      for (let i = 0; i < 2; i++) product().dispose(); // warm-up: compile, grow the heap
      reply({ type: 'ready', fma: gptKernelsUseFma() });
    } else {
      const n = a!.shape[0]!;
      let reps = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < msg.ms) {
        product().dispose();
        reps++;
      }
      reply({ type: 'done', flops: reps * 2 * n * n * n, seconds: (performance.now() - t0) / 1000 });
    }
  } catch (err) {
    reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};

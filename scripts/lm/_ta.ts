import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gptKernels, STUDIO_MATMUL } from '/work/wt-gptfuse/src/core/kernels/gpt-fused';
const wasmDir = path.dirname(createRequire('/work/wt-gptfuse/package.json').resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
await tf.setBackend('wasm'); gptKernels();
function time(f: () => tf.Tensor, reps = 60): number { for (let i = 0; i < 5; i++) f().dispose(); const c0 = process.cpuUsage(); for (let i = 0; i < reps; i++) f().dispose(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000 / reps; }
for (const [M, K, N] of [[128, 384, 128], [512, 384, 128], [128, 384, 512]]) {
  for (const transA of [false, true]) for (const transB of [false, true]) {
    const a = tf.randomNormal(transA ? [K, M] : [M, K]); const b = tf.randomNormal(transB ? [N, K] : [K, N]);
    const ms = time(() => tf.engine().runKernel(STUDIO_MATMUL, { a, b }, { transA, transB }) as tf.Tensor);
    console.log(`${M}×${K}·${K}×${N} tA=${+transA} tB=${+transB}: ${ms.toFixed(3)} ms ${(2*M*K*N/1e6/ms).toFixed(1)} GFLOP/s`);
    tf.dispose([a, b]);
  }
}

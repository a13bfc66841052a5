/**
 * A GPU backend that dies under a run: a lost WebGL context (driver reset, the browser reclaiming
 * GPUs, `WEBGL_lose_context`) or a lost WebGPU device (`device.destroy()`, a GPU process crash).
 * TensorFlow.js does not notice: its next read-back waits forever, so a run would hang with no
 * word. `whenGpuLost` resolves once the running backend's context or device is gone (never for
 * wasm/cpu), and the training job races it (train-handler.ts); the worker then closes, since its
 * TensorFlow.js cannot use that GPU again, and a fresh one replaces it (life-lock.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Problem } from '../core/util/result';

interface WebGlBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext };
}
interface WebGpuBackendLike {
  device?: { lost?: Promise<{ message?: string }> };
}

export const GPU_LOST_CODE = 'gpu-lost';

export function gpuLostProblem(backend: string, detail: string): Problem {
  const name = backend === 'webgpu' ? 'WebGPU device' : 'WebGL context';
  return {
    message: `The GPU stopped working during training: the ${name} was lost${detail ? ` (${detail})` : ''}.`,
    hint: 'Train again: a fresh worker starts the GPU again. If it happens again, choose WebAssembly (CPU) under "Run on".',
    code: GPU_LOST_CODE,
  };
}

/** Resolves with a problem once the current backend's GPU is lost; a promise that never settles on a CPU backend. */
export function whenGpuLost(): Promise<Problem> {
  const name = tf.getBackend();
  if (name === 'webgpu') {
    const lost = (tf.backend() as unknown as WebGpuBackendLike).device?.lost;
    if (lost) return lost.then((info) => gpuLostProblem('webgpu', info?.message ?? ''));
  }
  if (name === 'webgl') {
    const gl = (tf.backend() as unknown as WebGlBackendLike).gpgpu?.gl;
    const canvas = gl?.canvas as (OffscreenCanvas | HTMLCanvasElement | undefined);
    if (gl && canvas && 'addEventListener' in canvas) {
      return new Promise((resolve) => {
        if (gl.isContextLost()) resolve(gpuLostProblem('webgl', ''));
        canvas.addEventListener('webglcontextlost', () => resolve(gpuLostProblem('webgl', '')), { once: true });
      });
    }
  }
  return new Promise(() => {});
}

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

/**
 * Runs `work` against a GPU loss (`gone`, from `whenGpuLost`): the loss ends it at once as
 * `toError(problem)`, calling `onLost` first so the work's loop stops (it may be stuck on the dead
 * GPU's read-back and never notice), and an error the work throws while the GPU goes (WebGPU fails
 * its next call) is reported as the loss too. Used by the training worker; the step loops use
 * `gpuLossGuard`, which wraps it.
 */
export function raceGpuLoss<T>(work: Promise<T>, gone: Promise<Problem> | undefined, toError: (p: Problem) => Error, onLost: () => void): Promise<T> {
  if (!gone) return work;
  const failing = work.catch(async (e: unknown) => {
    const lostToo = await Promise.race([gone, new Promise<undefined>((r) => setTimeout(r, 250))]);
    throw lostToo ? toError(lostToo) : e;
  });
  const lost = gone.then((p): never => {
    onLost();
    throw toError(p);
  });
  return Promise.race([failing, lost]);
}

/**
 * One step loop's guard against a GPU loss (the language-model run, a pretrained model's fine-tune,
 * the sequence-to-sequence run): `run(work)` races the loop against the loss as `raceGpuLoss`
 * does, stopping it with `stop`; `lost` then says the GPU is gone, so the loop, which may still be
 * going, saves no checkpoint from it: the last one written before the loss is what the page
 * resumes from on WebAssembly, in a fresh worker.
 */
export function gpuLossGuard(gone: Promise<Problem> | undefined, toError: (p: Problem) => Error, stop: () => void) {
  let lost = false;
  return {
    get lost() {
      return lost;
    },
    run<T>(work: Promise<T>): Promise<T> {
      return raceGpuLoss(work, gone, toError, () => {
        lost = true;
        stop();
      });
    },
  };
}

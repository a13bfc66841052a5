/**
 * Out of memory that is thrown rather than fatal: V8's "RangeError: Array buffer allocation
 * failed", TensorFlow.js's "Failed to allocate …" (wasm heap), a WebGL texture or WebGPU buffer the
 * driver refused. A worker the browser kills for memory is noticed by its life lock instead.
 */
import type { Problem } from '../core/util/result';

export const OUT_OF_MEMORY_CODE = 'out-of-memory';

const OOM = /array buffer allocation failed|failed to allocate|out of memory|could not allocate|cannot allocate|allocation failed|oom\b|CONTEXT_LOST_WEBGL.*memory|GL_OUT_OF_MEMORY/i;

export function isOutOfMemory(e: unknown): boolean {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return OOM.test(text);
}

export function outOfMemoryProblem(e: unknown): Problem {
  const detail = e instanceof Error ? e.message : String(e);
  return {
    message: `Training ran out of memory (${detail}).`,
    hint: 'Try a smaller batch size or a smaller model (fewer or narrower layers, a shorter sequence length), or another backend under "Run on" (WebAssembly uses the computer\'s memory, WebGL and WebGPU the graphics card\'s).',
    code: OUT_OF_MEMORY_CODE,
  };
}

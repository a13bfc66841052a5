/**
 * A GPU lost while a model generates (issue 13): the language model's, the pretrained model's and
 * the sequence-to-sequence playgrounds all take this one path. The worker's generate job races
 * worker/gpu-loss.ts's loss (lm-generate.ts, pretrained-jobs.ts, seq2seq-handler.ts) and fails
 * with code `gpu-lost`; the client's bridge has replaced that worker already (`retireOn`), so the
 * model is not in the fresh one. `watchedGeneration` runs `generate()`; on that failure it says so
 * (`onLost`) and runs `generate('wasm')` once, where each caller puts its model back into the fresh
 * worker on WebAssembly (the stored checkpoint, model files or bundle) and generates again. The
 * answer is the result and the notice to show beside it, or a problem saying why generation could
 * not go on. The view's "Run on" is not changed.
 */
import type { Problem, Result } from '../../core/util/result';

export interface WatchedGeneration<T> {
  result: Result<T>;
  /** Set when the GPU was lost and the text came from WebAssembly. */
  notice?: string;
}

/** Which GPU a `gpu-lost` problem names (worker/gpu-loss.ts `gpuLostProblem`). */
export const lostGpu = (p: Problem): 'WebGPU device' | 'WebGL context' => (/WebGPU/.test(p.message) ? 'WebGPU device' : 'WebGL context');

export async function watchedGeneration<T>(generate: (fallback?: 'wasm') => Promise<Result<T>>, onLost: (notice: string) => void): Promise<WatchedGeneration<T>> {
  const first = await generate();
  if (first.ok || first.error.code !== 'gpu-lost') return { result: first };
  const what = lostGpu(first.error);
  onLost(`The ${what} was lost while generating; generating again on WebAssembly…`);
  const again = await generate('wasm');
  if (again.ok) return { result: again, notice: `The ${what} was lost while generating; generation went on on WebAssembly.` };
  const why = again.error.message.replace(/\.$/, '');
  return { result: { ok: false, error: { message: `The ${what} was lost while generating, and generation could not go on on WebAssembly: ${why}.`, hint: again.error.hint ?? 'Choose WebAssembly (CPU) under "Run on" and generate again.' } } };
}

/**
 * The automatic backend choice for a neural model, as pure functions: which backends are worth
 * timing on this device, the cache key of a decision, and the decision from measured speeds.
 * The worker does the timing (worker/backend-probe.ts); the Train step explains it from these.
 */
import type { BackendName, BackendSpeed, DeviceReport } from './backends';

/**
 * Hardware GPUs first, then WebAssembly and plain JavaScript. Software adapters (SwiftShader,
 * llvmpipe) are never timed: on a CPU-only machine they are 10–15× slower than WebAssembly
 * (BROWSER-ML-NOTES.md), and their first batch alone (shader compilation) takes seconds.
 */
export function probeCandidates(d: DeviceReport): BackendName[] {
  return [...(d.webgpu.available && !d.webgpu.software ? ['webgpu' as const] : []), ...(d.webgl.available && !d.webgl.software ? ['webgl' as const] : []), 'wasm', 'cpu'];
}

/** What a decision depends on: the model's shape, the batch size, and the device. */
export interface SpeedJob {
  family: string;
  params: unknown;
  features: number;
  outputs: number;
  task: string;
  vocabSize?: number;
  batchSize: number;
}

export function speedKey(job: SpeedJob, d: DeviceReport): string {
  const device = [d.cores, d.webgpu.available && !d.webgpu.software ? d.webgpu.description : '-', d.webgl.available && !d.webgl.software ? d.webgl.description : '-'];
  return JSON.stringify([job.family, job.params, job.features, job.outputs, job.task, job.vocabSize ?? 0, job.batchSize, device]);
}

export interface BackendDecision {
  name: BackendName;
  reason: string;
  /** Fastest first. */
  measured: BackendSpeed[];
}

/** One timed round of a backend on the model: `samples` trained in `ms`, over `batches` batches after the round's first. */
export interface RoundTiming {
  samples: number;
  ms: number;
  /** 0: the round's first batch alone ran over its limit, and the figure is that batch's. */
  batches: number;
}

/**
 * The order the candidates run in round `round`: reversed every other round (A B, B A, A B …), so
 * that no backend always runs right after the same other one (a JavaScript engine still compiling
 * its code, a thread pool just woken, a busy moment of the machine that just started).
 */
export function roundOrder<T>(candidates: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...candidates] : [...candidates].reverse();
}

/**
 * A backend's figure from its rounds, in the order they ran: the first round only warms up (the
 * JavaScript engine compiles plain JS's kernels, WebAssembly tiers up, a GPU compiles its shaders)
 * and is dropped unless it is the only one; the figure is the median of the others. Not the best
 * round: on a shared machine a short round that happens to get the cores to itself overstates a
 * backend (threaded WebAssembly most of all), and not the sum: one slow round would decide.
 */
export function speedFromRounds(backend: BackendName, rounds: readonly RoundTiming[]): BackendSpeed | null {
  const timed = (rounds.length > 1 ? rounds.slice(1) : rounds).filter((r) => r.ms > 0 && r.samples > 0);
  if (timed.length === 0) return null;
  const rates = timed.map((r) => (r.samples * 1000) / r.ms);
  const sorted = [...rates].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { backend, samplesPerSecond: median, batches: timed.reduce((n, r) => n + r.batches, 0), rounds: rates };
}

/** Three significant digits with thousands separators: 5423.7 → "5,420". */
export function formatSpeed(samplesPerSecond: number): string {
  return Number(samplesPerSecond.toPrecision(3)).toLocaleString('en-US');
}

/**
 * The fastest measured backend wins. `failed`: backends that could not start or run the model.
 * With nothing measured, `fallback` runs (the device rule) and the reason says why.
 */
export function decideBackend(measured: BackendSpeed[], failed: BackendName[], fallback: BackendName): BackendDecision {
  const sorted = measured.filter((m) => Number.isFinite(m.samplesPerSecond) && m.samplesPerSecond > 0).sort((a, b) => b.samplesPerSecond - a.samplesPerSecond);
  const couldNot = failed.length ? ` ${failed.join(' and ')} could not run it.` : '';
  const best = sorted[0];
  if (!best) return { name: fallback, reason: `The speed test of this model did not finish, so ${fallback} runs.${couldNot}`, measured: [] };
  const figures = sorted.map((m, i) => `${m.backend} ${m.batches === 0 ? 'about ' : ''}${formatSpeed(m.samplesPerSecond)}${i === 0 ? ' samples/s' : ''}`).join(', ');
  if (sorted.length === 1) return { name: best.backend, reason: `Timed on this model: ${figures}; it is the only backend that runs here.${couldNot}`, measured: sorted };
  return { name: best.backend, reason: `Timed on this model: ${figures}: ${best.backend} chosen.${couldNot}`, measured: sorted };
}

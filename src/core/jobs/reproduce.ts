/**
 * "Reproduce": compare the metrics of a re-run with the original's. CPU, WASM and tree models
 * are deterministic for a given seed, so their metrics should be identical; GPU backends (WebGL,
 * WebGPU) sum in an order the driver picks, so small differences are allowed there.
 */
export const CPU_TOLERANCE = 1e-6;
export const GPU_TOLERANCE = 0.02;

/** The tolerance on each metric number for a run on `backend` (null: a tree model). */
export function reproduceTolerance(backend: string | null | undefined): number {
  return backend === 'webgl' || backend === 'webgpu' ? GPU_TOLERANCE : CPU_TOLERANCE;
}

/**
 * The largest absolute difference over the numbers two metric objects share at the same path
 * (nulls must match; a number against a non-number, or arrays of different lengths, count as
 * Infinity). Both are JSON (metrics.json or a run's report).
 */
export function metricsMaxDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return 0;
    return a === b ? 0 : Math.abs(a - b);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b ? 0 : Infinity;
  if (Array.isArray(a) !== Array.isArray(b)) return Infinity;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Infinity;
    return a.reduce<number>((m, v, i) => Math.max(m, metricsMaxDiff(v, b[i])), 0);
  }
  const ka = Object.keys(a as object);
  const kb = new Set(Object.keys(b as object));
  if (ka.length !== kb.size || !ka.every((k) => kb.has(k))) return Infinity;
  return ka.reduce((m, k) => Math.max(m, metricsMaxDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])), 0);
}

export function metricsVerdict(maxDiff: number, tolerance: number): 'exact' | 'within' | 'differ' {
  return maxDiff === 0 ? 'exact' : maxDiff <= tolerance ? 'within' : 'differ';
}

/** |a − b| of two logged losses, 0 when both are NaN (a diverged run reproduced diverges too). */
export const lossDiff = (a: number, b: number): number => (Number.isNaN(a) && Number.isNaN(b) ? 0 : a === b ? 0 : Math.abs(a - b));

export interface RunLog<E extends { step: number }> {
  losses: readonly (readonly [number, number])[];
  evals: readonly E[];
}

/**
 * Two runs' logs at the steps both logged (the LM and seq2seq reproductions): the largest training
 * loss difference and the largest `evalDiff` of the shared evaluations, with the last shared one.
 * maxDiff is Infinity when they share no step: nothing can be said.
 */
export function compareAtSharedSteps<E extends { step: number }>(original: RunLog<E>, again: RunLog<E>, evalDiff: (a: E, b: E) => number): { lossSteps: number; evalSteps: number; maxDiff: number; last?: { original: E; again: E } } {
  const againLoss = new Map(again.losses.map(([s, l]) => [s, l]));
  const againEval = new Map(again.evals.map((e) => [e.step, e]));
  let maxDiff = 0;
  let lossSteps = 0;
  let evalSteps = 0;
  for (const [step, loss] of original.losses) {
    const other = againLoss.get(step);
    if (other === undefined) continue;
    lossSteps++;
    maxDiff = Math.max(maxDiff, lossDiff(loss, other));
  }
  let last: { original: E; again: E } | undefined;
  for (const e of original.evals) {
    const o = againEval.get(e.step);
    if (!o) continue;
    evalSteps++;
    maxDiff = Math.max(maxDiff, evalDiff(e, o));
    last = { original: e, again: o };
  }
  if (lossSteps === 0 && evalSteps === 0) maxDiff = Infinity;
  return { lossSteps, evalSteps, maxDiff, ...(last ? { last } : {}) };
}

/**
 * The reproducibility stamp of a sequence-to-sequence run and "Reproduce" for it: train again from
 * scratch with the same pairs, columns, tokenizers, model, settings, seed, backend and steps, then
 * compare the training loss at every step both logged and the validation loss at every validation
 * both made. The stamp has the studio's format (core/bundle/stamp.ts) with `kind: 's2s'`.
 */
import { makeStamp, type ReproStamp } from '../bundle/stamp';
import { canonicalJson } from '../util/hash';
import { sha256Hex } from '../util/sha256';
import type { S2sEvalPoint, S2sSettings, S2sStampData } from './seq2seq';
import { metricsVerdict } from './reproduce';

/** SHA-256 of the training pairs in split order, as canonical JSON [[source, target], …]. */
export function s2sPairsSha256(pairs: readonly { source: string; target: string }[]): string {
  return sha256Hex(canonicalJson(pairs.map((p) => [p.source, p.target])));
}

/**
 * SHA-256 of a run's recipe: columns, tokenizers, lengths, model and every training setting with
 * `maxIters` replaced by the steps trained. Backend and the test decoding's beam settings are not
 * part of it (the backend is the stamp's own field). Key order does not matter (canonical JSON).
 */
export function s2sRecipeSha256(settings: S2sSettings, steps: number): string {
  const s = settings;
  return sha256Hex(
    canonicalJson({
      format: 'ml-studio-seq2seq-recipe 1',
      columns: [s.sourceColumn, s.targetColumn],
      tokenizers: s.tokenizers,
      lengths: [s.maxSourceLen, s.maxTargetLen],
      model: s.model,
      train: { ...s.train, maxIters: steps },
    }),
  );
}

export function s2sStamp(run: { settings: S2sSettings; steps: number; backend?: string; data: S2sStampData }, studioVersion: string, createdAt: string): ReproStamp {
  return makeStamp({
    kind: 's2s',
    studioVersion,
    seed: run.settings.train.seed,
    dataSha256: run.data.pairsSha256,
    trainRows: run.data.trainPairs,
    recipeSha256: s2sRecipeSha256(run.settings, run.steps),
    backend: run.backend ?? null,
    createdAt,
  });
}

export interface S2sRunLog {
  losses: readonly (readonly [number, number])[];
  evals: readonly S2sEvalPoint[];
}

export interface S2sComparison {
  lossSteps: number;
  evalSteps: number;
  /** Largest |a − b| over the shared training losses and validation losses (Infinity when nothing is shared). */
  maxDiff: number;
  last?: { step: number; original: number; again: number };
}

export function compareS2sRuns(original: S2sRunLog, again: S2sRunLog): S2sComparison {
  const diff = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b) ? 0 : a === b ? 0 : Math.abs(a - b));
  const againLoss = new Map(again.losses.map(([s, l]) => [s, l]));
  const againEval = new Map(again.evals.map((e) => [e.step, e]));
  let maxDiff = 0;
  let lossSteps = 0;
  let evalSteps = 0;
  for (const [step, loss] of original.losses) {
    const other = againLoss.get(step);
    if (other === undefined) continue;
    lossSteps++;
    maxDiff = Math.max(maxDiff, diff(loss, other));
  }
  let last: S2sComparison['last'];
  for (const e of original.evals) {
    const o = againEval.get(e.step);
    if (!o) continue;
    evalSteps++;
    maxDiff = Math.max(maxDiff, diff(e.valLoss, o.valLoss));
    last = { step: e.step, original: e.valLoss, again: o.valLoss };
  }
  if (lossSteps === 0 && evalSteps === 0) maxDiff = Infinity;
  return { lossSteps, evalSteps, maxDiff, ...(last ? { last } : {}) };
}

/** CPU and WASM kernels add in a fixed order (bit-identical reruns); WebGL / WebGPU may not: 0.02 nats. */
export function s2sReproduceTolerance(backend: string | null | undefined): number {
  return backend === 'webgl' || backend === 'webgpu' ? 0.02 : 0;
}

export interface S2sReproduction extends S2sComparison {
  ofLabel: string;
  dataMatches: boolean;
  recipeMatches: boolean;
  metrics: 'exact' | 'within' | 'differ';
  tolerance: number;
  backend?: string;
}

export function s2sReproduction(original: { stamp: ReproStamp; log: S2sRunLog; ofLabel: string }, again: { stamp: ReproStamp | undefined; log: S2sRunLog; backend?: string }): S2sReproduction {
  const comparison = compareS2sRuns(original.log, again.log);
  const used = again.backend ?? original.stamp.backend ?? undefined;
  const tolerance = s2sReproduceTolerance(used);
  return {
    ...comparison,
    ofLabel: original.ofLabel,
    dataMatches: !!again.stamp && again.stamp.dataSha256 === original.stamp.dataSha256,
    recipeMatches: !!again.stamp && again.stamp.recipeSha256 === original.stamp.recipeSha256,
    metrics: metricsVerdict(comparison.maxDiff, tolerance),
    tolerance,
    ...(used ? { backend: used } : {}),
  };
}

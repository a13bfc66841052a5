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
import { compareAtSharedSteps, lossDiff, metricsVerdict } from './reproduce';
import { lmReproduceTolerance } from './lm-reproduce';

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
  const c = compareAtSharedSteps(original, again, (e, o) => lossDiff(e.valLoss, o.valLoss));
  return { lossSteps: c.lossSteps, evalSteps: c.evalSteps, maxDiff: c.maxDiff, ...(c.last ? { last: { step: c.last.original.step, original: c.last.original.valLoss, again: c.last.again.valLoss } } : {}) };
}

/** The seq2seq model runs on the same kernels as the GPT, so the same rule: bit-identical on CPU and WASM, 0.02 nats on WebGL / WebGPU. */
export const s2sReproduceTolerance = lmReproduceTolerance;

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

/**
 * The reproducibility stamp of a language-model run, and "Reproduce" for it: train again from
 * scratch with the same corpus, tokenizer, model size, settings, seed and backend, then compare
 * the training loss at every step both logged and the validation loss (and perplexity) at every
 * evaluation both made. Same format as a pipeline run's stamp (core/bundle/stamp.ts) with
 * `kind: 'lm'`, so bundle, demo page and server kit carry and show it with the same code.
 */
import { makeStamp, type ReproStamp } from '../bundle/stamp';
import { canonicalJson } from '../util/hash';
import { sha256Hex } from '../util/sha256';
import type { GptConfig } from '../lm/gpt-config';
import type { LmTrainSettings } from '../lm/settings';
import type { LmEvalPoint, LmTokenizerKind } from './lm';
import { compareAtSharedSteps, lossDiff, metricsVerdict } from './reproduce';

/** What a run trained on, recorded when it starts (the corpus may be replaced later). */
export interface LmStampData {
  /** CorpusSummary.textSha256 of the corpus the run read. */
  textSha256: string;
  trainTokens: number;
  valFraction: number;
  tokenizerKind: LmTokenizerKind;
  /** The tokenizer's vocabulary size (characters seen, or the BPE size). */
  vocabSize: number;
  /** The imported model this run continued from (file name); a reproduction needs its weights too. */
  continues?: string;
}

export interface LmStampRun {
  config: GptConfig;
  settings: LmTrainSettings;
  /** Steps trained: the recipe hash counts these, not the step budget, so a run stopped at step 40 and its reproduction to step 40 hash the same. */
  step: number;
  backend?: string;
  data: LmStampData;
}

/**
 * SHA-256 of the training recipe of a language model: the tokenizer (kind, vocabulary size), the
 * validation share, the model size (dropout included), every training setting (optimizer,
 * schedule, batch, seed, evaluation and sample cadence) with `maxIters` replaced by the steps
 * trained, and the imported model it continued from. Key order does not matter (canonical JSON).
 */
export function lmRecipeSha256(run: Omit<LmStampRun, 'backend'>): string {
  const d = run.data;
  return sha256Hex(
    canonicalJson({
      format: 'ml-studio-lm-recipe 1',
      tokenizer: { kind: d.tokenizerKind, vocabSize: d.vocabSize },
      valFraction: d.valFraction,
      config: run.config,
      settings: { ...run.settings, maxIters: run.step },
      continues: d.continues ?? null,
    }),
  );
}

export function lmStamp(run: LmStampRun, studioVersion: string, createdAt: string): ReproStamp {
  return makeStamp({
    kind: 'lm',
    studioVersion,
    seed: run.settings.seed,
    dataSha256: run.data.textSha256,
    trainRows: run.data.trainTokens,
    recipeSha256: lmRecipeSha256(run),
    backend: run.backend ?? null,
    createdAt,
  });
}

/** What a run logged: [step, training loss] pairs and its evaluations. */
export interface LmRunLog {
  losses: readonly (readonly [number, number])[];
  evals: readonly LmEvalPoint[];
}

export interface LmComparison {
  /** Steps whose training loss both runs logged. */
  lossSteps: number;
  /** Evaluations both made (same step). */
  evalSteps: number;
  /** Largest |a − b| over those training losses and the evaluations' training and validation losses. */
  maxDiff: number;
  /** The last evaluation both made, as each run measured it. */
  last?: { step: number; original: { valLoss: number; perplexity: number }; again: { valLoss: number; perplexity: number } };
}

/** Compares two runs' logs at the steps they share (Infinity when they share none: nothing can be said). */
export function compareLmRuns(original: LmRunLog, again: LmRunLog): LmComparison {
  const c = compareAtSharedSteps(original, again, (e, o) => Math.max(lossDiff(e.valLoss, o.valLoss), lossDiff(e.trainLoss, o.trainLoss)));
  const point = (e: LmEvalPoint) => ({ valLoss: e.valLoss, perplexity: e.perplexity });
  return { lossSteps: c.lossSteps, evalSteps: c.evalSteps, maxDiff: c.maxDiff, ...(c.last ? { last: { step: c.last.original.step, original: point(c.last.original), again: point(c.last.again) } } : {}) };
}

/**
 * Tolerance on a loss for a language-model reproduction. The studio's CPU and WebAssembly GPT
 * kernels add in a fixed order, with data-parallel workers' gradients summed in worker order, so
 * the same settings give the same losses bit for bit (0). WebGL and WebGPU sum in an order the
 * driver picks, so their losses drift apart by float rounding that grows over the steps: 0.02 nats.
 */
export function lmReproduceTolerance(backend: string | null | undefined): number {
  return backend === 'webgl' || backend === 'webgpu' ? 0.02 : 0;
}

export interface LmReproduction extends LmComparison {
  /** The original run's id and a label for it. */
  of: string;
  ofLabel: string;
  dataMatches: boolean;
  recipeMatches: boolean;
  metrics: 'exact' | 'within' | 'differ';
  tolerance: number;
  backend?: string;
}

export function lmReproductionVerdict(comparison: LmComparison, tolerance: number) {
  return metricsVerdict(comparison.maxDiff, tolerance);
}

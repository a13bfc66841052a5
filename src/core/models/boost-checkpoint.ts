/**
 * A boosting run's state after a finished round, so a run cut off (a worker killed, a reload) goes
 * on from there instead of growing every tree again: the trees so far, every training and
 * validation row's raw scores (the residuals and gradients of the next round come from them) and
 * the subsampling generator's state. Resumed, the run grows the same trees as one never cut off:
 * the scores are kept, not recomputed from the trees, so not one float differs. Plain arrays and
 * typed arrays, so it crosses postMessage and IndexedDB by structured clone, as a
 * NeuralCheckpoint (core/train/checkpoint.ts) does.
 */
import type { TreeJSON } from './tree-model';

export interface BoostCheckpoint {
  kind: 'boosting';
  /** The family that grew it ('gradient-boosting', 'hist-gradient-boosting'). */
  family: string;
  /** The last finished round (1-based; named as a neural checkpoint's, which the store reads). */
  epoch: number;
  /** Every tree so far, in the order they were grown (S per round). */
  trees: TreeJSON[];
  /** Raw scores of the training rows, n × S. */
  raw: Float64Array;
  /** Raw scores of the validation rows (n × S), null without validation rows. */
  valRaw: Float64Array | null;
  /** The row subsampling generator's state (util/rng); 0 for a family that draws nothing. */
  rng: number;
}

/** A checkpoint that does not belong to this fit (other family, rows, classes or settings). */
export class CheckpointMismatch extends Error {}

/**
 * Where a fit starts: after `cp`'s round with copies of its state, or at round 1. `S` scores per
 * row; throws CheckpointMismatch when the checkpoint was made for other data or settings.
 */
export function resumeFrom(cp: BoostCheckpoint | undefined, family: string, n: number, valN: number, S: number, rounds: number): { first: number; trees: TreeJSON[]; raw?: Float64Array; valRaw?: Float64Array; rng?: number } {
  if (!cp) return { first: 1, trees: [] };
  const fits = cp.kind === 'boosting' && cp.family === family && cp.epoch >= 1 && cp.epoch < rounds && cp.trees.length === cp.epoch * S && cp.raw.length === n * S && (valN > 0 ? cp.valRaw?.length === valN * S : !cp.valRaw);
  if (!fits) throw new CheckpointMismatch(`The saved trees of the interrupted run do not fit this model (its rows, classes or settings changed).`);
  return { first: cp.epoch + 1, trees: cp.trees.slice(), raw: cp.raw.slice(), ...(cp.valRaw ? { valRaw: cp.valRaw.slice() } : {}), rng: cp.rng };
}

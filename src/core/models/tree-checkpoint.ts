/**
 * A tree family's state after a finished round, so a run cut off (a worker killed, a reload) goes
 * on from there instead of growing every tree again. Boosting (a round: S trees) and the random
 * forest (a round: one tree) share it: the trees so far, every training and validation row's
 * summed tree outputs (boosting's raw scores, from which the next round's residuals and gradients
 * come; a forest's sums of leaf outputs, which its per-tree losses divide by the trees so far) and
 * the generator's state (boosting's row subsampling; a forest's bootstrap rows and per-split column
 * subsets, all drawn from one generator). Resumed, the run grows the same trees as one never cut
 * off: the generator goes on from the same state and the sums are kept, not recomputed from the
 * trees, so not one float differs. A decision tree is one tree, fitted in one go: it has none.
 * Plain arrays and typed arrays, so it crosses postMessage and IndexedDB by structured clone, as a
 * NeuralCheckpoint (core/train/checkpoint.ts) does.
 */
import type { TreeJSON } from './tree-model';

export interface TreeCheckpoint {
  /** 'trees'; 'boosting' in checkpoints stored before forests had them (read the same). */
  kind: 'trees' | 'boosting';
  /** The family that grew it ('gradient-boosting', 'hist-gradient-boosting', 'random-forest'). */
  family: string;
  /** The last finished round (1-based; named as a neural checkpoint's, which the store reads). */
  epoch: number;
  /** Every tree so far, in the order they were grown (`perRound` per round). */
  trees: TreeJSON[];
  /** Summed outputs of the training rows, n × S. */
  raw: Float64Array;
  /** Summed outputs of the validation rows (n × S), null without validation rows. */
  valRaw: Float64Array | null;
  /** The generator's state (util/rng); 0 for a family that draws nothing. */
  rng: number;
}

/** Tree checkpoints carry a `kind` (neural ones have none). */
export const isTreeCheckpointKind = (kind: unknown): boolean => kind === 'trees' || kind === 'boosting';

/** A checkpoint that does not belong to this fit (other family, rows, classes or settings). */
export class CheckpointMismatch extends Error {}

/**
 * Where a fit starts: after `cp`'s round with copies of its state, or at round 1. `S` outputs per
 * row, `perRound` trees per round (boosting: S; a forest: 1); throws CheckpointMismatch when the
 * checkpoint was made for other data or settings.
 */
export function resumeFrom(cp: TreeCheckpoint | undefined, family: string, n: number, valN: number, S: number, rounds: number, perRound = S): { first: number; trees: TreeJSON[]; raw?: Float64Array; valRaw?: Float64Array; rng?: number } {
  if (!cp) return { first: 1, trees: [] };
  const fits = isTreeCheckpointKind(cp.kind) && cp.family === family && cp.epoch >= 1 && cp.epoch < rounds && cp.trees.length === cp.epoch * perRound && cp.raw.length === n * S && (valN > 0 ? cp.valRaw?.length === valN * S : !cp.valRaw);
  if (!fits) throw new CheckpointMismatch(`The saved trees of the interrupted run do not fit this model (its rows, classes or settings changed).`);
  return { first: cp.epoch + 1, trees: cp.trees.slice(), raw: cp.raw.slice(), ...(cp.valRaw ? { valRaw: cp.valRaw.slice() } : {}), rng: cp.rng };
}

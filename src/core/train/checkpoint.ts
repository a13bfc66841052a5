/**
 * A neural run's state after a completed epoch, so that a run cut off (a worker killed, a GPU lost,
 * out of memory) can go on from there instead of from scratch: the weights, the optimiser's
 * moments and step count, the shuffle generator's state, and the best-epoch bookkeeping (early
 * stopping and "keep the best weights" go on as if nothing had happened). Plain typed arrays, so it
 * crosses postMessage and IndexedDB by structured clone. Regression runs are checkpointed in their
 * standardised target units (train-neural.ts folds the scale in only at the end).
 */
import * as tf from '@tensorflow/tfjs';
import { isTreeCheckpointKind, type TreeCheckpoint } from '../models/tree-checkpoint';

export interface NeuralCheckpoint {
  /** The last completed epoch (1-based): a resumed run starts with epoch + 1. */
  epoch: number;
  /** model.getWeights() in order. */
  weights: Float32Array[];
  /** The best epoch's weights when they are not `weights` (an earlier epoch was best); null otherwise. */
  best: Float32Array[] | null;
  /** optimizer.getWeights() without its step count, in order (Adam: first moments, then second); empty for SGD. */
  optimizer: Float32Array[];
  iterations: number;
  /** The shuffle generator's state after this epoch (util/rng). */
  rng: number;
  bestLoss: number;
  bestEpoch: number;
  sinceBest: number;
  ema: number;
  emaSteps: number;
}

/** What a tabular or text run's training worker checkpoints: a neural run's weights, or a boosting or random-forest run's trees. */
export type TrainCheckpoint = NeuralCheckpoint | TreeCheckpoint;

/** Neural checkpoints have no `kind` (those stored before tree families had checkpoints too). */
export const isTreeCheckpoint = (cp: TrainCheckpoint): cp is TreeCheckpoint => 'kind' in cp && isTreeCheckpointKind(cp.kind);

export type CheckpointState = Omit<NeuralCheckpoint, 'weights' | 'best' | 'optimizer' | 'iterations'>;

async function arrays(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(tensors.map(async (t) => new Float32Array(await t.data())));
}

/** Reads the model's and optimiser's state back (one GPU sync). `best` null: the best weights are the current ones. */
export async function takeCheckpoint(model: tf.LayersModel, optimizer: tf.Optimizer, best: readonly tf.Tensor[] | null, state: CheckpointState): Promise<NeuralCheckpoint> {
  // The step count comes back as a new scalar (disposed here); the moments are the optimiser's own variables.
  const [iter, ...moments] = await optimizer.getWeights();
  const iterations = iter ? (await iter.tensor.data())[0]! : 0;
  iter?.tensor.dispose();
  return {
    ...state,
    weights: await arrays(model.getWeights()),
    best: best ? await arrays(best) : null,
    optimizer: await arrays(moments.map((m) => m.tensor)),
    iterations,
  };
}

const sizes = (ts: readonly tf.Tensor[]) => ts.map((t) => t.size).join(',');

/**
 * Puts a checkpoint's weights and optimiser state into a freshly built model of the same family
 * and settings. False (nothing changed) when its shapes do not fit: other features, classes or size.
 */
export async function restoreCheckpoint(model: tf.LayersModel, optimizer: tf.Optimizer, vars: readonly tf.Variable[], cp: NeuralCheckpoint): Promise<{ best: tf.Tensor[] } | false> {
  const current = model.getWeights();
  if (cp.weights.map((w) => w.length).join(',') !== sizes(current)) return false;
  if (cp.best && cp.best.map((w) => w.length).join(',') !== sizes(current)) return false;
  const shaped = (values: readonly Float32Array[], like: readonly tf.Tensor[]) => values.map((v, i) => tf.tensor(v, like[i]!.shape, 'float32'));
  // Adam keeps one first and one second moment per trainable variable, matched by position.
  const momentsLike = cp.optimizer.length ? [...vars, ...vars] : [];
  if (cp.optimizer.map((w) => w.length).join(',') !== sizes(momentsLike)) return false;
  const weights = shaped(cp.weights, current);
  model.setWeights(weights);
  weights.forEach((w) => w.dispose());
  const moments = shaped(cp.optimizer, momentsLike);
  const iter = tf.scalar(cp.iterations, 'int32');
  await optimizer.setWeights([{ name: 'iter', tensor: iter }, ...moments.map((tensor, i) => ({ name: `${vars[i % vars.length]!.name}/${i < vars.length ? 'm' : 'v'}`, tensor }))]);
  iter.dispose();
  moments.forEach((m) => m.dispose()); // setWeights made variables of copies
  return { best: cp.best ? shaped(cp.best, current) : model.getWeights().map((w) => w.clone()) };
}

/**
 * Model families (architecture rule 6): one file per family and one line in `registry.ts`; a neural
 * family also has its description in `info/<family>.ts` and one line in `catalog.ts`.
 * The UI renders cards and parameter forms from these descriptions (`catalog.ts`, no tfjs); the
 * train worker calls `build` (neural: a tfjs graph trained by `core/train`; `registry.ts`) or `fit`
 * (tree: trained in plain JS).
 */
import type * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';
import type { BertConfig } from '../lm/bert-config';
import type { TreeCheckpoint } from './tree-checkpoint';

/** What a student reads on the model card. */
export interface ModelCard {
  summary: string;
  goodFor: string;
  watchOut: string;
}

/** One control of the parameter form. `layers` edits a list of hidden-layer widths, e.g. [64, 32]. */
export interface ParamField {
  key: string;
  label: string;
  kind: 'int' | 'number' | 'select' | 'layers';
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[];
  help: string;
}

export type ParamValue = number | string | readonly number[];
/** Parameters are flat JSON (type aliases, not interfaces, so each family's type fits this). */
export type ModelParams = Record<string, ParamValue>;

/**
 * What the model reads. 'vector': one row of encoded features [batch, nFeatures] (tabular columns,
 * or a TF-IDF bag of words). 'tokens': token ids of one text, [batch, maxLength] as float32 with the
 * pad id 0 after the text (text models start with an embedding of `vocabSize` rows).
 */
export type ModelInput = 'vector' | 'tokens';

/** Facts of the encoded data that some families need besides the feature count. */
export interface BuildContext {
  /** Tokenizer vocabulary size, id 0 being padding ('tokens' families). */
  vocabSize?: number;
  /** A pretrained encoder to start from (models/bert-encoder.ts): its architecture, and in the worker its weights. */
  pretrained?: PretrainedEncoder;
}

/** A BERT checkpoint as the train worker receives it (lm/bert-read.ts reads it from a folder). */
export interface PretrainedEncoder {
  arch: Omit<BertConfig, 'labels'> & { clsId: number; sepId: number };
  /** By HF BertModel name, torch layout; absent on the main thread's sizing context. */
  weights?: Record<string, Float32Array>;
  classifier?: { weight: Float32Array; bias: Float32Array; numLabels: number };
}

interface Base<P> {
  id: string;
  label: string;
  card: ModelCard;
  tasks: TaskKind[];
  /** Default 'vector'. */
  input?: ModelInput;
  defaultParams: P;
  fields: ParamField[];
  /**
   * Neural: trainable weights, equal to `model.countParams()`.
   * Tree: an upper bound on the stored numbers (trees grow to fit the data; see the family).
   */
  paramCount(p: P, nFeatures: number, nOutputs: number, ctx?: BuildContext): number;
}

/**
 * What the UI knows of a neural family (`info/<family>.ts`): everything but the tfjs graph, so the
 * main thread can show and size it without loading TensorFlow.js (`catalog.ts`).
 */
export interface NeuralInfo<P> extends Base<P> {
  kind: 'neural';
  /**
   * A learning rate that suits this family better than the studio default (1e-3): a linear model
   * needs bigger steps to converge within the default epochs. Applied when the family is chosen,
   * unless the user has set their own.
   */
  learningRate?: number;
  /** A warmup share of the update steps this family is usually trained with (Hyperparams.warmupFraction); applied as the rate is. */
  warmupFraction?: number;
}

/**
 * Builds an untrained tfjs model. Input [batch, nFeatures]. Output: regression [batch, 1] linear;
 * classification [batch, K] probabilities from a final softmax `Activation` layer (also for K = 2),
 * which the training loop skips to compute the loss from logits.
 */
export interface NeuralFamily<P> extends NeuralInfo<P> {
  build(p: P, nFeatures: number, nOutputs: number, task: TaskKind, seed: number, ctx?: BuildContext): tf.LayersModel;
}

export interface TreeFamily<P> extends Base<P> {
  kind: 'tree';
  /**
   * x is row-major n × f; y holds class indices 0..K-1 (classification) or values (regression).
   * `classes` = K, so the output has K columns even when the training rows miss the last class
   * (default: the largest label + 1).
   */
  fit(x: Float32Array, n: number, f: number, y: ArrayLike<number>, task: TaskKind, p: P, seed: number, classes?: number, hooks?: TreeFitHooks): TreeModel | Promise<TreeModel>;
  /** Rough work of a fit (cart.ts `cartWork` units): the Model step scales a measured speed by it. */
  work(p: P, rows: number, features: number, outputs: number): number;
  /** Families that grow in rounds and report each through `hooks.round`: how many rounds. */
  rounds?(p: P): number;
  /** True when `fit` ignores `hooks.sampleWeights`: a weighted run (fairness reweighing) is refused, not silently unweighted. */
  ignoresSampleWeights?: boolean;
}

/** What a round of a tree family that grows in rounds (gradient boosting) reports. */
export interface TreeRoundLog {
  round: number;
  rounds: number;
  trainLoss: number;
  /** NaN without validation rows. */
  valLoss: number;
  /** Accuracy (classification) or R² on the validation rows; NaN without them. */
  metric: number;
  metricName: string;
}

/**
 * Optional: validation rows to score after each round, and where to report it. A family that grows
 * in rounds awaits what `round` returns (the worker lets pause/stop messages in there) and ends
 * early, keeping the rounds so far, once `stopped()` says so.
 */
export interface TreeFitHooks {
  /** Per-row weights of the training rows (fairness reweighing; scikit-learn's `sample_weight`); none = 1 each. */
  sampleWeights?: ArrayLike<number>;
  validation?: { x: Float32Array; n: number; y: ArrayLike<number> };
  round?: (log: TreeRoundLog) => void | Promise<void>;
  stopped?: () => boolean;
  /**
   * After each round but the last, boosting or a random forest offers its state; the caller calls `take`
   * only when it wants a checkpoint (the worker: about once a second), so rounds copy nothing.
   */
  checkpoint?: (take: () => TreeCheckpoint) => void;
  /** Go on after this checkpoint's round (tree-checkpoint.ts) instead of growing from the start. */
  resume?: TreeCheckpoint;
}

export interface TreeModel {
  /** Classification: probabilities, row-major n × K. Regression: n values. */
  predict(x: Float32Array, n: number, f: number): Float32Array;
  /** The documented JSON of `tree-model.ts` (`format: 'ml-studio-trees'`). */
  toJSON(): unknown;
}

export type ModelFamily = NeuralFamily<ModelParams> | TreeFamily<ModelParams>;
/** A family as the main thread sees it (tree families are plain JS, so they are their own description). */
export type ModelInfo = NeuralInfo<ModelParams> | TreeFamily<ModelParams>;

/** Identity helper that checks a neural family's description against its own parameter type. */
export function defineInfo<P extends ModelParams>(info: NeuralInfo<P>): NeuralInfo<P> {
  return info;
}

/** Identity helper that checks a family against its own parameter type. */
export function defineModel<P extends ModelParams>(family: NeuralFamily<P>): NeuralFamily<P>;
export function defineModel<P extends ModelParams>(family: TreeFamily<P>): TreeFamily<P>;
export function defineModel<P extends ModelParams>(family: NeuralFamily<P> | TreeFamily<P>): NeuralFamily<P> | TreeFamily<P> {
  return family;
}

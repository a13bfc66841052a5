/** Every setting of a sequence-to-sequence run, declared once (the store, the jobs and the trainer use these). */
import type { NormKind, PositionKind, Seq2SeqPreset } from './config';
import type { SideSpec } from './vocab';

export interface Seq2SeqTrainSettings {
  learningRate: number;
  minLr: number;
  warmupIters: number;
  /** Optimizer steps of the run; the cosine decays to minLr over them. */
  maxIters: number;
  batchSize: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
  gradClip: number;
  /** PyTorch's label_smoothing ε (0 = plain cross-entropy). */
  labelSmoothing: number;
  /** Validation loss every this many steps (and a checkpoint). */
  evalInterval: number;
  seed: number;
}

export interface Seq2SeqModelSettings {
  preset: Seq2SeqPreset['id'] | 'custom';
  dModel: number;
  nHeads: number;
  dKv: number;
  dFf: number;
  nEncoderLayers: number;
  nDecoderLayers: number;
  position: PositionKind;
  norm: NormKind;
  tieEmbeddings: boolean;
  dropout: number;
}

export interface Seq2SeqTokenizerSettings {
  source: SideSpec;
  /** 'shared': one tokenizer trained on both sides. */
  target: SideSpec | 'shared';
}

export const DEFAULT_TRAIN_SETTINGS: Seq2SeqTrainSettings = {
  learningRate: 3e-3,
  minLr: 3e-4,
  warmupIters: 50,
  maxIters: 1500,
  batchSize: 64,
  beta1: 0.9,
  beta2: 0.98,
  weightDecay: 0.01,
  gradClip: 1,
  labelSmoothing: 0.1,
  evalInterval: 100,
  seed: 1,
};

export const DEFAULT_TOKENIZERS: Seq2SeqTokenizerSettings = {
  source: { kind: 'char', vocabSize: 200, lowercase: true },
  target: { kind: 'word', vocabSize: 2000, lowercase: false },
};

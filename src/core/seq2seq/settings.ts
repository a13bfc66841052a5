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

/**
 * The default recipe: measured on the pronunciation sample (16,000 training words) with the tiny
 * preset on WASM (scratch runs of core/seq2seq/trainer.ts in Node, greedy exact match on 500 test
 * words): 1,500 steps at 3e-3 gave 40.6 % mid-run, 3,000 steps 51.0 % (3e-3) and 51.4 % (6e-3, warmup
 * 100, which led at every point of the curve). In the browser (npm run bench -- seq2seq) this
 * recipe gives 49.6 % greedy on the whole test split (2,000 words), beam 4: 61 % on the first 100.
 * The small preset is ~15× slower per step on WASM (1.4 s vs 0.08–0.2 s), too slow for minutes.
 */
export const DEFAULT_TRAIN_SETTINGS: Seq2SeqTrainSettings = {
  learningRate: 6e-3,
  minLr: 6e-4,
  warmupIters: 100,
  maxIters: 3000,
  batchSize: 64,
  beta1: 0.9,
  beta2: 0.98,
  weightDecay: 0.01,
  gradClip: 1,
  labelSmoothing: 0.1,
  evalInterval: 250,
  seed: 1,
};

export const DEFAULT_TOKENIZERS: Seq2SeqTokenizerSettings = {
  source: { kind: 'char', vocabSize: 200, lowercase: true },
  target: { kind: 'word', vocabSize: 2000, lowercase: false },
};

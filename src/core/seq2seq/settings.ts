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
 * preset on WASM (bench/_seq2seq-recipe.ts: this trainer in Node, the app's split and seed, greedy
 * exact match on the whole test split of 2,000 words). The old 3,000 steps gave 49.6 % in the
 * browser (51.0 % at step 3,000 of a 4,000-step run in Node); 4,000 steps give 53.2 % (52.3 % in
 * the browser, npm run bench -- seq2seq, 807 s), 5,000 steps 54.4 % for 25 % more time. Same lr 6e-3 → 6e-4, warmup 100, batch 64, label smoothing 0.1.
 * The small preset is ~15× slower per step on WASM (1.4 s vs 0.08–0.2 s), too slow for minutes.
 */
export const DEFAULT_TRAIN_SETTINGS: Seq2SeqTrainSettings = {
  learningRate: 6e-3,
  minLr: 6e-4,
  warmupIters: 100,
  maxIters: 4000,
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

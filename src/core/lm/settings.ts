/**
 * Every setting of a language-model run, declared once: the optimizer and schedule the trainer
 * reads, the run around it (batch, steps, evaluations, checkpoints, samples), the model's size,
 * and the presets that fill them all. The UI's fields, the saved project, the worker's `train`
 * job and the trainer all use these types (nanoGPT names, camelCase).
 */
import type { GptConfig } from './gpt-config';

/**
 * What the trainer and AdamW read (see trainer.ts for the formulas). `createTrainer` takes a run's
 * settings as they are: the trainer's config is these fields (plus its own switches, off by default).
 */
export interface LmOptimizerSettings {
  learningRate: number;
  /** Floor of the cosine decay (nanoGPT min_lr). */
  minLr: number;
  warmupIters: number;
  /** Iteration where the cosine reaches minLr (it stays there after). */
  lrDecayIters: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
  /** Maximum global gradient norm; 0 turns clipping off. */
  gradClip: number;
  /** Micro-batches per step (the batch's rows must divide evenly). */
  gradAccumSteps: number;
}

/** A training run: the optimizer plus the batch, the step budget, evaluations, checkpoints and samples. */
export interface LmTrainSettings extends LmOptimizerSettings {
  batchSize: number;
  maxIters: number;
  seed: number;
  /** Evaluate (validation loss + a sample) every this many steps, and at the last step. */
  evalEvery: number;
  /** Validation windows of blockSize tokens per evaluation (from the start of the validation part). */
  evalWindows: number;
  /** Save a checkpoint every this many steps (and on pause, stop and at the end). */
  checkpointEvery: number;
  samplePrompt: string;
  sampleTokens: number;
  sampleSeed: number;
}

/** The model's size and shape; the vocabulary comes from the corpus's tokenizer. */
export type LmModelSettings = Omit<GptConfig, 'vocabSize'>;

export interface GptPreset {
  name: 'nanogpt-cpu' | 'shakespeare-char-gpu';
  /** The preset as the model panel lists it. */
  title: string;
  description: string;
  model: LmModelSettings;
  train: LmTrainSettings;
}

/** The studio's run around nanoGPT's settings: evaluation, checkpoint and sample cadence. */
const STUDIO_RUN = { seed: 1337, evalEvery: 100, evalWindows: 64, checkpointEvery: 100, samplePrompt: 'The ', sampleTokens: 160, sampleSeed: 42 };

/**
 * nanoGPT's "I only have a MacBook" CPU run of train_shakespeare_char (README: 4 layers, 4 heads,
 * 128 dims, context 64, batch 12, 2,000 iterations, no dropout). Biases on, betas (0.9, 0.99),
 * lr 1e-3 → 1e-4, warmup 100, weight decay 0.1, clip 1.0: exactly what the PyTorch reference
 * torch_gpt.py trains, so the studio and the yardstick run the same model.
 */
export const NANOGPT_CPU_PRESET: GptPreset = {
  name: 'nanogpt-cpu',
  title: 'nanoGPT CPU (4 layers, 4 heads, 128 dims, context 64, batch 12)',
  description: 'Small character model for a laptop CPU (nanoGPT README, 0.8 M parameters)',
  model: { blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, bias: true, dropout: 0, gelu: 'exact' },
  train: {
    batchSize: 12, learningRate: 1e-3, minLr: 1e-4, warmupIters: 100, lrDecayIters: 2000, maxIters: 2000,
    beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1.0, gradAccumSteps: 1, ...STUDIO_RUN,
  },
};

/**
 * nanoGPT config/train_shakespeare_char.py (GPU, ~10.7 M parameters): 6 layers, 6 heads,
 * 384 dims, context 256, batch 64, dropout 0.2, lr 1e-3 → 1e-4 over 5,000 iterations, warmup 100,
 * beta2 0.99; weight decay 0.1, clip 1.0 and bias=False are train.py's defaults. Evaluations and
 * checkpoints every 250 steps (a step takes longer).
 */
export const SHAKESPEARE_GPU_PRESET: GptPreset = {
  name: 'shakespeare-char-gpu',
  title: 'Shakespeare GPU (6 layers, 6 heads, 384 dims, context 256, batch 64)',
  description: 'nanoGPT Shakespeare character model for a real GPU (10.7 M parameters)',
  model: { blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384, bias: false, dropout: 0.2, gelu: 'exact' },
  train: {
    batchSize: 64, learningRate: 1e-3, minLr: 1e-4, warmupIters: 100, lrDecayIters: 5000, maxIters: 5000,
    beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1.0, gradAccumSteps: 1, ...STUDIO_RUN, evalEvery: 250, checkpointEvery: 250,
  },
};

export const GPT_PRESETS: readonly GptPreset[] = [NANOGPT_CPU_PRESET, SHAKESPEARE_GPU_PRESET];

export function configFromPreset(preset: GptPreset, vocabSize: number): GptConfig {
  return { ...preset.model, vocabSize };
}

/** Continuing a trained model on new text: a tenth of the learning rate, a short warmup, fewer steps. */
export function fineTuneSettings(base: LmTrainSettings): LmTrainSettings {
  return { ...base, learningRate: 3e-4, minLr: 3e-5, warmupIters: 20, maxIters: 500, lrDecayIters: 500, evalEvery: 50, checkpointEvery: 50 };
}

/**
 * Fine-tuning settings for an imported causal LM (finetune.ts runs them), with no tfjs import so
 * the UI can use them: the defaults, the checks, the trainer's config and the memory estimate,
 * which uses the model card's arithmetic (pretrained-card.ts) so "will it fit" covers each method.
 */
import type { PretrainedCard } from './pretrained-card';
import type { TrainConfig } from './trainer';

/** The module names a user can pick per family (what PEFT users write in target_modules). */
export const LORA_TARGETS = {
  llama: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  gpt2: ['c_attn', 'attn.c_proj', 'c_fc', 'mlp.c_proj'],
} as const;

/**
 * Characters of the corpus a fine-tune reads (training part; the validation part reads a sixth of
 * it): the imported tokenizers encode in time quadratic in a piece's length, so the text goes
 * through line by line, and a few dozen steps use a small fraction of a long book anyway.
 */
export const FINETUNE_TRAIN_CHARS = 120_000;

/** PEFT's usual defaults: LlamaForCausalLM q_proj/v_proj, GPT-2 c_attn. */
export const DEFAULT_LORA_TARGETS = { llama: ['q_proj', 'v_proj'], gpt2: ['c_attn'] } as const;

export interface FineTuneSettings {
  method: 'full' | 'lora';
  /** LoRA rank, alpha and PEFT target modules (ignored for full fine-tuning). */
  r: number;
  alpha: number;
  targetModules: string[];
  steps: number;
  learningRate: number;
  batchSize: number;
  /** Tokens per training window (at most the model's context). */
  contextLength: number;
  /** Validation loss and a sample every this many steps (and at the last). */
  evalEvery: number;
  seed: number;
  samplePrompt: string;
  sampleTokens: number;
}

/** Starting values: LoRA r=8, alpha=16 on PEFT's default modules, lr 1e-3 (LoRA) as PEFT examples use. */
export function defaultFineTune(family: 'llama' | 'gpt2'): FineTuneSettings {
  return { method: 'lora', r: 8, alpha: 16, targetModules: [...DEFAULT_LORA_TARGETS[family]], steps: 30, learningRate: 1e-3, batchSize: 8, contextLength: 64, evalEvery: 10, seed: 1337, samplePrompt: '', sampleTokens: 40 };
}

/** A problem with the settings for this model, as the user reads it; null when they are fine. */
export function checkFineTune(s: FineTuneSettings, contextLength: number): string | null {
  if (!Number.isInteger(s.steps) || s.steps < 1) return 'Steps must be a whole number of at least 1.';
  if (!(s.learningRate > 0 && s.learningRate < 1)) return 'The learning rate must be between 0 and 1.';
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1) return 'The batch size must be a whole number of at least 1.';
  if (!Number.isInteger(s.contextLength) || s.contextLength < 2 || s.contextLength > contextLength) return `The training window must be 2 to ${contextLength} tokens (the model's context).`;
  if (!Number.isInteger(s.evalEvery) || s.evalEvery < 1) return 'Evaluate every must be a whole number of at least 1.';
  if (s.method === 'lora') {
    if (!Number.isInteger(s.r) || s.r < 1 || s.r > 1024) return 'The LoRA rank must be a whole number from 1 to 1024.';
    if (!(s.alpha > 0)) return 'LoRA alpha must be positive.';
    if (s.targetModules.length === 0) return 'Pick at least one module for the LoRA adapters.';
  }
  return null;
}

/** AdamW as PEFT/HF Trainer fine-tunes: constant lr after a short warmup, no weight decay, clip 1. */
export function fineTuneTrainConfig(s: FineTuneSettings): TrainConfig {
  return { learningRate: s.learningRate, minLr: s.learningRate, warmupIters: Math.min(5, Math.floor(s.steps / 10)), lrDecayIters: s.steps, decayLr: false, beta1: 0.9, beta2: 0.999, weightDecay: 0, gradClip: 1 };
}

/** Adapter parameters per module kind, from the card's sizes (head width dim/heads assumed). */
function loraParamsOf(card: PretrainedCard, r: number, targets: readonly string[]): number {
  const { dim, hiddenDim } = card;
  const kv = (dim / card.heads) * card.kvHeads;
  const shapes: Record<string, [number, number]> =
    card.family === 'llama'
      ? { q_proj: [dim, dim], k_proj: [dim, kv], v_proj: [dim, kv], o_proj: [dim, dim], gate_proj: [dim, hiddenDim], up_proj: [dim, hiddenDim], down_proj: [hiddenDim, dim] }
      : { c_attn: [dim, 3 * dim], 'attn.c_proj': [dim, dim], c_fc: [dim, hiddenDim], 'mlp.c_proj': [hiddenDim, dim], c_proj: [dim + hiddenDim, 2 * dim] };
  let n = 0;
  for (const t of targets) {
    const s = shapes[t];
    if (s) n += r * (s[0] + s[1]);
  }
  return n * card.layers;
}

/**
 * Memory the run needs (bytes): the card's activation estimate scaled to this batch and window,
 * plus float32 weights; full fine-tuning adds gradients and two Adam moments per weight, LoRA the
 * same four copies of its adapters only.
 */
export function fineTuneBytes(card: PretrainedCard, s: Pick<FineTuneSettings, 'method' | 'r' | 'targetModules' | 'batchSize' | 'contextLength'>): number {
  const weights = 4 * card.params;
  const activations = 4 * s.batchSize * s.contextLength * card.dim * card.layers * 16;
  if (s.method === 'full') return 4 * weights + activations;
  return weights + 16 * loraParamsOf(card, s.r, s.targetModules) + activations;
}


/**
 * GPT-2-style decoder configuration and parameter counts (nanoGPT conventions); the presets
 * and training settings are in settings.ts. Pure data: no tensors here.
 */

/**
 * Which GELU the MLP uses. The reference script (shared/bench/gpt-reference/torch_gpt.py) calls
 * PyTorch's `F.gelu` with its default, the exact erf form, so 'exact' is our default; 'tanh' is
 * GPT-2's original approximation (Hugging Face `activation_function: "gelu_new"`, and what
 * tfjs's own `gelu` computes). Both are exported/imported with the matching config.json value.
 */
export type GeluKind = 'exact' | 'tanh';

export interface GptConfig {
  vocabSize: number;
  /** Context length: the learned position table has this many rows. */
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  /** Biases in Linear layers and LayerNorms (nanoGPT `bias`). */
  bias: boolean;
  /** Dropout rate on embeddings, attention weights and residual branches (training only). */
  dropout: number;
  /** Default 'exact' (as the reference script). */
  gelu?: GeluKind;
  /** LayerNorm epsilon, default 1e-5 (PyTorch and GPT-2). */
  layerNormEps?: number;
}

/** Returns a message for the first invalid field, or null. */
export function validateGptConfig(c: GptConfig): string | null {
  const positive = ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const;
  for (const k of positive) {
    if (!Number.isInteger(c[k]) || c[k] < 1) return `${k} must be a positive whole number (got ${c[k]})`;
  }
  if (c.nEmbd % c.nHead !== 0) return `nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`;
  if (!(c.dropout >= 0 && c.dropout < 1)) return `dropout must be in [0, 1) (got ${c.dropout})`;
  return null;
}

/** One parameter tensor of the model: its Hugging Face GPT-2 name (without `transformer.`) and shape. */
export interface ParamSpec {
  name: string;
  shape: number[];
}

/**
 * All parameters in a fixed order, named as in Hugging Face GPT-2 (`wte.weight`, `h.0.ln_1.weight`, …).
 * Linear weights use GPT-2's Conv1D layout [in, out], which is also what tf.matMul(x, w) wants.
 * There is no lm_head: the output head is tied to `wte.weight`.
 */
export function paramSpecs(c: GptConfig): ParamSpec[] {
  const C = c.nEmbd;
  const out: ParamSpec[] = [
    { name: 'wte.weight', shape: [c.vocabSize, C] },
    { name: 'wpe.weight', shape: [c.blockSize, C] },
  ];
  const linear = (name: string, nIn: number, nOut: number) => {
    out.push({ name: `${name}.weight`, shape: [nIn, nOut] });
    if (c.bias) out.push({ name: `${name}.bias`, shape: [nOut] });
  };
  const norm = (name: string) => {
    out.push({ name: `${name}.weight`, shape: [C] });
    if (c.bias) out.push({ name: `${name}.bias`, shape: [C] });
  };
  for (let i = 0; i < c.nLayer; i++) {
    norm(`h.${i}.ln_1`);
    linear(`h.${i}.attn.c_attn`, C, 3 * C);
    linear(`h.${i}.attn.c_proj`, C, C);
    norm(`h.${i}.ln_2`);
    linear(`h.${i}.mlp.c_fc`, C, 4 * C);
    linear(`h.${i}.mlp.c_proj`, 4 * C, C);
  }
  norm('ln_f');
  return out;
}

/**
 * nanoGPT `get_num_params`: every parameter once (the tied head is not counted twice). With
 * `nonEmbedding` (nanoGPT's default, true) the position table is subtracted; the token table stays
 * because it doubles as the output layer.
 */
export function countParams(c: GptConfig, opts: { nonEmbedding?: boolean } = {}): number {
  const total = paramSpecs(c).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
  return (opts.nonEmbedding ?? true) ? total - c.blockSize * c.nEmbd : total;
}

export interface MemoryEstimate {
  params: number;
  /** Weights alone, float32. */
  weightBytes: number;
  /** Weights + gradients + Adam moments + the optimizer's flat copies (≈ 6 × weights). */
  optimizerBytes: number;
  /** Activations kept for the backward pass of one (micro-)batch, float32. */
  activationBytes: number;
  /** optimizerBytes + activationBytes: the rough peak of a training step. */
  trainingBytes: number;
}

/**
 * Rough float32 memory of training with batchSize rows of blockSize tokens. Per layer the backward
 * pass keeps ≈ 17·B·T·C values (LayerNorm outputs, q/k/v, attention output, the 4C-wide MLP
 * input and output) plus the attention weights B·H·T² (twice with dropout, with masks); the head
 * keeps ≈ 3·B·T·V (logits, softmax, one-hot). An estimate for a "will it fit" hint, not a promise.
 */
export function estimateMemory(c: GptConfig, batchSize: number): MemoryEstimate {
  const params = countParams(c, { nonEmbedding: false });
  const B = batchSize;
  const T = c.blockSize;
  const C = c.nEmbd;
  const drop = c.dropout > 0;
  const perLayer = 17 * B * T * C + B * c.nHead * T * T * (drop ? 3 : 1) + (drop ? 3 * B * T * C : 0);
  const activations = c.nLayer * perLayer + 3 * B * T * c.vocabSize + 4 * B * T * C;
  const weightBytes = 4 * params;
  const optimizerBytes = 6 * weightBytes;
  const activationBytes = 4 * activations;
  return { params, weightBytes, optimizerBytes, activationBytes, trainingBytes: optimizerBytes + activationBytes };
}

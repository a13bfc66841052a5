/** The model card of an imported model: shape, parameters, tokenizer and memory estimates. */
import { countLlamaParams, type LlamaConfig } from './llama-config';

/** What the model card shows (all plain data: it crosses the worker boundary). */
export interface PretrainedCard {
  family: 'llama' | 'gpt2';
  architecture: string;
  /** Where it came from: "llama2.c v0", "Hugging Face safetensors (F16, 2 shards)", … */
  source: string;
  layers: number;
  heads: number;
  kvHeads: number;
  dim: number;
  hiddenDim: number;
  vocabSize: number;
  contextLength: number;
  params: number;
  tokenizer: string;
  /** float32 weights + a full-context key/value cache. */
  inferenceBytes: number;
  /** Full fine-tuning with AdamW: weights, gradients, two moments, plus activations for batch 8 × 128 tokens. */
  fullFineTuneBytes: number;
  /** LoRA rank 8 on q/v: frozen weights plus small adapters and the same activations. */
  loraFineTuneBytes: number;
}

export function memoryOf(params: number, layers: number, dim: number, kvDim: number, context: number): Pick<PretrainedCard, 'inferenceBytes' | 'fullFineTuneBytes' | 'loraFineTuneBytes'> {
  const weights = 4 * params;
  const kv = 2 * 4 * layers * context * kvDim;
  const activations = 4 * 8 * 128 * dim * layers * 16;
  const lora = 4 * layers * 2 * 2 * 8 * dim * 4;
  return { inferenceBytes: weights + kv, fullFineTuneBytes: 4 * weights + activations, loraFineTuneBytes: weights + lora + activations };
}

export function llamaCard(c: LlamaConfig, source: string, tokenizer: string): PretrainedCard {
  const params = countLlamaParams(c);
  return {
    family: 'llama', architecture: 'Llama (RMSNorm, RoPE, grouped-query attention, SwiGLU)', source,
    layers: c.nLayers, heads: c.nHeads, kvHeads: c.nKvHeads, dim: c.dim, hiddenDim: c.hiddenDim, vocabSize: c.vocabSize, contextLength: c.seqLen,
    params, tokenizer, ...memoryOf(params, c.nLayers, c.dim, c.nKvHeads * c.headDim, c.seqLen),
  };
}


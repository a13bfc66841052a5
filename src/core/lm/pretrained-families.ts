/**
 * Hugging Face families the studio runs (MODEL-FORMATS.md §2): config.json → the studio's config,
 * tensors checked by name and shape, then the model. One object per family; pretrained.ts lists them.
 */
import * as tf from '@tensorflow/tfjs';
import type { GptModel } from './gpt';
import { countParams } from './gpt-config';
import { gptConfigFromHf, importHf } from './hf';
import { KvCache } from './kv-cache';
import { createLlama } from './llama';
import { ModelImportError, llamaTensorSpecs, validateLlamaConfig, type LlamaConfig } from './llama-config';
import type { LoadedPretrained } from './pretrained';
import { llamaCard, memoryOf } from './pretrained-card';
import { BERT_HINT, readBertFromHf } from './bert-read';
import { tokenizerFromHfJson } from './pretrained-tokenizers';
import type { SteppedLm } from './pretrained-generate';
import { toFloat32, writeSafetensors, type StTensor } from './safetensors';

export type Json = Record<string, unknown>;

export interface PretrainedFamily {
  modelType: string;
  architectures: string[];
  fromHf(config: Json, tensors: Map<string, StTensor>, tokenizerJson: unknown, source: string): LoadedPretrained;
}

function num(c: Json, key: string, fallback?: number): number {
  const v = c[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelImportError(`config.json: ${key} must be a number.`);
  return v;
}

export function llamaConfigFromHf(c: Json): LlamaConfig {
  if (c.rope_scaling !== undefined && c.rope_scaling !== null) throw new ModelImportError('config.json: rope_scaling (long-context RoPE) is not supported yet; models without it load.');
  if (c.attention_bias === true || c.mlp_bias === true) throw new ModelImportError('config.json: attention_bias / mlp_bias are not supported (Llama has no biases).');
  if ((c.hidden_act ?? 'silu') !== 'silu') throw new ModelImportError(`config.json: hidden_act ${JSON.stringify(c.hidden_act)} is not supported (Llama uses silu).`);
  const dim = num(c, 'hidden_size');
  const nHeads = num(c, 'num_attention_heads');
  const config: LlamaConfig = {
    dim, hiddenDim: num(c, 'intermediate_size'), nLayers: num(c, 'num_hidden_layers'), nHeads, nKvHeads: num(c, 'num_key_value_heads', nHeads),
    vocabSize: num(c, 'vocab_size'), seqLen: num(c, 'max_position_embeddings', 2048), headDim: num(c, 'head_dim', dim / nHeads),
    normEps: num(c, 'rms_norm_eps', 1e-6), ropeTheta: num(c, 'rope_theta', 10000), tiedEmbeddings: c.tie_word_embeddings === true,
    bosId: num(c, 'bos_token_id', 1), eosId: typeof c.eos_token_id === 'number' ? c.eos_token_id : Array.isArray(c.eos_token_id) ? Number(c.eos_token_id[0]) : 2,
  };
  const problem = validateLlamaConfig(config);
  if (problem) throw new ModelImportError(`config.json: ${problem}.`);
  return config;
}

/** Checks names and shapes against the config; extra tensors are an error, except known buffers. */
function llamaWeights(config: LlamaConfig, tensors: Map<string, StTensor>): Map<string, Float32Array> {
  const specs = llamaTensorSpecs(config);
  const problems: string[] = [];
  const weights = new Map<string, Float32Array>();
  for (const s of specs) {
    const t = tensors.get(s.name);
    if (!t) problems.push(`${s.name} is missing`);
    else if (t.shape.join(',') !== s.shape.join(',')) problems.push(`${s.name} has shape [${t.shape.join(', ')}], config.json implies [${s.shape.join(', ')}]`);
    else weights.set(s.name, toFloat32(t));
  }
  const known = new Set(specs.map((s) => s.name));
  const extra = [...tensors.keys()].filter((k) => !known.has(k) && !k.endsWith('rotary_emb.inv_freq') && !(config.tiedEmbeddings && k === 'lm_head.weight'));
  if (extra.length) problems.push(`unexpected tensors ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ` and ${extra.length - 3} more` : ''}`);
  if (problems.length) throw new ModelImportError(`model.safetensors does not match config.json: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? `; and ${problems.length - 4} more problems` : ''}.`);
  return weights;
}

export const llamaFamily: PretrainedFamily = {
  modelType: 'llama',
  architectures: ['LlamaForCausalLM'],
  fromHf(c, tensors, tokenizerJson, source) {
    const config = llamaConfigFromHf(c);
    const weights = llamaWeights(config, tensors);
    // null: the caller brings a llama2.c tokenizer.bin instead (see readPretrained).
    const tokenizer = tokenizerJson === null ? null : tokenizerFromHfJson(tokenizerJson, config.bosId, config.eosId);
    return { card: llamaCard(config, source, tokenizer?.description ?? ''), model: createLlama(config, weights), tokenizer: tokenizer!, llama: { config, weights } };
  },
};

/** The studio's tfjs GPT, stepped one position at a time through its key/value cache. */
class GptStepper implements SteppedLm {
  private readonly cache: KvCache;
  constructor(readonly model: GptModel) {
    this.cache = new KvCache(model.config.nLayer);
  }
  get vocabSize() {
    return this.model.config.vocabSize;
  }
  get contextLength() {
    return this.model.config.blockSize;
  }
  async step(token: number, pos: number): Promise<Float32Array> {
    if (pos === 0) this.cache.reset();
    if (pos !== this.cache.length) throw new Error(`GPT steps must be consecutive (cache at ${this.cache.length}, asked ${pos})`);
    const V = this.vocabSize;
    const logits = tf.tidy(() => tf.reshape(this.model.forward(tf.tensor2d([[token]], [1, 1], 'int32'), { cache: this.cache }), [V]));
    const data = (await logits.data()) as Float32Array;
    logits.dispose();
    return data;
  }
  dispose() {
    this.cache.dispose();
    this.model.dispose();
  }
}

export const gpt2Family: PretrainedFamily = {
  modelType: 'gpt2',
  architectures: ['GPT2LMHeadModel', 'GPT2Model', "the studio's own GPT export"],
  fromHf(c, tensors, tokenizerJson, source) {
    let config;
    try {
      config = gptConfigFromHf(c);
    } catch (e) {
      throw new ModelImportError(e instanceof Error ? e.message : String(e));
    }
    const bos = typeof c.bos_token_id === 'number' ? c.bos_token_id : config.vocabSize - 1;
    const eos = typeof c.eos_token_id === 'number' ? c.eos_token_id : bos;
    const tokenizer = tokenizerFromHfJson(tokenizerJson, bos, eos);
    // importHf checks names and shapes; it reads one safetensors file, so shards are joined first.
    const joined = writeSafetensors([...tensors].map(([k, t]) => [k, { data: toFloat32(t), shape: t.shape }]));
    let model: GptModel;
    try {
      model = importHf(c, joined, { dropout: 0 });
    } catch (e) {
      throw new ModelImportError(e instanceof Error ? e.message : String(e));
    }
    const params = countParams(config);
    const card = {
      family: 'gpt2' as const, architecture: 'GPT-2 (LayerNorm, learned positions, GELU MLP)', source,
      layers: config.nLayer, heads: config.nHead, kvHeads: config.nHead, dim: config.nEmbd, hiddenDim: 4 * config.nEmbd, vocabSize: config.vocabSize,
      contextLength: config.blockSize, params, tokenizer: tokenizer.description, ...memoryOf(params, config.nLayer, config.nEmbd, config.nEmbd, config.blockSize),
    };
    return { card, model: new GptStepper(model), tokenizer };
  },
};

/**
 * BERT (BertModel, BertForSequenceClassification): an encoder, read and checked in full here so a
 * folder dropped on the language-model view gets its real problems named; a readable one is sent
 * to the text Model step, where it is fine-tuned (models/bert-encoder.ts).
 */
export const bertFamily: PretrainedFamily = {
  modelType: 'bert',
  architectures: ['BertModel', 'BertForSequenceClassification'],
  fromHf(c, tensors, tokenizerJson, source) {
    const { card } = readBertFromHf(c, tensors, tokenizerJson, source);
    throw new ModelImportError(
      `This is a BERT encoder (${card.layers} layers, ${card.dim} wide, ${(card.params / 1e6).toFixed(2)} M parameters): it reads and classifies text rather than generating it.`,
      `Open a text classification project (e.g. the spam sample), choose a text model in the Model step and drop this folder on "Use a pretrained encoder". ${BERT_HINT}`,
    );
  },
};

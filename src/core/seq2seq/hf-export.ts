/**
 * Hugging Face T5ForConditionalGeneration-shaped weights and config.json for a model with the T5
 * options (relative position bias, RMSNorm): Linear weights transposed to nn.Linear's [out, in],
 * the relative bias tables and norms as they are, `lm_head.weight` [V, d] when the head is separate.
 * `writeHfT5Zip` adds tokenizer.json (hf-tokenizer.ts: the side tokenizers with model ids).
 */
import { strToU8, zipSync } from 'fflate';
import { writeSafetensors, type StTensorInput } from '../lm/safetensors';
import { EOS_ID, PAD_ID, type Seq2SeqConfig } from './config';
import { hfT5TokenizerFiles } from './hf-tokenizer';
import type { Seq2SeqModel } from './model';
import type { PairVocab } from './vocab';

export function hfT5Config(c: Seq2SeqConfig): Record<string, unknown> {
  return {
    architectures: ['T5ForConditionalGeneration'], model_type: 't5', is_encoder_decoder: true,
    vocab_size: c.vocabSize, d_model: c.dModel, d_kv: c.dKv, d_ff: c.dFf, num_heads: c.nHeads,
    num_layers: c.nEncoderLayers, num_decoder_layers: c.nDecoderLayers,
    relative_attention_num_buckets: c.relBuckets, relative_attention_max_distance: c.relMaxDistance,
    dropout_rate: c.dropout, layer_norm_epsilon: c.eps, feed_forward_proj: 'relu', tie_word_embeddings: c.tieEmbeddings,
    pad_token_id: PAD_ID, eos_token_id: EOS_ID, decoder_start_token_id: PAD_ID,
  };
}

const transpose = (data: Float32Array, rows: number, cols: number): Float32Array => {
  const out = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j]!;
  return out;
};

/** HF-named, HF-shaped tensors from the studio's weights (name → [in, out] data). */
export function hfT5Tensors(c: Seq2SeqConfig, weights: ReadonlyMap<string, { data: Float32Array; shape: number[] }>): [string, StTensorInput][] {
  if (c.position !== 't5' || c.norm !== 'rms') throw new Error('The Hugging Face T5 export needs the T5 options: relative position bias and RMSNorm.');
  const out: [string, StTensorInput][] = [];
  for (const [name, t] of weights) {
    const linear = t.shape.length === 2 && name !== 'shared.weight' && !name.includes('relative_attention_bias');
    if (linear) {
      const [nIn, nOut] = t.shape as [number, number];
      out.push([name, { data: transpose(t.data, nIn, nOut), shape: [nOut, nIn] }]);
    } else out.push([name, { data: t.data, shape: t.shape }]);
  }
  return out;
}

export function writeHfT5(c: Seq2SeqConfig, weights: ReadonlyMap<string, { data: Float32Array; shape: number[] }>): { config: string; safetensors: Uint8Array } {
  return { config: JSON.stringify(hfT5Config(c), null, 2), safetensors: writeSafetensors(hfT5Tensors(c, weights), { format: 'pt' }) };
}

/** Why a model cannot be exported as HF T5 (null: it can). */
export function hfT5Unavailable(c: Pick<Seq2SeqConfig, 'position' | 'norm'>): string | null {
  if (c.position !== 't5') return 'The Hugging Face T5 export needs relative position bias (T5) positions.';
  if (c.norm !== 'rms') return 'The Hugging Face T5 export needs RMSNorm.';
  return null;
}

/** The T5ForConditionalGeneration folder as a zip: config.json, model.safetensors, tokenizer.json (+ target_tokenizer.json when the sides are separate). */
export async function writeHfT5Zip(model: Seq2SeqModel, vocab: PairVocab): Promise<Uint8Array> {
  const why = hfT5Unavailable(model.config);
  if (why) throw new Error(why);
  const tokenizers = hfT5TokenizerFiles(vocab);
  if ('reason' in tokenizers) throw new Error(tokenizers.reason);
  const weights = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const [name, v] of model.params) weights.set(name, { data: (await v.data()) as Float32Array, shape: v.shape });
  const { config, safetensors } = writeHfT5(model.config, weights);
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = { 'config.json': strToU8(config), 'model.safetensors': [safetensors, { level: 0 }] };
  for (const [name, json] of Object.entries(tokenizers.files)) files[name] = strToU8(JSON.stringify(json, null, 2));
  return zipSync(files);
}

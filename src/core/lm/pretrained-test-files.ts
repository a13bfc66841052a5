/**
 * Test helper: Hugging Face folders generated in code (config.json, model.safetensors in F32, F16
 * or BF16, optionally sharded with an index, tokenizer.json), so no fixture files are needed.
 */
import { llamaTensorSpecs, type LlamaConfig } from './llama-config';

export type Dtype = 'F32' | 'F16' | 'BF16';

const f32bits = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0]!;

/** float32 → bfloat16 bits, round to nearest even (as torch's .bfloat16()). */
export function toBf16(x: number): number {
  const u = f32bits(x);
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

/** float32 → IEEE half bits, round to nearest even (normal and subnormal range; no NaN inputs). */
export function toF16(x: number): number {
  const u = f32bits(x);
  const sign = (u >>> 16) & 0x8000;
  const e = ((u >>> 23) & 0xff) - 127 + 15;
  let m = u & 0x7fffff;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    m |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    if (rest > half || (rest === half && (r & 1))) r++;
    return sign | r;
  }
  let r = (e << 10) | (m >>> 13);
  const rest = m & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1))) r++;
  return sign | r;
}

/** A safetensors file from float32 data stored as dtype. */
export function safetensorsOf(tensors: [string, Float32Array, number[]][], dtype: Dtype): Uint8Array {
  const size = dtype === 'F32' ? 4 : 2;
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, data, shape] of tensors) {
    header[name] = { dtype, shape, data_offsets: [offset, offset + data.length * size] };
    offset += data.length * size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const hb = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + hb.length + offset);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  let at = 8 + hb.length;
  for (const [, data] of tensors) {
    for (const x of data) {
      if (dtype === 'F32') dv.setFloat32(at, x, true);
      else dv.setUint16(at, dtype === 'F16' ? toF16(x) : toBf16(x), true);
      at += size;
    }
  }
  return out;
}

export function hfLlamaConfig(c: LlamaConfig): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: c.dim, intermediate_size: c.hiddenDim, num_hidden_layers: c.nLayers,
    num_attention_heads: c.nHeads, num_key_value_heads: c.nKvHeads, vocab_size: c.vocabSize, max_position_embeddings: c.seqLen,
    rms_norm_eps: c.normEps, rope_theta: c.ropeTheta, tie_word_embeddings: c.tiedEmbeddings, hidden_act: 'silu', bos_token_id: c.bosId, eos_token_id: c.eosId,
    rope_scaling: null, attention_bias: false, torch_dtype: 'float32',
  };
}

/** A SentencePiece-style BPE tokenizer.json (byte fallback, ▁) with `vocabSize` tokens. */
export function spTokenizerJson(vocabSize: number): Record<string, unknown> {
  const vocab: Record<string, number> = { '<unk>': 0, '<s>': 1, '</s>': 2 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = 3 + b;
  const pieces = ['▁', 'h', 'e', 'l', 'o', 'w', 'r', 'd', 'he', 'll', '▁he', 'llo', '▁hello', '▁w', 'or', '▁wor', 'ld', '▁world'];
  pieces.forEach((p, i) => (vocab[p] = 259 + i));
  for (let i = Object.keys(vocab).length; i < vocabSize; i++) vocab[`<extra_${i}>`] = i;
  const merges = ['h e', 'l l', '▁ he', 'll o', '▁he llo', '▁ w', 'o r', '▁w or', 'l d', '▁wor ld'];
  return {
    version: '1.0', added_tokens: [{ id: 0, content: '<unk>', special: true }, { id: 1, content: '<s>', special: true }, { id: 2, content: '</s>', special: true }],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
    pre_tokenizer: null,
    model: { type: 'BPE', dropout: null, unk_token: '<unk>', fuse_unk: true, byte_fallback: true, vocab, merges },
    decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }] },
  };
}

/** A whole HF Llama folder by file name; shards > 1 writes an index and that many files. */
export function hfLlamaFolder(c: LlamaConfig, weights: ReadonlyMap<string, Float32Array>, dtype: Dtype = 'F32', shards = 1): Map<string, Uint8Array> {
  const enc = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  files.set('config.json', enc.encode(JSON.stringify(hfLlamaConfig(c))));
  files.set('tokenizer.json', enc.encode(JSON.stringify(spTokenizerJson(c.vocabSize))));
  const specs = llamaTensorSpecs(c);
  const entries = specs.map((s) => [s.name, weights.get(s.name)!, s.shape] as [string, Float32Array, number[]]);
  if (shards === 1) files.set('model.safetensors', safetensorsOf(entries, dtype));
  else {
    const weightMap: Record<string, string> = {};
    for (let k = 0; k < shards; k++) {
      const name = `model-${String(k + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
      const part = entries.filter((_, i) => i % shards === k);
      for (const [n] of part) weightMap[n] = name;
      files.set(name, safetensorsOf(part, dtype));
    }
    files.set('model.safetensors.index.json', enc.encode(JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap })));
  }
  return files;
}

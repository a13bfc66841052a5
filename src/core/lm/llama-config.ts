/**
 * The Llama family's shape (llama2.c's Config and HF LlamaConfig, MODEL-FORMATS.md §2.3 and §4):
 * RMSNorm, rotary position embeddings, grouped-query attention and a SwiGLU MLP.
 *
 * Weights are kept by Hugging Face name in the nn.Linear [out, in] layout, with q/k rows in HF's
 * rotate-halves order (llama2.c's interleaved pairs are permuted on import), so a HF folder is a
 * copy either way and llama2.c import/export is one permutation of wq and wk.
 */

export interface LlamaConfig {
  dim: number;
  hiddenDim: number;
  nLayers: number;
  nHeads: number;
  nKvHeads: number;
  vocabSize: number;
  /** Context length (llama2.c seq_len, HF max_position_embeddings). */
  seqLen: number;
  /** Per-head width; dim / nHeads unless HF's head_dim says otherwise. */
  headDim: number;
  normEps: number;
  ropeTheta: number;
  /** The output head is the token embedding (llama2.c positive vocab_size, HF tie_word_embeddings). */
  tiedEmbeddings: boolean;
  bosId: number;
  eosId: number;
}

/** Something wrong with a checkpoint, as the user reads it: what is wrong and what the studio reads. */
export class ModelImportError extends Error {
  constructor(
    message: string,
    readonly hint = 'The studio reads llama2.c .bin checkpoints (v0, v1, v2) with tokenizer.bin, and Hugging Face folders (config.json + model.safetensors, optionally sharded, + tokenizer.json) of Llama and GPT-2 models.',
  ) {
    super(message);
  }
}

/** The largest checkpoint the studio accepts: weights are held as float32 in one worker. */
export const MAX_MODEL_BYTES = 1536 * 1024 * 1024;

export function validateLlamaConfig(c: LlamaConfig): string | null {
  const ints: [string, number][] = [['dim', c.dim], ['hidden_dim', c.hiddenDim], ['n_layers', c.nLayers], ['n_heads', c.nHeads], ['n_kv_heads', c.nKvHeads], ['vocab_size', c.vocabSize], ['seq_len', c.seqLen], ['head_dim', c.headDim]];
  for (const [name, v] of ints) if (!Number.isInteger(v) || v <= 0 || v > 1 << 24) return `${name} = ${v} is not a sensible size`;
  if (c.nHeads % c.nKvHeads !== 0) return `n_heads (${c.nHeads}) is not a multiple of n_kv_heads (${c.nKvHeads})`;
  if (c.headDim % 2 !== 0) return `head size ${c.headDim} is odd: rotary embeddings need pairs`;
  if (!(c.normEps > 0) || !(c.ropeTheta > 0)) return 'rms_norm_eps and rope_theta must be positive';
  return null;
}

export interface LlamaTensorSpec {
  name: string;
  shape: number[];
}

/** Every tensor of a Llama by HF name, in layer order. */
export function llamaTensorSpecs(c: LlamaConfig): LlamaTensorSpec[] {
  const q = c.nHeads * c.headDim;
  const kv = c.nKvHeads * c.headDim;
  const specs: LlamaTensorSpec[] = [{ name: 'model.embed_tokens.weight', shape: [c.vocabSize, c.dim] }];
  for (let i = 0; i < c.nLayers; i++) {
    const p = `model.layers.${i}.`;
    specs.push(
      { name: `${p}input_layernorm.weight`, shape: [c.dim] },
      { name: `${p}self_attn.q_proj.weight`, shape: [q, c.dim] },
      { name: `${p}self_attn.k_proj.weight`, shape: [kv, c.dim] },
      { name: `${p}self_attn.v_proj.weight`, shape: [kv, c.dim] },
      { name: `${p}self_attn.o_proj.weight`, shape: [c.dim, q] },
      { name: `${p}post_attention_layernorm.weight`, shape: [c.dim] },
      { name: `${p}mlp.gate_proj.weight`, shape: [c.hiddenDim, c.dim] },
      { name: `${p}mlp.up_proj.weight`, shape: [c.hiddenDim, c.dim] },
      { name: `${p}mlp.down_proj.weight`, shape: [c.dim, c.hiddenDim] },
    );
  }
  specs.push({ name: 'model.norm.weight', shape: [c.dim] });
  if (!c.tiedEmbeddings) specs.push({ name: 'lm_head.weight', shape: [c.vocabSize, c.dim] });
  return specs;
}

export const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function countLlamaParams(c: LlamaConfig): number {
  return llamaTensorSpecs(c).reduce((n, s) => n + numel(s.shape), 0);
}

/**
 * Reorders the rows of a q/k projection [nHeads·hd, dim] between llama2.c/Meta's interleaved
 * rotary pairs (i, i+1) and HF's halves (i, i + hd/2). toHalves: view(h, hd/2, 2, dim).transpose(1, 2);
 * the reverse is export.py's permute_reverse.
 */
export function permuteRope(w: Float32Array, nHeads: number, headDim: number, dim: number, toHalves: boolean): Float32Array {
  const out = new Float32Array(w.length);
  const half = headDim / 2;
  for (let h = 0; h < nHeads; h++) {
    for (let i = 0; i < half; i++) {
      for (let j = 0; j < 2; j++) {
        const inter = h * headDim + 2 * i + j; // row in interleaved order
        const halves = h * headDim + j * half + i; // the same row in halves order
        const [src, dst] = toHalves ? [inter, halves] : [halves, inter];
        out.set(w.subarray(src * dim, (src + 1) * dim), dst * dim);
      }
    }
  }
  return out;
}

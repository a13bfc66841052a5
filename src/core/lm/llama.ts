/**
 * The Llama family (llama2.c run.c's forward pass, HF LlamaForCausalLM's graph): token embedding →
 * nLayers × [x + attn(rmsnorm(x)); x + w2(silu(w1·h) ⊙ w3·h), h = rmsnorm(x)] → rmsnorm → head.
 * Rotary embeddings in HF's rotate-halves order, grouped-query attention (query head h reads
 * kv head ⌊h / (nHeads/nKvHeads)⌋), causal softmax scaled by 1/√headDim, and a key/value cache.
 *
 * Inference runs on typed arrays, one position per step like run.c: for the small checkpoints a
 * browser can hold, a step is a few hundred thousand multiply-adds, where dispatching a hundred
 * tfjs kernels per token would cost more than the arithmetic. Shapes: step(token, pos) → logits [V].
 */
import { ModelImportError, llamaTensorSpecs, numel, validateLlamaConfig, type LlamaConfig } from './llama-config';
import type { LmInternals } from './inspect';
import { llamaInternals } from './llama-internals';
import { createLlamaWasmStep, type LlamaWasmStep } from '../kernels/llama-step';

/** Missing or mis-sized tensors for config, as a user-readable list (empty when all are right). */
export function checkLlamaWeights(c: LlamaConfig, weights: ReadonlyMap<string, Float32Array>): string[] {
  const problems: string[] = [];
  for (const s of llamaTensorSpecs(c)) {
    const w = weights.get(s.name);
    if (!w) problems.push(`${s.name} is missing`);
    else if (w.length !== numel(s.shape)) problems.push(`${s.name} has ${w.length} values, expected [${s.shape.join(', ')}] = ${numel(s.shape)}`);
  }
  return problems;
}

/** out[i] = Σ_j W[i, j] x[j] for W [rows, n] row-major; four partial sums keep the adds independent. */
function matvec(out: Float32Array, w: Float32Array, x: Float32Array, rows: number, n: number) {
  const n4 = n - (n % 4);
  for (let i = 0; i < rows; i++) {
    const o = i * n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < n4; j += 4) {
      s0 += w[o + j]! * x[j]!;
      s1 += w[o + j + 1]! * x[j + 1]!;
      s2 += w[o + j + 2]! * x[j + 2]!;
      s3 += w[o + j + 3]! * x[j + 3]!;
    }
    for (let j = n4; j < n; j++) s0 += w[o + j]! * x[j]!;
    out[i] = s0 + s1 + s2 + s3;
  }
}

function rmsnorm(out: Float32Array, x: Float32Array, w: Float32Array, eps: number) {
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += x[i]! * x[i]!;
  const inv = 1 / Math.sqrt(ss / x.length + eps);
  for (let i = 0; i < x.length; i++) out[i] = w[i]! * (x[i]! * inv);
}

/**
 * Causal attention of one position over the cache: per query head h, softmax(q·kᵀ/√hd) · v with
 * kv head ⌊h/rep⌋; out [nHeads·hd]. Locals only in the loops (no property loads), for the JIT.
 */
function attend(q: Float32Array, keys: Float32Array, values: Float32Array, out: Float32Array, att: Float32Array, base: number, pos: number, nHeads: number, hd: number, kvDim: number, rep: number, scale: number) {
  for (let h = 0; h < nHeads; h++) {
    const qo = h * hd;
    const ko = base + ((h / rep) | 0) * hd;
    let max = -Infinity;
    for (let t = 0; t <= pos; t++) {
      const kt = ko + t * kvDim;
      let s = 0;
      for (let i = 0; i < hd; i++) s += q[qo + i]! * keys[kt + i]!;
      s *= scale;
      att[t] = s;
      if (s > max) max = s;
    }
    let z = 0;
    for (let t = 0; t <= pos; t++) {
      const e = Math.exp(att[t]! - max);
      att[t] = e;
      z += e;
    }
    const inv = 1 / z;
    for (let i = 0; i < hd; i++) out[qo + i] = 0;
    for (let t = 0; t <= pos; t++) {
      const a = att[t]! * inv;
      const vt = ko + t * kvDim;
      for (let i = 0; i < hd; i++) out[qo + i] = out[qo + i]! + a * values[vt + i]!;
    }
  }
}

interface Layer {
  attNorm: Float32Array; wq: Float32Array; wk: Float32Array; wv: Float32Array; wo: Float32Array;
  ffnNorm: Float32Array; w1: Float32Array; w2: Float32Array; w3: Float32Array;
}

export class LlamaModel {
  readonly family = 'llama' as const;
  private readonly layers: Layer[];
  private readonly emb: Float32Array;
  private readonly norm: Float32Array;
  private readonly head: Float32Array;
  private readonly cos: Float32Array;
  private readonly sin: Float32Array;
  private readonly keys: Float32Array;
  private readonly values: Float32Array;
  // Scratch buffers (run.c's RunState).
  private readonly x: Float32Array;
  private readonly xb: Float32Array;
  private readonly xb2: Float32Array;
  private readonly q: Float32Array;
  private readonly att: Float32Array;
  private readonly hb: Float32Array;
  private readonly hb2: Float32Array;
  private readonly logits: Float32Array;
  private readonly kvDim: number;
  /** The same step on WebAssembly SIMD kernels (core/kernels/llama-step.ts), or null: then the typed-array step below runs. */
  private readonly wasm: LlamaWasmStep | null;

  constructor(readonly config: LlamaConfig, readonly weights: ReadonlyMap<string, Float32Array>) {
    const problem = validateLlamaConfig(config);
    if (problem) throw new ModelImportError(`Invalid Llama config: ${problem}.`);
    const missing = checkLlamaWeights(config, weights);
    if (missing.length) throw new ModelImportError(`The checkpoint does not fit a Llama with this config: ${missing.slice(0, 5).join('; ')}${missing.length > 5 ? `; and ${missing.length - 5} more` : ''}.`);
    const w = (n: string) => weights.get(n)!;
    const c = config;
    this.emb = w('model.embed_tokens.weight');
    this.norm = w('model.norm.weight');
    this.head = c.tiedEmbeddings ? this.emb : w('lm_head.weight');
    this.layers = Array.from({ length: c.nLayers }, (_, i) => {
      const p = `model.layers.${i}.`;
      return {
        attNorm: w(`${p}input_layernorm.weight`), wq: w(`${p}self_attn.q_proj.weight`), wk: w(`${p}self_attn.k_proj.weight`),
        wv: w(`${p}self_attn.v_proj.weight`), wo: w(`${p}self_attn.o_proj.weight`), ffnNorm: w(`${p}post_attention_layernorm.weight`),
        w1: w(`${p}mlp.gate_proj.weight`), w2: w(`${p}mlp.down_proj.weight`), w3: w(`${p}mlp.up_proj.weight`),
      };
    });
    const half = c.headDim / 2;
    this.cos = new Float32Array(c.seqLen * half);
    this.sin = new Float32Array(c.seqLen * half);
    for (let p = 0; p < c.seqLen; p++) {
      for (let i = 0; i < half; i++) {
        // HF: inv_freq = 1 / θ^(2i/hd) in float32, angle = pos · inv_freq in float32.
        const theta = Math.fround(p * Math.fround(1 / c.ropeTheta ** ((2 * i) / c.headDim)));
        this.cos[p * half + i] = Math.cos(theta);
        this.sin[p * half + i] = Math.sin(theta);
      }
    }
    this.kvDim = c.nKvHeads * c.headDim;
    this.keys = new Float32Array(c.nLayers * c.seqLen * this.kvDim);
    this.values = new Float32Array(c.nLayers * c.seqLen * this.kvDim);
    this.x = new Float32Array(c.dim);
    this.xb = new Float32Array(Math.max(c.dim, c.nHeads * c.headDim));
    this.xb2 = new Float32Array(c.dim);
    this.q = new Float32Array(c.nHeads * c.headDim);
    this.att = new Float32Array(c.seqLen);
    this.hb = new Float32Array(c.hiddenDim);
    this.hb2 = new Float32Array(c.hiddenDim);
    this.logits = new Float32Array(c.vocabSize);
    this.wasm = createLlamaWasmStep(c, { emb: this.emb, norm: this.norm, head: this.head, layers: this.layers, cos: this.cos, sin: this.sin });
  }

  /** Which step runs: 'wasm' (SIMD kernels) or 'js' (typed arrays, where WebAssembly SIMD is missing). */
  get stepPath(): 'wasm' | 'js' {
    return this.wasm ? 'wasm' : 'js';
  }

  get vocabSize() {
    return this.config.vocabSize;
  }

  get contextLength() {
    return this.config.seqLen;
  }

  private rope(v: Float32Array, at: number, nHeads: number, pos: number) {
    const hd = this.config.headDim;
    const half = hd / 2;
    for (let h = 0; h < nHeads; h++) {
      const o = at + h * hd;
      for (let i = 0; i < half; i++) {
        const c = this.cos[pos * half + i]!;
        const s = this.sin[pos * half + i]!;
        const a = v[o + i]!;
        const b = v[o + i + half]!;
        v[o + i] = a * c - b * s;
        v[o + i + half] = b * c + a * s;
      }
    }
  }

  /**
   * Logits [V] for `token` at position `pos`, after positions 0…pos-1 went through step (the cache).
   * The returned array is reused by the next step: copy it to keep it.
   */
  step(token: number, pos: number): Float32Array {
    const c = this.config;
    if (!(token >= 0 && token < c.vocabSize)) throw new Error(`Token id ${token} is outside the vocabulary of ${c.vocabSize}`);
    if (!(pos >= 0 && pos < c.seqLen)) throw new Error(`Position ${pos} is outside the context of ${c.seqLen}`);
    if (this.wasm) return this.wasm.step(token, pos);
    const { dim, hiddenDim, nHeads, headDim: hd, normEps } = c;
    const kvDim = this.kvDim;
    const qDim = nHeads * hd;
    const rep = nHeads / c.nKvHeads;
    const { x, xb, xb2, q, att, hb, hb2 } = this;
    x.set(this.emb.subarray(token * dim, (token + 1) * dim));
    const scale = 1 / Math.sqrt(hd);
    for (let l = 0; l < c.nLayers; l++) {
      const L = this.layers[l]!;
      rmsnorm(xb, x, L.attNorm, normEps);
      const base = l * c.seqLen * kvDim;
      const at = base + pos * kvDim;
      const k = this.keys.subarray(at, at + kvDim);
      const v = this.values.subarray(at, at + kvDim);
      const xin = xb.subarray(0, dim);
      matvec(q, L.wq, xin, qDim, dim);
      matvec(k, L.wk, xin, kvDim, dim);
      matvec(v, L.wv, xin, kvDim, dim);
      this.rope(q, 0, nHeads, pos);
      this.rope(this.keys, at, c.nKvHeads, pos);
      attend(q, this.keys, this.values, xb, att, base, pos, nHeads, hd, kvDim, rep, scale);
      matvec(xb2, L.wo, xb.subarray(0, qDim), dim, qDim);
      for (let i = 0; i < dim; i++) x[i] = x[i]! + xb2[i]!;
      rmsnorm(xb, x, L.ffnNorm, normEps);
      matvec(hb, L.w1, xb.subarray(0, dim), hiddenDim, dim);
      matvec(hb2, L.w3, xb.subarray(0, dim), hiddenDim, dim);
      for (let i = 0; i < hiddenDim; i++) {
        const g = hb[i]!;
        hb[i] = (g / (1 + Math.exp(-g))) * hb2[i]!;
      }
      matvec(xb, L.w2, hb, dim, hiddenDim);
      for (let i = 0; i < dim; i++) x[i] = x[i]! + xb[i]!;
    }
    rmsnorm(x, x, this.norm, normEps);
    matvec(this.logits, this.head, x, c.vocabSize, dim);
    return this.logits;
  }

  /** The visualiser's view of ids (core/lm/inspect.ts `LmInternalsSource`; tensors the caller disposes). */
  internals(ids: readonly number[]): LmInternals {
    return llamaInternals(this.config, this.weights, ids);
  }

  /** Logits of every position of ids ([T][V], copies), from an empty cache. */
  forwardAll(ids: readonly number[]): Float32Array[] {
    return ids.map((id, pos) => this.step(id, pos).slice());
  }
}

export function createLlama(config: LlamaConfig, weights: ReadonlyMap<string, Float32Array>): LlamaModel {
  return new LlamaModel(config, weights);
}

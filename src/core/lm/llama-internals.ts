/**
 * The Llama's internals for the Transformer visualiser (issue 16 §3, core/lm/inspect.ts): the
 * attention probabilities of every query head (grouped-query attention: query head h reads kv head
 * ⌊h / (nHeads/nKvHeads)⌋, as in llama.ts), the residual stream after each layer, and the logit
 * lens (final RMSNorm + output head on each residual). Recomputed on typed arrays over the whole
 * sequence with the same float32 steps as `LlamaModel.step` (which keeps no probabilities), then
 * handed over as tensors; a test checks the last lens against the model's logits.
 */
import * as tf from '@tensorflow/tfjs';
import type { LmInternals } from './inspect';
import type { LlamaConfig } from './llama-config';

type Weights = ReadonlyMap<string, Float32Array>;

/** out [rows] = W [rows, n] · x [n] (row-major). */
function matvec(w: Float32Array, x: Float32Array, rows: number, n: number): Float32Array {
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * n;
    for (let j = 0; j < n; j++) s += w[o + j]! * x[j]!;
    out[i] = s;
  }
  return out;
}

function rmsnorm(x: Float32Array, w: Float32Array, eps: number): Float32Array {
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += x[i]! * x[i]!;
  const inv = 1 / Math.sqrt(ss / x.length + eps);
  return Float32Array.from(x, (v, i) => w[i]! * (v * inv));
}

/** HF rotate-halves rotary embedding of nHeads heads of v at position pos, in place. */
function rope(v: Float32Array, nHeads: number, pos: number, c: LlamaConfig) {
  const hd = c.headDim;
  const half = hd / 2;
  for (let i = 0; i < half; i++) {
    const theta = Math.fround(pos * Math.fround(1 / c.ropeTheta ** ((2 * i) / hd)));
    const cs = Math.cos(theta);
    const sn = Math.sin(theta);
    for (let h = 0; h < nHeads; h++) {
      const o = h * hd;
      const a = v[o + i]!;
      const b = v[o + i + half]!;
      v[o + i] = a * cs - b * sn;
      v[o + i + half] = b * cs + a * sn;
    }
  }
}

/** Attention [nHeads, T, T], residuals and lens ([T, dim] / [T, V], nLayers + 1 each) for ids. */
export function llamaInternals(config: LlamaConfig, weights: Weights, ids: readonly number[]): LmInternals {
  const c = config;
  const T = ids.length;
  if (T < 1 || T > c.seqLen) throw new Error(`Inspect 1 to ${c.seqLen} tokens (got ${T})`);
  const w = (n: string) => {
    const v = weights.get(n);
    if (!v) throw new Error(`Missing parameter ${n}`);
    return v;
  };
  const { dim, hiddenDim, nHeads, nKvHeads, headDim: hd, normEps, vocabSize: V } = c;
  const qDim = nHeads * hd;
  const kvDim = nKvHeads * hd;
  const rep = nHeads / nKvHeads;
  const scale = 1 / Math.sqrt(hd);
  const emb = w('model.embed_tokens.weight');
  const norm = w('model.norm.weight');
  const head = c.tiedEmbeddings ? emb : w('lm_head.weight');

  // The residual stream, one row per position.
  let xs = ids.map((id) => {
    if (!(id >= 0 && id < V)) throw new Error(`Token id ${id} is outside the vocabulary of ${V}`);
    return emb.slice(id * dim, (id + 1) * dim);
  });
  const residualRows: Float32Array[][] = [xs.map((r) => r.slice())];
  const attnMaps: Float32Array[] = [];
  for (let l = 0; l < c.nLayers; l++) {
    const p = `model.layers.${l}.`;
    const [wq, wk, wv, wo] = ['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((n) => w(`${p}self_attn.${n}.weight`)) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [w1, w2, w3] = ['gate_proj', 'down_proj', 'up_proj'].map((n) => w(`${p}mlp.${n}.weight`)) as [Float32Array, Float32Array, Float32Array];
    const qs: Float32Array[] = [];
    const ks: Float32Array[] = [];
    const vs: Float32Array[] = [];
    for (let t = 0; t < T; t++) {
      const h = rmsnorm(xs[t]!, w(`${p}input_layernorm.weight`), normEps);
      const q = matvec(wq, h, qDim, dim);
      const k = matvec(wk, h, kvDim, dim);
      rope(q, nHeads, t, c);
      rope(k, nKvHeads, t, c);
      qs.push(q);
      ks.push(k);
      vs.push(matvec(wv, h, kvDim, dim));
    }
    const probs = new Float32Array(nHeads * T * T); // zeros above the diagonal
    const merged = Array.from({ length: T }, () => new Float32Array(qDim));
    for (let hh = 0; hh < nHeads; hh++) {
      const qo = hh * hd;
      const ko = Math.floor(hh / rep) * hd;
      for (let t = 0; t < T; t++) {
        const row = probs.subarray((hh * T + t) * T, (hh * T + t + 1) * T);
        let max = -Infinity;
        for (let s = 0; s <= t; s++) {
          let d = 0;
          for (let i = 0; i < hd; i++) d += qs[t]![qo + i]! * ks[s]![ko + i]!;
          row[s] = d * scale;
          if (row[s]! > max) max = row[s]!;
        }
        let z = 0;
        for (let s = 0; s <= t; s++) z += row[s] = Math.exp(row[s]! - max);
        for (let s = 0; s <= t; s++) row[s] = row[s]! / z;
        const out = merged[t]!;
        for (let s = 0; s <= t; s++) for (let i = 0; i < hd; i++) out[qo + i] = out[qo + i]! + row[s]! * vs[s]![ko + i]!;
      }
    }
    attnMaps.push(probs);
    xs = xs.map((x0, t) => {
      const a = matvec(wo, merged[t]!, dim, qDim);
      const x = Float32Array.from(x0, (v, i) => v + a[i]!);
      const h = rmsnorm(x, w(`${p}post_attention_layernorm.weight`), normEps);
      const g = matvec(w1, h, hiddenDim, dim);
      const u = matvec(w3, h, hiddenDim, dim);
      for (let i = 0; i < hiddenDim; i++) g[i] = (g[i]! / (1 + Math.exp(-g[i]!))) * u[i]!;
      const f = matvec(w2, g, dim, hiddenDim);
      return Float32Array.from(x, (v, i) => v + f[i]!);
    });
    residualRows.push(xs.map((r) => r.slice()));
  }
  const stack = (rows: Float32Array[], width: number) => {
    const out = new Float32Array(rows.length * width);
    rows.forEach((r, i) => out.set(r, i * width));
    return out;
  };
  return {
    attention: attnMaps.map((a) => tf.tensor3d(a, [nHeads, T, T])),
    residuals: residualRows.map((rows) => tf.tensor2d(stack(rows, dim), [T, dim])),
    lens: residualRows.map((rows) => tf.tensor2d(stack(rows.map((x) => matvec(head, rmsnorm(x, norm, normEps), V, dim)), V), [T, V])),
  };
}

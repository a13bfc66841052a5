/**
 * What a language model does inside, for one input (issue 16 §3, the Transformer visualiser):
 * per-layer attention probabilities, the residual stream after each layer, and the logit lens
 * (the final norm and the unembedding applied to each of those residual states: what the model
 * would predict if it stopped there). The last layer's lens is the model's real output.
 *
 * Written against `LmInternalsSource`: a family that can report its internals (a Llama, later)
 * implements `internals`; the GPT is read from its named parameters here, so gpt.ts stays as it
 * is. The GPT path recomputes the forward pass with the same ops (no fused attention: it does not
 * return the probabilities) and without dropout; a test checks it against `model.forward`.
 */
import * as tf from '@tensorflow/tfjs';
import type { GptModel } from './gpt';
import { causalMaskBias, embedding, gelu, layerNorm, linear, matMul } from './ops';

/** Everything as tensors for a batch of one sequence of T tokens (the caller disposes them: `disposeInternals`). */
export interface LmInternals {
  /** Per layer: softmax attention probabilities [H, T, T] (query row, key column; causal: 0 above the diagonal). */
  attention: tf.Tensor3D[];
  /** The residual stream [T, C]: index 0 is the embeddings, index l the output of layer l (nLayer + 1 entries). */
  residuals: tf.Tensor2D[];
  /** The logit lens [T, V] of each residual state (nLayer + 1 entries; the last equals the model's logits). */
  lens: tf.Tensor2D[];
}

/** A model that reports its own internals (implemented by families other than the GPT). */
export interface LmInternalsSource {
  internals(ids: readonly number[]): LmInternals;
}

function hasInternals(m: unknown): m is LmInternalsSource {
  return typeof (m as Partial<LmInternalsSource>).internals === 'function';
}

/** The internals of any language model: its own `internals`, or the GPT recomputation. */
export function lmInternals(model: GptModel | LmInternalsSource, ids: readonly number[]): LmInternals {
  if (hasInternals(model)) return model.internals(ids);
  return gptInternals(model, ids);
}

export function disposeInternals(x: LmInternals): void {
  for (const t of [...x.attention, ...x.residuals, ...x.lens]) t.dispose();
}

/** The GPT's forward pass (eval mode) over ids, keeping what the visualiser shows. */
export function gptInternals(model: GptModel, ids: readonly number[]): LmInternals {
  const { nEmbd: C, nHead: H, nLayer, blockSize, layerNormEps, gelu: geluKind } = model.config;
  const T = ids.length;
  if (T < 1 || T > blockSize) throw new Error(`Inspect 1 to ${blockSize} tokens (got ${T})`);
  const hd = C / H;
  const eps = layerNormEps ?? 1e-5;
  const p = (name: string): tf.Tensor => {
    const v = model.params.get(name);
    if (!v) throw new Error(`Missing parameter ${name}`);
    return v;
  };
  const opt = (name: string) => model.params.get(name);
  const ln = (x: tf.Tensor, name: string) => layerNorm(x, p(`${name}.weight`), opt(`${name}.bias`), eps);
  const lin = (x: tf.Tensor, name: string) => linear(x, p(`${name}.weight`), opt(`${name}.bias`));
  const lensOf = (x: tf.Tensor2D) => matMul(ln(x, 'ln_f'), tf.transpose(p('wte.weight'))) as tf.Tensor2D;

  const attention: tf.Tensor3D[] = [];
  const residuals: tf.Tensor2D[] = [];
  const lens: tf.Tensor2D[] = [];
  tf.tidy(() => {
    const idx = tf.tensor1d(Int32Array.from(ids), 'int32');
    const mask = causalMaskBias(T);
    let x = tf.add(embedding(p('wte.weight'), idx), tf.slice(p('wpe.weight'), [0, 0], [T, C])) as tf.Tensor2D; // [T, C]
    const keep = (t: tf.Tensor2D) => {
      residuals.push(tf.keep(t));
      lens.push(tf.keep(lensOf(t)));
    };
    keep(x);
    for (let i = 0; i < nLayer; i++) {
      const qkv = lin(ln(x, `h.${i}.ln_1`), `h.${i}.attn.c_attn`); // [T, 3C]
      const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [T, H, hd]), [1, 0, 2]) as tf.Tensor3D; // [H, T, hd]
      const [q, k, v] = tf.split(qkv, 3, 1).map(heads) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)), mask);
      const probs = tf.softmax(scores) as tf.Tensor3D; // [H, T, T]
      attention.push(tf.keep(probs));
      const merged = tf.reshape(tf.transpose(tf.matMul(probs, v), [1, 0, 2]), [T, C]);
      x = tf.add(x, lin(merged, `h.${i}.attn.c_proj`)) as tf.Tensor2D;
      const hidden = gelu(lin(ln(x, `h.${i}.ln_2`), `h.${i}.mlp.c_fc`), geluKind ?? 'exact');
      x = tf.add(x, lin(hidden, `h.${i}.mlp.c_proj`)) as tf.Tensor2D;
      keep(x);
    }
  });
  return { attention, residuals, lens };
}

/** A model that names its own token-embedding table [V, C] (families other than the GPT). */
export interface TokenEmbeddingSource {
  tokenEmbeddings(): tf.Tensor2D;
}

/** The token-embedding table [V, C] (not a copy: do not dispose it). */
export function tokenEmbeddings(model: GptModel | TokenEmbeddingSource): tf.Tensor2D {
  if (typeof (model as Partial<TokenEmbeddingSource>).tokenEmbeddings === 'function') return (model as TokenEmbeddingSource).tokenEmbeddings();
  const t = (model as GptModel).params.get('wte.weight');
  if (!t) throw new Error('Missing parameter wte.weight');
  return t as tf.Tensor2D;
}

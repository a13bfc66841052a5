/**
 * Inside a text classifier (issue 16 §3): for one token-id row, each Transformer block's attention
 * weights and the "class lens" (the model's own pooling, normalisation and head applied to the
 * sequence after each block: what it would predict had it stopped there; the last one is its
 * prediction); for many rows, the pooled representation the head reads (the embedding view).
 * Works on any saved text model by walking its layers; attention exists only in Transformer blocks.
 */
import * as tf from '@tensorflow/tfjs';
import { TextTransformerBlock } from './text-layers';

/** Index of the last Dense layer: the head (a softmax Activation may follow). */
function headIndex(model: tf.LayersModel): number {
  for (let i = model.layers.length - 1; i >= 0; i--) if (model.layers[i]!.getClassName() === 'Dense') return i;
  throw new Error('This model has no dense head');
}

/** The first layer that turns the sequence into one vector (pooling, convolution max-pool, recurrent): its output is 2-D. */
function poolIndex(model: tf.LayersModel): number {
  const i = model.layers.findIndex((l) => (l.outputShape as (number | null)[]).length === 2);
  if (i < 0) throw new Error('This model keeps no sequence');
  return i;
}

const apply = (layers: tf.layers.Layer[], x: tf.Tensor) => layers.reduce((h, l) => l.apply(h, { training: false }) as tf.Tensor, x);

export interface TextInternals {
  /** Positions of the real (non-pad) tokens. */
  positions: number[];
  nHead: number;
  /** Per Transformer block: [H, T, T] over the real tokens, row-major. */
  attention: Float32Array[];
  /** Per sequence state (after the front end, then after each block): the head's output (probabilities for classification). */
  lens: Float32Array[];
}

/** The internals of one row of ids [L] (pad = 0). */
export async function textInternals(model: tf.LayersModel, ids: Float32Array): Promise<TextInternals> {
  const L = ids.length;
  const positions = [...ids].flatMap((v, i) => (v > 0 ? [i] : []));
  const pool = poolIndex(model);
  const tail = model.layers.slice(pool);
  const attention: Float32Array[] = [];
  const lens: Float32Array[] = [];
  let nHead = 0;
  const states: tf.Tensor[] = [];
  const probs: tf.Tensor[] = [];
  tf.tidy(() => {
    let h: tf.Tensor = tf.tensor2d(ids, [1, L]);
    let blocksSeen = false;
    for (const layer of model.layers.slice(0, pool)) {
      if (layer instanceof TextTransformerBlock) {
        if (!blocksSeen) states.push(tf.keep(apply(tail, h)));
        blocksSeen = true;
        const p = layer.attentionProbs(h); // [1, H, L, L]
        nHead = p.shape[1];
        const idx = tf.tensor1d(positions, 'int32');
        probs.push(tf.keep(tf.gather(tf.gather(tf.squeeze(p, [0]), idx, 1), idx, 2)));
      }
      h = layer.apply(h, { training: false }) as tf.Tensor;
      if (blocksSeen) states.push(tf.keep(apply(tail, h)));
    }
    if (!blocksSeen) states.push(tf.keep(apply(tail, h)));
  });
  for (const p of probs) attention.push((await p.data()) as Float32Array);
  for (const s of states) lens.push((await s.data()) as Float32Array);
  tf.dispose([...probs, ...states]);
  return { positions, nHead, attention, lens };
}

/** The representation the head reads (the input of its last Dense layer) for n rows of ids: [n, dim]. */
export async function pooledRepresentation(model: tf.LayersModel, x: Float32Array, n: number, L: number): Promise<{ values: Float32Array; dim: number }> {
  const head = headIndex(model);
  const front = model.layers.slice(0, head);
  const out: Float32Array[] = [];
  let dim = 0;
  for (let s = 0; s < n; s += 256) {
    const e = Math.min(n, s + 256);
    const t = tf.tidy(() => apply(front, tf.tensor2d(x.subarray(s * L, e * L), [e - s, L])));
    dim = t.shape[1]!;
    out.push((await t.data()) as Float32Array);
    t.dispose();
  }
  const values = new Float32Array(n * dim);
  let at = 0;
  for (const o of out) {
    values.set(o, at);
    at += o.length;
  }
  return { values, dim };
}

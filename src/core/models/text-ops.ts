/**
 * The tf-op building blocks of the text layers (text-layers.ts): mask channel handling, seeded
 * dropout and initialisers, the embedding lookup with a ScatterNd gradient, window gathering for
 * convolutions, layer norm and exact GELU. Plain functions over tensors, no layer state.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../util/rng';

export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export type Shape = (number | null)[];
export type Kwargs = Record<string, unknown>;

export const nextSeed = (rng: Rng): number => rng.int(2147483647);
export const glorot = (rng: Rng) => tf.initializers.glorotUniform({ seed: nextSeed(rng) });
export const first = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);
export const shapeOf = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

/** Splits [b, L, d + 1] into the vectors [b, L, d] and the mask [b, L, 1]. */
export function splitMask(x: tf.Tensor): { h: tf.Tensor3D; m: tf.Tensor3D } {
  const [b, L, c] = x.shape as [number, number, number];
  return { h: tf.slice(x, [0, 0, 0], [b, L, c - 1]) as tf.Tensor3D, m: tf.slice(x, [0, 0, c - 1], [b, L, 1]) as tf.Tensor3D };
}

export const withMask = (h: tf.Tensor, m: tf.Tensor): tf.Tensor3D => tf.concat([h, m], -1) as tf.Tensor3D;

/**
 * Dropout whose mask changes at every training call, reproducibly (as `SeededDropout`, for use
 * inside composite layers). Identity when not training.
 */
export class DropoutStream {
  private calls = 0;
  constructor(
    private readonly rate: number,
    private readonly seed: number,
  ) {}

  apply(x: tf.Tensor, training: boolean): tf.Tensor {
    if (!training || this.rate <= 0) return x;
    const seed = (this.seed + this.calls++) % 2147483647;
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate), 'float32');
    return tf.mul(tf.mul(x, keep), 1 / (1 - this.rate));
  }
}

/** x [..., in] · w [in, out] + b, as one 2-D matMul. */
export function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [nIn, nOut] = w.shape as [number, number];
  const lead = x.shape.slice(0, -1);
  return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [-1, nIn]), w as tf.Tensor2D), b), [...lead, nOut]);
}

/**
 * table [V, d] rows picked by int32 ids [N] → [N, d]. Same as tf.gather, with the table's gradient
 * written as one ScatterNd (duplicate ids summed) instead of gather's UnsortedSegmentSum: the cpu
 * backend computes that with V passes over the batch (seconds per step for a real vocabulary) and
 * tfjs-backend-wasm 4.22 has no kernel for it. ScatterNd exists on cpu, wasm, webgl and webgpu.
 */
export const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [table, ids, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([ids]);
  const shape = table.shape;
  return {
    value: tf.gather(table, ids),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const idx = saved[0]!;
      return [tf.scatterND(tf.expandDims(idx, 1), dy, shape), tf.zeros(idx.shape)];
    },
  };
}) as (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor;

/** Row indices of the im2col windows: window (i, t) tap j reads row i·L + t + j − before, or `zeroRow` off the text. */
export function windowRows(b: number, L: number, k: number, zeroRow: number): tf.Tensor1D {
  const before = Math.floor((k - 1) / 2);
  const idx = new Int32Array(b * L * k);
  for (let i = 0, o = 0; i < b; i++) {
    for (let t = 0; t < L; t++) {
      for (let j = 0; j < k; j++, o++) {
        const s = t + j - before;
        idx[o] = s >= 0 && s < L ? i * L + s : zeroRow;
      }
    }
  }
  return tf.tensor1d(idx, 'int32');
}

/**
 * 1-D convolution of x [b, L, d] with w [k, d, f], 'same' length (TensorFlow's padding: ⌊(k−1)/2⌋
 * zeros before, the rest after): the k-token windows are gathered as rows [b·L, k·d] (`lookup`,
 * from x plus one zero row) and multiplied by w reshaped [k·d, f]. Equal to tf.conv1d, but its
 * gradients are one ScatterNd and matMuls, fast on every backend, where conv1d's filter gradient
 * (Conv2DBackpropFilter) is slow on cpu and missing from tfjs-backend-wasm 4.22.
 */
export function conv1dSame(x: tf.Tensor3D, w: tf.Tensor): tf.Tensor3D {
  const [k, d, f] = w.shape as [number, number, number];
  const [b, L] = x.shape;
  const rows = tf.concat([tf.reshape(x, [b * L, d]), tf.zeros([1, d])], 0);
  const windows = tf.reshape(lookup(rows, windowRows(b, L, k, b * L)), [b * L, k * d]);
  return tf.reshape(tf.matMul(windows, tf.reshape(w, [k * d, f])), [b, L, f]) as tf.Tensor3D;
}

/** LayerNorm over the last axis (biased variance, as PyTorch). */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

/** GELU, tanh approximation (GPT-2's "gelu_new"; also what tfjs-layers' 'gelu' computes). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

// ───────────────────────────── embedding ─────────────────────────────

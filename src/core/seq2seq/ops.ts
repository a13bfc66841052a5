/**
 * The encoder–decoder's own differentiable pieces on top of core/lm/ops: attention with an
 * additive (optionally trainable) bias and no score scaling (T5 folds 1/√d_kv into the query's
 * initialisation), RMSNorm, sinusoidal positions and a label-smoothed, masked cross-entropy.
 * Callers run these inside tf.tidy / gradient scopes.
 */
import * as tf from '@tensorflow/tfjs';
import { bmm } from '../lm/ops';

/**
 * softmax(q·kᵀ + bias + mask) · v. q [B, H, T, hd], k and v [B, H, S, hd]; bias [1, H, T, S]
 * (trainable: its gradient is dS summed over the batch) or null; mask: a constant additive tensor
 * broadcast to [B, H, T, S] (0 or −1e9) or null. Backward by hand with plain batched matMuls:
 * dV = Pᵀ·dO, dP = dO·vᵀ, dS = P ⊙ (dP − Σ dP ⊙ P), dQ = dS·k, dK = dSᵀ·q.
 */
export function biasedAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, bias: tf.Tensor | null, mask: tf.Tensor | null): tf.Tensor4D {
  const scores = (sq: tf.Tensor, sk: tf.Tensor, tb: tf.Tensor | null) => {
    let s = bmm(sq, sk, false, true);
    if (tb) s = tf.add(s, tb);
    if (mask) s = tf.add(s, mask);
    return tf.softmax(s);
  };
  const backward = (dO: tf.Tensor, q0: tf.Tensor, k0: tf.Tensor, v0: tf.Tensor, p0: tf.Tensor) => {
    const dV = bmm(p0, dO, true, false);
    const dP = bmm(dO, v0, false, true);
    const dS = tf.mul(p0, tf.sub(dP, tf.sum(tf.mul(dP, p0), -1, true)));
    return { dQ: bmm(dS, k0), dK: bmm(dS, q0, true, false), dV, dS };
  };
  if (bias) {
    const op = tf.customGrad((tq, tk, tv, tb, save) => {
      const p = scores(tq as tf.Tensor, tk as tf.Tensor, tb as tf.Tensor);
      (save as tf.GradSaveFunc)([tq as tf.Tensor, tk as tf.Tensor, tv as tf.Tensor, p]);
      return {
        value: bmm(p, tv as tf.Tensor),
        gradFunc: (dy, saved) => {
          const [q0, k0, v0, p0] = saved as tf.Tensor[];
          const g = backward(dy as tf.Tensor, q0!, k0!, v0!, p0!);
          return [g.dQ, g.dK, g.dV, tf.sum(g.dS, 0, true)];
        },
      };
    });
    return op(q, k, v, bias) as tf.Tensor4D;
  }
  const op = tf.customGrad((tq, tk, tv, save) => {
    const p = scores(tq as tf.Tensor, tk as tf.Tensor, null);
    (save as tf.GradSaveFunc)([tq as tf.Tensor, tk as tf.Tensor, tv as tf.Tensor, p]);
    return {
      value: bmm(p, tv as tf.Tensor),
      gradFunc: (dy, saved) => {
        const [q0, k0, v0, p0] = saved as tf.Tensor[];
        const g = backward(dy as tf.Tensor, q0!, k0!, v0!, p0!);
        return [g.dQ, g.dK, g.dV];
      },
    };
  });
  return op(q, k, v) as tf.Tensor4D;
}

/** The attention probabilities alone (no gradient): for the cross-attention heat map. */
export function attentionProbs(q: tf.Tensor, k: tf.Tensor, mask: tf.Tensor | null): tf.Tensor {
  const s = bmm(q, k, false, true);
  return tf.softmax(mask ? tf.add(s, mask) : s);
}

/** T5LayerNorm: x · rsqrt(mean(x²) + eps) · weight (no mean subtraction, no bias). */
export function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), weight);
}

/** Vaswani et al.'s table [n, d]: sin at even columns, cos at odd, wavelength 10000^(2i/d). */
export function sinusoidTable(n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i += 2) {
      const angle = p / 10000 ** (i / d);
      out[p * d + i] = Math.sin(angle);
      if (i + 1 < d) out[p * d + i + 1] = Math.cos(angle);
    }
  }
  return out;
}

/**
 * Σᵢ wᵢ · [(1 − ε)·(−log pᵢ[yᵢ]) + ε · mean_c(−log pᵢ[c])] / Σᵢ wᵢ, as PyTorch's
 * F.cross_entropy(label_smoothing=ε) with the padded positions weighted 0 (ignore_index).
 * logits [N, V], targets int32 [N], weights [N] (0 or 1). Backward: (softmax − smoothed one-hot)·wᵢ/Σw.
 */
export function smoothedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D, smoothing: number): tf.Scalar {
  const [, v] = logits.shape;
  const op = tf.customGrad((l, save) => {
    const tl = l as tf.Tensor2D;
    const lse = tf.logSumExp(tl, 1, true); // [N, 1]
    const logp = tf.sub(tl, lse);
    const target = tf.add(tf.mul(tf.cast(tf.oneHot(tf.cast(targets, 'int32'), v), 'float32'), 1 - smoothing), smoothing / v);
    const perRow = tf.neg(tf.sum(tf.mul(target, logp), 1)); // [N]
    const total = tf.maximum(tf.sum(weights), 1);
    (save as tf.GradSaveFunc)([logp, target, weights, total]);
    return {
      value: tf.div(tf.sum(tf.mul(perRow, weights)), total),
      gradFunc: (dy, saved) => {
        const [slogp, starget, sw, stotal] = saved as tf.Tensor[];
        const g = tf.sub(tf.exp(slogp!), starget!);
        return [tf.mul(g, tf.reshape(tf.div(tf.mul(sw!, dy as tf.Tensor), stotal!), [-1, 1]))];
      },
    };
  });
  return op(logits) as tf.Scalar;
}

/**
 * A BatchMatMul gradient that transposes explicitly and then calls plain matMul.
 *
 * tfjs's own gradient calls matMul with transposeA/transposeB set; tfjs-wasm 4.22 runs those on a
 * path 10–25× slower than a plain matMul of the same size, and a GPT training step spent most of
 * its time there (BROWSER-ML-NOTES: 4.2× faster step with this gradient, same losses). A transpose
 * is a cheap copy on every backend, so the registration is global.
 *
 * It also reduces broadcast batch dimensions (a [2,3,4] × b [4,5]: b's gradient is summed over
 * the batch), where tfjs 4.22's gradient fails its shape check.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';

/** Swaps the last two axes. */
function t(x: Tensor): Tensor {
  const r = x.rank;
  if (r < 2) return x;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/** Sums a gradient over the batch axes that `like` was broadcast along, then gives it like's shape. */
function unbroadcast(g: Tensor, like: Tensor): Tensor {
  if (tf.util.arraysEqual(g.shape, like.shape)) return g;
  const axes = tf.backend_util.getReductionAxes(like.shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, like.shape);
}

export const batchMatMulGradConfig: GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const g = dy as Tensor;
    const [a, b] = saved as [Tensor, Tensor];
    const transposeA = !!attrs.transposeA;
    const transposeB = !!attrs.transposeB;
    let da: () => Tensor;
    let db: () => Tensor;
    if (!transposeA && !transposeB) {
      // y = a·b
      da = () => tf.matMul(g, t(b));
      db = () => tf.matMul(t(a), g);
    } else if (!transposeA && transposeB) {
      // y = a·bᵀ
      da = () => tf.matMul(g, b);
      db = () => tf.matMul(t(g), a);
    } else if (transposeA && !transposeB) {
      // y = aᵀ·b
      da = () => tf.matMul(b, t(g));
      db = () => tf.matMul(a, g);
    } else {
      // y = aᵀ·bᵀ
      da = () => tf.matMul(t(b), t(g));
      db = () => tf.matMul(t(g), t(a));
    }
    return { a: () => unbroadcast(da(), a), b: () => unbroadcast(db(), b) };
  },
};

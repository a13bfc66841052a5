/**
 * Why one file over 400 lines: each op's forward and its hand-written backward stay side by side,
 * and the ops are the GPT graph's one vocabulary; split by op, the files would import each other.
 *
 * Differentiable building blocks of the GPT graph, as plain tfjs ops with hand-written gradients
 * (tf.customGrad). Why hand-written (BROWSER-ML-NOTES, "Training a small GPT on WASM"):
 * - autodiff of matMul emits matMuls with transposeA/transposeB set, which tfjs-wasm 4.22 runs
 *   10–25× slower than a plain matMul; here every backward matMul is a plain one on explicitly
 *   transposed operands, whatever gradient is registered globally;
 * - LayerNorm, GELU, attention and the loss take a handful of kernels backwards instead of the
 *   dozens autodiff emits (~2,200 kernels per step was the next bottleneck);
 * - gather's gradient needs UnsortedSegmentSum, which tfjs-wasm 4.22 lacks: the embedding's
 *   gradient is a scatterND (summing duplicates), the loss's a softmax minus a one-hot.
 * Every gradient is checked against PyTorch autograd by the golden test (fixtures/).
 *
 * Callers run these inside tf.tidy / gradient scopes; nothing here disposes its inputs.
 */
import * as tf from '@tensorflow/tfjs';
import {
  gptKernels,
  STUDIO_ATTENTION,
  STUDIO_ATTENTION_BLOCK,
  STUDIO_ATTENTION_BLOCK_GRAD,
  STUDIO_ATTENTION_GRAD,
  STUDIO_GELU,
  STUDIO_GELU_GRAD,
  STUDIO_LAYER_NORM,
  STUDIO_LAYER_NORM_GRAD,
  STUDIO_MATMUL,
  STUDIO_MLP_BLOCK,
  STUDIO_MLP_BLOCK_GRAD,
  STUDIO_SUM_ROWS,
} from '../kernels/gpt-fused';
import type { GeluKind } from './gpt-config';

const run = (name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}) => tf.engine().runKernel(name, inputs, attrs);

/** Swaps the last two axes (rank 2, 3 or 4). */
export function swapLast(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  if (r === 2) return tf.transpose(x);
  const perm = [...Array(r).keys()];
  perm[r - 1] = r - 2;
  perm[r - 2] = r - 1;
  return tf.transpose(x, perm);
}

/**
 * Batched matMul over the leading axes: a [..., M, K] · b [..., K, N] → [..., M, N], with optional
 * transposes of the last two axes. On wasm it runs as one depthwise convolution (XNNPACK): tfjs-wasm
 * 4.22 computes batched matMuls (batch > 1) on a naive path at ~1.7 GFLOP/s, 3–4× slower than
 * this for attention-sized blocks (64×32·32×64 per head). Each group g is a conv channel with
 * channel multiplier N; the filter is b[g] and the K axis is a stride-K window:
 *   input [1, M·K, 1, G] (a as [M, K, G]) ⊛ filter [K, 1, G, N] (b as [K, G, N]) → [1, M, 1, G·N].
 * Other backends use tf.matMul. No gradient of its own: used inside hand-written backward passes.
 */
export function bmm(a: tf.Tensor, b: tf.Tensor, transA = false, transB = false): tf.Tensor {
  const r = a.rank;
  const lead = a.shape.slice(0, r - 2);
  if (tf.getBackend() !== 'wasm' || r < 3) return tf.matMul(a, b, transA, transB);
  const G = lead.reduce((x, y) => x * y, 1);
  const [a1, a2] = [a.shape[r - 2]!, a.shape[r - 1]!];
  const [b1, b2] = [b.shape[r - 2]!, b.shape[r - 1]!];
  const [M, K] = transA ? [a2, a1] : [a1, a2];
  const N = transB ? b1 : b2;
  const a3 = tf.reshape(a, [G, a1, a2]);
  const b3 = tf.reshape(b, [G, b1, b2]);
  const input = tf.reshape(tf.transpose(a3, transA ? [2, 1, 0] : [1, 2, 0]), [1, M * K, 1, G]) as tf.Tensor4D;
  const filter = tf.reshape(tf.transpose(b3, transB ? [2, 0, 1] : [1, 0, 2]), [K, 1, G, N]) as tf.Tensor4D;
  const out = tf.depthwiseConv2d(input, filter, [K, 1], 'valid'); // [1, M, 1, G·N]
  return tf.reshape(tf.transpose(tf.reshape(out, [M, G, N]), [1, 0, 2]), [...lead, M, N]);
}

/**
 * Column sums of a 2-D tensor [N, C] → [C]. On wasm as ones[1, N] · x (XNNPACK), because its Sum
 * over a non-innermost axis transposes first and is several times slower.
 */
export function sumRows(x: tf.Tensor): tf.Tensor {
  if (gptKernels()) return run(STUDIO_SUM_ROWS, { x }) as tf.Tensor;
  if (tf.getBackend() !== 'wasm') return tf.sum(x, 0);
  const [n, c] = x.shape as [number, number];
  return tf.reshape(tf.matMul(tf.ones([1, n]), x as tf.Tensor2D), [c]);
}

/**
 * a [M, K] · b [K, N] (+ bias [N]), or a · bᵀ for b [N, K] with transB. With the studio's wasm
 * kernels, their gemm: on engines with relaxed SIMD it uses fused multiply-adds and runs ~1.4×
 * XNNPACK's speed here (scripts/lm/gemm-speed.ts), and it reads a transposed b in place (tfjs-wasm's
 * Transpose kernel cost ~5 % of a GPT step). Elsewhere an explicit transpose and a plain matMul.
 */
function mm(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor, transB = false): tf.Tensor {
  if (a.rank === 2 && b.rank === 2 && gptKernels()) return run(STUDIO_MATMUL, bias ? { a, b, bias } : { a, b }, { transA: false, transB }) as tf.Tensor;
  const bb = transB ? swapLast(b) : b;
  if (bias) return tf.fused.matMul({ a: a as tf.Tensor2D, b: bb as tf.Tensor2D, bias });
  return tf.matMul(a, bb);
}

/**
 * xᵀ · g for x [N, in], g [N, out] (a weight's gradient). With the studio's wasm kernels one gemm
 * reads x transposed in place: no transpose copy of the activations, no packing of g.
 */
function weightGrad(x: tf.Tensor, g: tf.Tensor): tf.Tensor {
  if (x.rank === 2 && g.rank === 2 && gptKernels()) return run(STUDIO_MATMUL, { a: x, b: g }, { transA: true, transB: false }) as tf.Tensor;
  return tf.matMul(swapLast(x), g);
}

const matMulOp = tf.customGrad((a, b, save) => {
  const [ta, tb] = [a as tf.Tensor, b as tf.Tensor];
  (save as tf.GradSaveFunc)([ta, tb]);
  return {
    value: mm(ta, tb),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      return [mm(g, sb, undefined, true), weightGrad(sa, g)];
    },
  };
});

const matMulTransBOp = tf.customGrad((a, b, save) => {
  const [ta, tb] = [a as tf.Tensor2D, b as tf.Tensor2D];
  (save as tf.GradSaveFunc)([ta, tb]);
  return {
    value: mm(ta, tb, undefined, true),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      // d(a·bᵀ)/da = g·b; d/db = gᵀ·a
      return [mm(g, sb), weightGrad(g, sa)];
    },
  };
});

/**
 * a [M, K] · bᵀ for b [N, K] → [M, N] (the tied head h · wteᵀ) with plain-matMul gradients and no
 * transpose kernel either way on the studio's wasm kernels.
 */
export function matMulTransB(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return matMulTransBOp(a, b) as tf.Tensor2D;
}

/** a [..., M, K] · b [..., K, N] (same rank, same batch dims) with plain-matMul gradients. */
export function matMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return matMulOp(a, b);
}

const linearBiasOp = tf.customGrad((x, w, b, save) => {
  const [tx, tw, tb] = [x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D];
  (save as tf.GradSaveFunc)([tx, tw]);
  return {
    value: mm(tx, tw, tb),
    gradFunc: (dy, saved) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [mm(g, sw, undefined, true), weightGrad(sx, g), sumRows(g)];
    },
  };
});

/**
 * x [..., in] · w [in, out] (+ b [out]) → [..., out]: GPT-2 Conv1D layout (which is also nn.Linear's
 * weight transposed), one fused matMul+bias kernel forwards.
 */
export function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | undefined): tf.Tensor {
  const [nIn, nOut] = w.shape as [number, number];
  const lead = x.shape.slice(0, -1);
  const x2 = tf.reshape(x, [-1, nIn]);
  const y = b ? linearBiasOp(x2, w, b) : matMulOp(x2, w);
  return tf.reshape(y, [...lead, nOut]);
}

/**
 * LayerNorm over the last axis with biased variance, as PyTorch's F.layer_norm:
 * y = (x − mean) / √(var + eps) · weight + bias. x [..., C], weight/bias [C].
 * Backward: dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)) with g = dy · weight.
 */
export function layerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined, eps: number): tf.Tensor {
  const shape = x.shape;
  const C = shape[shape.length - 1]!;
  const x2 = tf.reshape(x, [-1, C]);
  if (gptKernels()) return tf.reshape(fusedLayerNorm(x2, weight, bias, eps), shape);
  const forward = (tx: tf.Tensor, tw: tf.Tensor, save: tf.GradSaveFunc) => {
    const mean = tf.mean(tx, -1, true);
    const xc = tf.sub(tx, mean);
    const variance = tf.mean(tf.square(xc), -1, true);
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(xc, rstd);
    save([xhat, rstd, tw]);
    return xhat;
  };
  const backwardX = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [xhat, rstd, tw] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    const g = tf.mul(dy, tw);
    const inner = tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(xhat, tf.mean(tf.mul(g, xhat), -1, true)));
    return { dx: tf.mul(inner, rstd), dw: sumRows(tf.mul(dy, xhat)), xhat };
  };
  let y: tf.Tensor;
  if (bias) {
    y = tf.customGrad((tx, tw, tb, save) => {
      const xhat = forward(tx as tf.Tensor, tw as tf.Tensor, save as tf.GradSaveFunc);
      return {
        value: tf.add(tf.mul(xhat, tw as tf.Tensor), tb as tf.Tensor),
        gradFunc: (dy, saved) => {
          const { dx, dw } = backwardX(dy as tf.Tensor, saved);
          return [dx, dw, sumRows(dy as tf.Tensor)];
        },
      };
    })(x2, weight, bias);
  } else {
    y = tf.customGrad((tx, tw, save) => {
      const xhat = forward(tx as tf.Tensor, tw as tf.Tensor, save as tf.GradSaveFunc);
      return {
        value: tf.mul(xhat, tw as tf.Tensor),
        gradFunc: (dy, saved) => {
          const { dx, dw } = backwardX(dy as tf.Tensor, saved);
          return [dx, dw];
        },
      };
    })(x2, weight);
  }
  return tf.reshape(y, shape);
}

/** LayerNorm as one studio wasm kernel each way (gpt-fused.ts); x [N, C]. */
function fusedLayerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined, eps: number): tf.Tensor {
  const forward = (tx: tf.Tensor, tw: tf.Tensor, tb: tf.Tensor | undefined, save: tf.GradSaveFunc) => {
    const [y, stats] = run(STUDIO_LAYER_NORM, tb ? { x: tx, w: tw, bias: tb } : { x: tx, w: tw }, { eps }) as tf.Tensor[];
    save([tx, tw, stats!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sw, stats0] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return run(STUDIO_LAYER_NORM_GRAD, { x: sx, w: sw, stats: stats0, dy: dy as tf.Tensor }, { hasBias: !!tb }) as tf.Tensor[];
      },
    };
  };
  if (bias) return tf.customGrad((tx, tw, tb, save) => forward(tx as tf.Tensor, tw as tf.Tensor, tb as tf.Tensor, save as tf.GradSaveFunc))(x, weight, bias);
  return tf.customGrad((tx, tw, save) => forward(tx as tf.Tensor, tw as tf.Tensor, undefined, save as tf.GradSaveFunc))(x, weight);
}

// The forward writes GELU's derivative beside its value; the backward multiplies by it. Where no
// gradient is recorded (inference, evaluation) gelu() runs the kernel for the value only.
const geluFusedOp = tf.customGrad((x, save) => {
  const [y, d] = run(STUDIO_GELU, { x: x as tf.Tensor }, { withGrad: true }) as tf.Tensor[];
  (save as tf.GradSaveFunc)([d!]);
  return {
    value: y!,
    gradFunc: (dy, saved) => [run(STUDIO_GELU_GRAD, { d: saved[0]!, dy: dy as tf.Tensor }) as tf.Tensor],
  };
});

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const geluExactOp = tf.customGrad((x, save) => {
  const tx = x as tf.Tensor;
  (save as tf.GradSaveFunc)([tx]);
  return {
    value: tf.mul(tf.mul(tx, 0.5), tf.add(tf.erf(tf.mul(tx, Math.SQRT1_2)), 1)),
    gradFunc: (dy, saved) => {
      const [sx] = saved as [tf.Tensor];
      // d/dx = Φ(x) + x·φ(x), Φ(x) = ½(1 + erf(x/√2)), φ(x) = exp(−x²/2)/√(2π)
      const cdf = tf.mul(tf.add(tf.erf(tf.mul(sx, Math.SQRT1_2)), 1), 0.5);
      const pdf = tf.mul(tf.exp(tf.mul(tf.square(sx), -0.5)), INV_SQRT_2PI);
      return [tf.mul(dy as tf.Tensor, tf.add(cdf, tf.mul(sx, pdf)))];
    },
  };
});

const geluTanhOp = tf.customGrad((x, save) => {
  const tx = x as tf.Tensor;
  const x2 = tf.square(tx);
  const th = tf.tanh(tf.mul(tf.mul(tx, tf.add(tf.mul(x2, 0.044715), 1)), SQRT_2_OVER_PI));
  (save as tf.GradSaveFunc)([tx, th]);
  return {
    value: tf.mul(tf.mul(tx, 0.5), tf.add(th, 1)),
    gradFunc: (dy, saved) => {
      const [sx, sth] = saved as [tf.Tensor, tf.Tensor];
      // d/dx = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²), t = tanh(…)
      const sech2 = tf.sub(1, tf.square(sth));
      const dInner = tf.mul(tf.add(tf.mul(tf.square(sx), 3 * 0.044715), 1), SQRT_2_OVER_PI);
      const d = tf.add(tf.mul(tf.add(sth, 1), 0.5), tf.mul(tf.mul(tf.mul(sx, 0.5), sech2), dInner));
      return [tf.mul(dy as tf.Tensor, d)];
    },
  };
});

/**
 * GELU. 'exact' = 0.5·x·(1 + erf(x/√2)) (PyTorch F.gelu default, HF "gelu");
 * 'tanh' = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (GPT-2, HF "gelu_new"). They differ by < 1e-3.
 */
export function gelu(x: tf.Tensor, kind: GeluKind): tf.Tensor {
  if (kind === 'tanh') return geluTanhOp(x);
  if (x.size % 4 !== 0 || !gptKernels()) return geluExactOp(x);
  return tf.engine().isTapeOn() ? geluFusedOp(x) : (run(STUDIO_GELU, { x }, { withGrad: false }) as tf.Tensor);
}

/** A transformer block's MLP half: LayerNorm, c_fc, exact GELU, c_proj (biases all or none). */
export interface MlpWeights {
  lnW: tf.Tensor;
  lnB?: tf.Tensor;
  fcW: tf.Tensor;
  fcB?: tf.Tensor;
  projW: tf.Tensor;
  projB?: tf.Tensor;
}

/**
 * x + c_proj(gelu(c_fc(ln(x)))) for x [..., C] with exact GELU: one studio wasm kernel each way
 * (gpt-fused.ts, STUDIO_MLP_BLOCK) where those kernels run, else the same ops one by one.
 */
export function mlpBlock(x: tf.Tensor, w: MlpWeights, eps: number): tf.Tensor {
  const biases = [w.lnB, w.fcB, w.projB].filter((t): t is tf.Tensor => t !== undefined);
  const C = x.shape[x.rank - 1]!;
  if (!gptKernels() || (biases.length !== 0 && biases.length !== 3) || ((x.size / C) * w.fcW.shape[1]!) % 4 !== 0) {
    return tf.add(x, linear(gelu(linear(layerNorm(x, w.lnW, w.lnB, eps), w.fcW, w.fcB), 'exact'), w.projW, w.projB));
  }
  const hasBias = biases.length === 3;
  const x2 = tf.reshape(x, [-1, C]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [tx, lnW, fcW, projW, lnB, fcB, projB] = args as tf.Tensor[];
    const inputs: tf.NamedTensorMap = hasBias ? { x: tx!, lnW: lnW!, fcW: fcW!, projW: projW!, lnB: lnB!, fcB: fcB!, projB: projB! } : { x: tx!, lnW: lnW!, fcW: fcW!, projW: projW! };
    const [out, h, stats, a, d] = run(STUDIO_MLP_BLOCK, inputs, { eps }) as tf.Tensor[];
    save([tx!, lnW!, stats!, h!, a!, d!, fcW!, projW!]);
    return {
      value: out!,
      gradFunc: (dy, saved) => {
        const [sx, slnW, sstats, sh, sa, sd, sfcW, sprojW] = saved as tf.Tensor[];
        const g = { dy: dy as tf.Tensor, x: sx!, lnW: slnW!, stats: sstats!, h: sh!, a: sa!, d: sd!, fcW: sfcW!, projW: sprojW! };
        return run(STUDIO_MLP_BLOCK_GRAD, g, { hasBias }) as tf.Tensor[];
      },
    };
  });
  const y = hasBias ? op(x2, w.lnW, w.fcW, w.projW, w.lnB!, w.fcB!, w.projB!) : op(x2, w.lnW, w.fcW, w.projW);
  return tf.reshape(y, x.shape);
}

/**
 * Scaled dot-product attention with an additive mask: softmax(q·kᵀ·scale + maskBias) · v.
 * q [B, H, T, hd], k and v [B, H, S, hd], maskBias [T, S] (0 or −1e9) → [B, H, T, hd].
 * keep (optional, [B, H, T, S]) is a dropout multiplier on the attention weights (0 or 1/(1−p)).
 * Backward by hand: dV = Pᵀ·dO, dP = dO·vᵀ, dS = P ⊙ (dP − Σ dP ⊙ P), dQ = dS·k·scale, dK = dSᵀ·q·scale.
 */
export function attention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, maskBias: tf.Tensor2D, keep?: tf.Tensor): tf.Tensor4D {
  const scale = 1 / Math.sqrt(q.shape[3]);
  const op = tf.customGrad((tq, tk, tv, save) => {
    const [sq, sk, sv] = [tq as tf.Tensor4D, tk as tf.Tensor4D, tv as tf.Tensor4D];
    const scores = tf.add(tf.mul(bmm(sq, sk, false, true), scale), maskBias);
    const p = tf.softmax(scores);
    const pd = keep ? tf.mul(p, keep) : p;
    (save as tf.GradSaveFunc)(keep ? [sq, sk, sv, p, pd, keep] : [sq, sk, sv, p, pd]);
    return {
      value: bmm(pd, sv),
      gradFunc: (dy, saved) => {
        const [q0, k0, v0, p0, pd0, keep0] = saved as tf.Tensor4D[];
        const dO = dy as tf.Tensor4D;
        const dV = bmm(pd0!, dO, true, false);
        let dP = bmm(dO, v0!, false, true);
        if (keep0) dP = tf.mul(dP, keep0);
        const dS = tf.mul(tf.mul(p0!, tf.sub(dP, tf.sum(tf.mul(dP, p0!), -1, true))), scale);
        return [bmm(dS, k0!), bmm(dS, q0!, true, false), dV];
      },
    };
  });
  return op(q, k, v) as tf.Tensor4D;
}

/**
 * Causal multi-head self-attention straight from the fused projection: qkv [B, T, 3C] (q | k | v,
 * head h at columns h·hd of each) → [B, T, C] with the heads merged, as
 * merge(attention(split(qkv), causal mask)) without dropout. One studio wasm kernel each way (no
 * head transposes, no mask tensor); null when those kernels are not available (other backends).
 */
export function fusedCausalAttention(qkv: tf.Tensor, heads: number): tf.Tensor | null {
  if (!gptKernels()) return null;
  const op = tf.customGrad((x, save) => {
    const [y, probs] = run(STUDIO_ATTENTION, { qkv: x as tf.Tensor }, { heads }) as tf.Tensor[];
    (save as tf.GradSaveFunc)([x as tf.Tensor, probs!]);
    return {
      value: y!,
      gradFunc: (dy, saved) => [run(STUDIO_ATTENTION_GRAD, { qkv: saved[0]!, probs: saved[1]!, dy: dy as tf.Tensor }, { heads }) as tf.Tensor],
    };
  });
  return op(qkv);
}

/** A transformer block's attention half: LayerNorm, c_attn (q | k | v), c_proj (biases all or none). */
export interface AttentionWeights {
  lnW: tf.Tensor;
  lnB?: tf.Tensor;
  qkvW: tf.Tensor;
  qkvB?: tf.Tensor;
  projW: tf.Tensor;
  projB?: tf.Tensor;
}

/**
 * x + c_proj(causalAttention(c_attn(ln(x)))) for x [B, T, C], no dropout: one studio wasm kernel
 * each way (gpt-fused.ts, STUDIO_ATTENTION_BLOCK); null where those kernels do not run (or the
 * biases are neither all there nor all absent), and the caller composes the ops.
 */
export function attentionBlock(x: tf.Tensor, w: AttentionWeights, heads: number, eps: number): tf.Tensor | null {
  const biases = [w.lnB, w.qkvB, w.projB].filter((t): t is tf.Tensor => t !== undefined);
  if (!gptKernels() || (biases.length !== 0 && biases.length !== 3) || x.rank !== 3) return null;
  const hasBias = biases.length === 3;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [tx, lnW, qkvW, projW, lnB, qkvB, projB] = args as tf.Tensor[];
    const inputs: tf.NamedTensorMap = hasBias ? { x: tx!, lnW: lnW!, qkvW: qkvW!, projW: projW!, lnB: lnB!, qkvB: qkvB!, projB: projB! } : { x: tx!, lnW: lnW!, qkvW: qkvW!, projW: projW! };
    const [out, h, stats, qkv, probs, y] = run(STUDIO_ATTENTION_BLOCK, inputs, { eps, heads }) as tf.Tensor[];
    save([tx!, lnW!, stats!, h!, qkv!, probs!, y!, qkvW!, projW!]);
    return {
      value: out!,
      gradFunc: (dy, saved) => {
        const [sx, slnW, sstats, sh, sqkv, sprobs, sy, sqkvW, sprojW] = saved as tf.Tensor[];
        const g = { dy: dy as tf.Tensor, x: sx!, lnW: slnW!, stats: sstats!, h: sh!, qkv: sqkv!, probs: sprobs!, y: sy!, qkvW: sqkvW!, projW: sprojW! };
        return run(STUDIO_ATTENTION_BLOCK_GRAD, g, { hasBias, heads }) as tf.Tensor[];
      },
    };
  });
  return hasBias ? op(x, w.lnW, w.qkvW, w.projW, w.lnB!, w.qkvB!, w.projB!) : op(x, w.lnW, w.qkvW, w.projW);
}

/**
 * Embedding lookup table [V, C] at int32 ids [...] → [..., C]. Gradient: scatterND of the incoming
 * rows into a [V, C] zero table (duplicates summed), which tfjs-wasm has, unlike UnsortedSegmentSum.
 */
export function embedding(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [V, C] = table.shape as [number, number];
  const flat = tf.reshape(tf.cast(ids, 'int32'), [-1]);
  const n = flat.shape[0];
  const op = tf.customGrad((t, save) => {
    (save as tf.GradSaveFunc)([flat]); // closure tensors die with the caller's tidy: save them
    return {
      value: tf.gather(t as tf.Tensor, flat),
      gradFunc: (dy, saved) => [tf.scatterND(tf.reshape(saved[0]!, [n, 1]), dy as tf.Tensor, [V, C])],
    };
  });
  return tf.reshape(op(table), [...ids.shape, C]);
}

/**
 * Mean next-token cross-entropy from logits [N, V] and int32 targets [N]:
 * mean(logSumExp(logits) − logits[target]), as F.cross_entropy. No one-hot forwards (a gather on
 * the flattened logits); backwards (softmax − one-hot)·dy/N.
 */
export function crossEntropyFromLogits(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const [n, v] = logits.shape;
  const tgt = tf.cast(targets, 'int32');
  const op = tf.customGrad((l, save) => {
    const tl = l as tf.Tensor2D;
    const lse = tf.logSumExp(tl, 1, true); // [N, 1]
    const flatIdx = tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(v, 'int32')), tgt);
    const picked = tf.gather(tf.reshape(tl, [n * v]), flatIdx);
    (save as tf.GradSaveFunc)([tl, lse, tgt]);
    return {
      value: tf.mean(tf.sub(tf.reshape(lse, [n]), picked)),
      gradFunc: (dy, saved) => {
        const [sl, slse, stgt] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        // BROWSER-ML-NOTES: a float oneHot on wasm writes int32 bit patterns; cast an int32 one.
        const oneHot = tf.cast(tf.oneHot(stgt, v), 'float32');
        const g = tf.sub(tf.exp(tf.sub(sl, slse)), oneHot);
        return [tf.mul(g, tf.div(dy as tf.Tensor, n))];
      },
    };
  });
  return op(logits) as tf.Scalar;
}

/** Additive causal mask [T, T]: 0 where key j ≤ query i, −1e9 elsewhere (exp underflows to exactly 0). */
export function causalMaskBias(t: number): tf.Tensor2D {
  const m = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) m[i * t + j] = -1e9;
  return tf.tensor2d(m, [t, t]);
}

/** Standard normal samples from a seeded uniform source (Box–Muller), scaled by std. */
export function normalArray(n: number, std: number, uniform: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    const a = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

/** Dropout multiplier [shape]: 0 with probability rate, else 1/(1 − rate); seeded. */
export function dropoutKeep(shape: number[], rate: number, seed: number): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.randomUniform(shape, 0, 1, 'float32', seed);
    return tf.mul(tf.cast(tf.greaterEqual(u, rate), 'float32'), 1 / (1 - rate));
  });
}

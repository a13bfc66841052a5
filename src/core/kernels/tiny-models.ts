/**
 * Tiny text models used to check that training works on a backend (tests, bench): each model is
 * built with weights drawn from a seeded rng (not tfjs initialisers), so two backends start from
 * bit-identical weights and the same seeded run must give the same losses.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../util/rng';

export interface TinyBatch {
  /** Token ids, batch × seqLen, int32 (0 is padding). */
  x: tf.Tensor2D;
  /** Class ids, batch, int32. */
  y: tf.Tensor1D;
}

export interface TinyModel {
  readonly variables: tf.Variable[];
  /** Mean cross-entropy of the logits on a batch (training mode). */
  loss(batch: TinyBatch): tf.Scalar;
  dispose(): void;
}

export interface TinyConfig {
  vocab: number;
  seqLen: number;
  classes: number;
  dim: number;
}

export const TINY: TinyConfig = { vocab: 40, seqLen: 12, classes: 3, dim: 16 };

function uniform(rng: Rng, shape: number[], scale: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) v[i] = (rng.next() * 2 - 1) * scale;
  return tf.tensor(v, shape);
}

/** Seeded token batches: ids in [1, vocab) with trailing padding; the label depends on the tokens. */
export function tinyBatches(cfg: TinyConfig, batchSize: number, count: number, seed: number): { x: Int32Array; y: Int32Array }[] {
  const rng = createRng(seed);
  const out: { x: Int32Array; y: Int32Array }[] = [];
  for (let b = 0; b < count; b++) {
    const x = new Int32Array(batchSize * cfg.seqLen);
    const y = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      const len = 3 + rng.int(cfg.seqLen - 2);
      let s = 0;
      for (let t = 0; t < len; t++) {
        const tok = 1 + rng.int(cfg.vocab - 1);
        x[i * cfg.seqLen + t] = tok;
        s += tok;
      }
      y[i] = s % cfg.classes;
    }
    out.push({ x, y });
  }
  return out;
}

export function crossEntropy(logits: tf.Tensor2D, y: tf.Tensor1D, classes: number): tf.Scalar {
  return tf.tidy(() => {
    // .toFloat(): tf.oneHot with a float dtype is broken on wasm 4.22 (BROWSER-ML-NOTES).
    const target = tf.oneHot(y, classes).toFloat();
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  });
}

/** A tfjs-layers model whose weights are overwritten with seeded values. */
function layersModel(layers: tf.layers.Layer[], cfg: TinyConfig, seed: number): TinyModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [cfg.seqLen], dtype: 'int32' }));
  for (const l of layers) model.add(l);
  const rng = createRng(seed);
  const init = model.getWeights().map((w) => uniform(rng, w.shape, 0.3));
  model.setWeights(init);
  tf.dispose(init);
  const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  return {
    variables,
    loss: ({ x, y }) => tf.tidy(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y, cfg.classes)),
    dispose: () => model.dispose(),
  };
}

export function embeddingAvgPool(cfg: TinyConfig, seed: number): TinyModel {
  return layersModel(
    [
      tf.layers.embedding({ inputDim: cfg.vocab, outputDim: cfg.dim }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: cfg.classes }),
    ],
    cfg,
    seed,
  );
}

export function embeddingConv1d(cfg: TinyConfig, seed: number): TinyModel {
  return layersModel(
    [
      tf.layers.embedding({ inputDim: cfg.vocab, outputDim: cfg.dim }),
      tf.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' }),
      tf.layers.globalMaxPooling1d(),
      tf.layers.dense({ units: cfg.classes }),
    ],
    cfg,
    seed,
  );
}

export function embeddingBiRnn(cell: 'gru' | 'lstm', cfg: TinyConfig, seed: number): TinyModel {
  const units = 8;
  const layer = cell === 'gru' ? tf.layers.gru({ units }) : tf.layers.lstm({ units });
  return layersModel(
    [
      tf.layers.embedding({ inputDim: cfg.vocab, outputDim: cfg.dim }),
      tf.layers.bidirectional({ layer: layer as tf.RNN, mergeMode: 'concat' }),
      tf.layers.dense({ units: cfg.classes }),
    ],
    cfg,
    seed,
  );
}

function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** GELU, tanh form, from plain ops (what a hand-written GPT block uses). */
function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/**
 * One pre-norm transformer block with causal and padding masks, from tf ops: token + position
 * embeddings (gather), 2-head attention (batched matMul with transposeB, softmax, where), GELU MLP,
 * mean pooling over real tokens, a linear head.
 */
export function tinyTransformer(cfg: TinyConfig, seed: number): TinyModel {
  const rng = createRng(seed);
  const d = cfg.dim;
  const heads = 2;
  const hd = d / heads;
  const variable = (init: tf.Tensor, name: string) => {
    const out = tf.variable(init, true, `${name}_${seed}_${rng.int(1e9)}`);
    init.dispose();
    return out;
  };
  const v = (shape: number[], scale: number, name: string) => variable(uniform(rng, shape, scale), name);
  const one = (shape: number[], name: string) => variable(tf.ones(shape), name);
  const zero = (shape: number[], name: string) => variable(tf.zeros(shape), name);
  const tok = v([cfg.vocab, d], 0.3, 'tok');
  const pos = v([cfg.seqLen, d], 0.3, 'pos');
  const g1 = one([d], 'g1');
  const b1 = zero([d], 'b1');
  const wqkv = v([d, 3 * d], 0.3, 'wqkv');
  const wo = v([d, d], 0.3, 'wo');
  const g2 = one([d], 'g2');
  const b2 = zero([d], 'b2');
  const w1 = v([d, 4 * d], 0.3, 'w1');
  const c1 = zero([4 * d], 'c1');
  const w2 = v([4 * d, d], 0.2, 'w2');
  const head = v([d, cfg.classes], 0.3, 'head');
  const variables = [tok, pos, g1, b1, wqkv, wo, g2, b2, w1, c1, w2, head];
  const T = cfg.seqLen;
  const causal = tf.tidy(() => tf.linalg.bandPart(tf.ones([T, T]), -1, 0).cast('bool'));

  const loss = ({ x, y }: TinyBatch) =>
    tf.tidy(() => {
      const B = x.shape[0];
      const real = tf.notEqual(x, 0); // B × T
      let h = tf.add(tf.gather(tok, x), pos) as tf.Tensor3D; // B × T × d
      const a = layerNorm(h, g1, b1);
      const qkv = tf.reshape(tf.matMul(tf.reshape(a, [B * T, d]), wqkv), [B, T, 3, heads, hd]);
      const split = (i: number) => tf.reshape(tf.transpose(tf.squeeze(tf.slice(qkv, [0, 0, i, 0, 0], [B, T, 1, heads, hd]), [2]), [0, 2, 1, 3]), [B * heads, T, hd]);
      const q = split(0);
      const k = split(1);
      const val = split(2);
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)).reshape([B, heads, T, T]);
      const keyOk = tf.logicalAnd(causal.reshape([1, 1, T, T]), real.reshape([B, 1, 1, T]));
      const masked = tf.where(tf.broadcastTo(keyOk, [B, heads, T, T]), scores, tf.fill([B, heads, T, T], -1e9));
      const att = tf.softmax(masked).reshape([B * heads, T, T]);
      const ctx = tf.reshape(tf.transpose(tf.reshape(tf.matMul(att, val), [B, heads, T, hd]), [0, 2, 1, 3]), [B * T, d]);
      h = tf.add(h, tf.reshape(tf.matMul(ctx, wo), [B, T, d]));
      const m = tf.reshape(layerNorm(h, g2, b2), [B * T, d]);
      h = tf.add(h, tf.reshape(tf.matMul(gelu(tf.add(tf.matMul(m, w1), c1)), w2), [B, T, d]));
      const weights = tf.expandDims(tf.cast(real, 'float32'), -1);
      const pooled = tf.div(tf.sum(tf.mul(h, weights), 1), tf.sum(weights, 1)) as tf.Tensor2D;
      return crossEntropy(tf.matMul(pooled, head), y, cfg.classes);
    });
  return { variables, loss, dispose: () => [...variables, causal].forEach((t) => t.dispose()) };
}

export const TINY_MODELS: Record<string, (cfg: TinyConfig, seed: number) => TinyModel> = {
  'embedding-avgpool': embeddingAvgPool,
  'embedding-conv1d': embeddingConv1d,
  'embedding-bigru': (c, s) => embeddingBiRnn('gru', c, s),
  'embedding-bilstm': (c, s) => embeddingBiRnn('lstm', c, s),
  transformer: tinyTransformer,
};

/** Trains `steps` Adam steps on seeded batches on the current backend; returns each step's loss. */
export function trainTiny(make: (cfg: TinyConfig, seed: number) => TinyModel, steps: number, seed = 1, cfg: TinyConfig = TINY, batchSize = 8): number[] {
  const model = make(cfg, seed);
  const data = tinyBatches(cfg, batchSize, steps, seed + 1);
  const opt = tf.train.adam(0.01);
  const losses: number[] = [];
  try {
    for (const { x, y } of data) {
      const batch = { x: tf.tensor2d(x, [batchSize, cfg.seqLen], 'int32'), y: tf.tensor1d(y, 'int32') };
      const l = opt.minimize(() => model.loss(batch), true, model.variables);
      losses.push(l!.dataSync()[0]!);
      l!.dispose();
      batch.x.dispose();
      batch.y.dispose();
    }
  } finally {
    opt.dispose();
    model.dispose();
  }
  return losses;
}

/**
 * Custom tfjs layers of the text families, built from plain tf ops that every backend has
 * (gather, matMul, conv1d, softmax, tanh …). tfjs-layers 4.22 has no MultiHeadAttention, and its
 * own masking is not usable here: the training loop applies the layers one after the other
 * (`core/train/forward.ts`), so Keras-style masks would reach the layers in `model.predict` but not
 * in training. Instead the padding mask travels *inside* the tensor:
 *
 *   ids [b, L] ──TextTokenEmbedding──▶ [b, L, d + 1]  (channels 0..d−1: vectors, channel d: 1 = token, 0 = pad)
 *
 * and every sequence layer reads the mask from the last channel and passes it on. Pad positions
 * never influence real ones (they are zeroed before convolutions, masked out of attention keys,
 * skipped by the recurrent cells and left out of pooling), so predictions do not depend on how
 * much padding follows the text.
 *
 * Registered for (de)serialisation under stable class names: import this module before loading a
 * saved text model (`models/registry` does).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../util/rng';
import { biRecurrentParams, gatesOf, transformerBlockParams, type RecurrentCell } from './info/counts';
import { type LayerArgs, type Shape, nextSeed, glorot, first, shapeOf, splitMask, withMask, linear, lookup, conv1dSame, gelu } from './text-ops';

export interface TokenEmbeddingArgs {
  vocabSize: number;
  dim: number;
  /** > 0: adds a learned position embedding of this many rows (the model's maxLength). */
  positions: number;
  seed: number;
}

/**
 * ids [b, L] (float32, pad = 0) → [b, L, dim + 1]: token vectors (+ learned positions), zero at pad
 * positions, with the mask as the last channel. Ids outside [0, vocabSize) are clipped to the range.
 */
export class TextTokenEmbedding extends tf.layers.Layer {
  static readonly className = 'TextTokenEmbedding';
  private readonly cfg: TokenEmbeddingArgs;
  private table: tf.LayerVariable | null = null;
  private pos: tf.LayerVariable | null = null;

  constructor(args: LayerArgs & TokenEmbeddingArgs) {
    super(args);
    this.cfg = { vocabSize: args.vocabSize, dim: args.dim, positions: args.positions, seed: args.seed };
  }

  override build(): void {
    const rng = createRng(this.cfg.seed);
    const init = () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: nextSeed(rng) });
    this.table = this.addWeight('embeddings', [this.cfg.vocabSize, this.cfg.dim], 'float32', init());
    if (this.cfg.positions > 0) this.pos = this.addWeight('positions', [this.cfg.positions, this.cfg.dim], 'float32', init());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = shapeOf(inputShape);
    return [s[0] ?? null, s[1] ?? null, this.cfg.dim + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = first(inputs);
      const [b, L] = ids.shape as [number, number];
      const idx = tf.cast(tf.clipByValue(ids, 0, this.cfg.vocabSize - 1), 'int32');
      let h = tf.reshape(lookup(this.table!.read(), tf.reshape(idx, [-1])), [b, L, this.cfg.dim]);
      if (this.pos) h = tf.add(h, tf.slice(this.pos.read(), [0, 0], [L, this.cfg.dim]));
      const m = tf.expandDims(tf.cast(tf.greater(idx, 0), 'float32'), -1);
      return withMask(tf.mul(h, m), m);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}

// ───────────────────────────── pooling ─────────────────────────────

/** [b, L, d + 1] → [b, d]: the mean of the token vectors, pads left out (an all-pad text gives 0). */
export class TextMaskedMeanPool extends tf.layers.Layer {
  static readonly className = 'TextMaskedMeanPool';

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = shapeOf(inputShape);
    return [s[0] ?? null, (s[2] ?? 1) - 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { h, m } = splitMask(first(inputs));
      return tf.div(tf.sum(tf.mul(h, m), 1), tf.maximum(tf.sum(m, 1), 1));
    });
  }
}

// ───────────────────────────── convolutions ─────────────────────────────

export interface ConvMaxPoolArgs {
  kernelSizes: number[];
  filters: number;
  seed: number;
}

/**
 * Kim-style convolutions: for each kernel size k, `filters` detectors of k-token patterns (ReLU,
 * 'same' padding so a window may hang over the end of the text onto zeros), each keeping its
 * strongest match over the real tokens; the maxima are concatenated. [b, L, d + 1] → [b, K·filters].
 */
export class TextConvMaxPool extends tf.layers.Layer {
  static readonly className = 'TextConvMaxPool';
  private readonly cfg: ConvMaxPoolArgs;
  private kernels: tf.LayerVariable[] = [];
  private biases: tf.LayerVariable[] = [];

  constructor(args: LayerArgs & ConvMaxPoolArgs) {
    super(args);
    this.cfg = { kernelSizes: [...args.kernelSizes], filters: args.filters, seed: args.seed };
  }

  override build(inputShape: Shape | Shape[]): void {
    const d = (shapeOf(inputShape)[2] ?? 1) - 1;
    const rng = createRng(this.cfg.seed);
    this.cfg.kernelSizes.forEach((k, i) => {
      this.kernels.push(this.addWeight(`kernel_${i}`, [k, d, this.cfg.filters], 'float32', glorot(rng)));
      this.biases.push(this.addWeight(`bias_${i}`, [this.cfg.filters], 'float32', tf.initializers.zeros()));
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [shapeOf(inputShape)[0] ?? null, this.cfg.kernelSizes.length * this.cfg.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { h, m } = splitMask(first(inputs));
      // ReLU outputs are ≥ 0, so zeroing pad positions never beats the max over real tokens.
      const pooled = this.kernels.map((w, i) =>
        tf.max(tf.mul(tf.relu(tf.add(conv1dSame(h, w.read()), this.biases[i]!.read())), m), 1),
      );
      return pooled.length === 1 ? pooled[0]! : tf.concat(pooled, -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}

export interface MaskedConvArgs {
  filters: number;
  kernelSize: number;
  seed: number;
}

/**
 * One 1-D convolution over the sequence ('same' length, GELU), pads zeroed and the mask passed on:
 * [b, L, d + 1] → [b, L, filters + 1]. The hybrid model's n-gram front end.
 */
export class TextMaskedConv1D extends tf.layers.Layer {
  static readonly className = 'TextMaskedConv1D';
  private readonly cfg: MaskedConvArgs;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: LayerArgs & MaskedConvArgs) {
    super(args);
    this.cfg = { filters: args.filters, kernelSize: args.kernelSize, seed: args.seed };
  }

  override build(inputShape: Shape | Shape[]): void {
    const d = (shapeOf(inputShape)[2] ?? 1) - 1;
    const rng = createRng(this.cfg.seed);
    this.kernel = this.addWeight('kernel', [this.cfg.kernelSize, d, this.cfg.filters], 'float32', glorot(rng));
    this.bias = this.addWeight('bias', [this.cfg.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = shapeOf(inputShape);
    return [s[0] ?? null, s[1] ?? null, this.cfg.filters + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { h, m } = splitMask(first(inputs));
      const y = gelu(tf.add(conv1dSame(tf.mul(h, m) as tf.Tensor3D, this.kernel!.read()), this.bias!.read()));
      return withMask(tf.mul(y, m), m);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}

// ───────────────────────────── recurrent ─────────────────────────────


export interface BiRecurrentArgs {
  cell: RecurrentCell;
  units: number;
  seed: number;
}


/**
 * A bidirectional GRU or LSTM (Keras gate layout: GRU z, r, h with reset before the recurrent
 * product; LSTM i, f, c, o with forget-gate bias 1). One pass reads the text forwards, the other
 * backwards; pad steps leave the state unchanged, so each direction's final state only sees the
 * real tokens. [b, L, d + 1] → [b, 2·units] (forward final state, then backward).
 */
export class TextBiRecurrent extends tf.layers.Layer {
  static readonly className = 'TextBiRecurrent';
  private readonly cfg: BiRecurrentArgs;
  private w: { kernel: tf.LayerVariable; recurrent: tf.LayerVariable; bias: tf.LayerVariable }[] = [];

  constructor(args: LayerArgs & BiRecurrentArgs) {
    super(args);
    this.cfg = { cell: args.cell, units: args.units, seed: args.seed };
  }

  override build(inputShape: Shape | Shape[]): void {
    const d = (shapeOf(inputShape)[2] ?? 1) - 1;
    const { units, cell } = this.cfg;
    const G = gatesOf(cell);
    const rng = createRng(this.cfg.seed);
    for (const dir of ['forward', 'backward']) {
      const kernel = this.addWeight(`${dir}_kernel`, [d, G * units], 'float32', glorot(rng));
      const recurrent = this.addWeight(`${dir}_recurrent_kernel`, [units, G * units], 'float32', glorot(rng));
      const bias = this.addWeight(`${dir}_bias`, [G * units], 'float32', tf.initializers.zeros());
      if (cell === 'lstm') {
        const b = new Float32Array(G * units);
        b.fill(1, units, 2 * units); // unit forget bias (Keras unit_forget_bias, Jozefowicz et al. 2015)
        const t = tf.tensor1d(b);
        bias.write(t);
        t.dispose();
      }
      this.w.push({ kernel, recurrent, bias });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [shapeOf(inputShape)[0] ?? null, 2 * this.cfg.units];
  }

  /**
   * One direction. `x` [b, L, d] and `m` [b, L, 1] are turned time-major and unstacked along the
   * first axis (contiguous slices, cheap on every backend); each gate has its own input projection
   * (one matMul over all steps) and recurrent product, so no step slices its activations.
   */
  private run(x: tf.Tensor3D, ms: tf.Tensor2D[], dir: 0 | 1): tf.Tensor2D {
    const { units, cell } = this.cfg;
    const [b, , d] = x.shape;
    const { kernel, recurrent, bias } = this.w[dir]!;
    const gates = [...Array(gatesOf(cell)).keys()].map((g) => {
      const W = tf.slice(kernel.read(), [0, g * units], [d, units]);
      const xs = tf.unstack(tf.transpose(linear(x, W, tf.slice(bias.read(), [g * units], [units])), [1, 0, 2])) as tf.Tensor2D[];
      return { xs, U: tf.slice(recurrent.read(), [0, g * units], [units, units]) as tf.Tensor2D };
    });
    const pre = (g: number, t: number, state: tf.Tensor2D) => tf.add(gates[g]!.xs[t]!, tf.matMul(state, gates[g]!.U));
    let h: tf.Tensor2D = tf.zeros([b, units]);
    let c: tf.Tensor2D = tf.zeros([b, units]);
    const steps = ms.map((_, t) => (dir === 0 ? t : ms.length - 1 - t));
    for (const t of steps) {
      const mt = ms[t]!;
      if (cell === 'gru') {
        const z = tf.sigmoid(pre(0, t, h));
        const r = tf.sigmoid(pre(1, t, h));
        const cand = tf.tanh(pre(2, t, tf.mul(r, h) as tf.Tensor2D));
        const next = tf.add(cand, tf.mul(z, tf.sub(h, cand))); // z·h + (1 − z)·cand
        h = tf.add(h, tf.mul(mt, tf.sub(next, h)));
      } else {
        const nextC = tf.add(tf.mul(tf.sigmoid(pre(1, t, h)), c), tf.mul(tf.sigmoid(pre(0, t, h)), tf.tanh(pre(2, t, h))));
        const nextH = tf.mul(tf.sigmoid(pre(3, t, h)), tf.tanh(nextC));
        c = tf.add(c, tf.mul(mt, tf.sub(nextC, c)));
        h = tf.add(h, tf.mul(mt, tf.sub(nextH, h)));
      }
    }
    return h;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { h, m } = splitMask(first(inputs));
      const ms = tf.unstack(tf.transpose(m, [1, 0, 2])) as tf.Tensor3D[];
      const ms2 = ms.map((t) => tf.reshape(t, [t.shape[0], 1]) as tf.Tensor2D);
      return tf.concat([this.run(h, ms2, 0), this.run(h, ms2, 1)], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}

// The transformer block lives in text-transformer-block.ts (registered there); re-exported here.
export { TextTransformerBlock, type TransformerBlockArgs } from './text-transformer-block';

// The counts are plain arithmetic, kept in info/ so the main thread can size a model without tfjs.
export { biRecurrentParams, transformerBlockParams, type RecurrentCell };

for (const cls of [TextTokenEmbedding, TextMaskedMeanPool, TextConvMaxPool, TextMaskedConv1D, TextBiRecurrent]) {
  tf.serialization.registerClass(cls);
}

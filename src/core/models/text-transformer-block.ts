/**
 * The text families' pre-LayerNorm Transformer encoder block, a custom tfjs layer in the padding-mask
 * convention of `text-layers.ts` (channel d carries the mask). In a file of its own so the attention
 * it exposes to the visualiser (`attentionProbs`) sits with the block; `text-layers.ts` re-exports it.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../util/rng';
import { type LayerArgs, type Shape, type Kwargs, nextSeed, glorot, first, shapeOf, splitMask, withMask, DropoutStream, linear, layerNorm, gelu } from './text-ops';

export interface TransformerBlockArgs {
  heads: number;
  ffDim: number;
  dropout: number;
  seed: number;
}

/**
 * One pre-LayerNorm transformer encoder block (as GPT-2/ViT, without the causal mask):
 *   x ← x + Dropout(MultiHeadSelfAttention(LN(x)))   keys at pad positions masked out
 *   x ← x + Dropout(W₂·GELU(W₁·LN(x)))
 * [b, L, d + 1] → [b, L, d + 1]; d must be divisible by `heads`.
 */
export class TextTransformerBlock extends tf.layers.Layer {
  static readonly className = 'TextTransformerBlock';
  private readonly cfg: TransformerBlockArgs;
  private v: Record<string, tf.LayerVariable> = {};
  private drop1: DropoutStream;
  private drop2: DropoutStream;

  constructor(args: LayerArgs & TransformerBlockArgs) {
    super(args);
    this.cfg = { heads: args.heads, ffDim: args.ffDim, dropout: args.dropout, seed: args.seed };
    const rng = createRng(args.seed ^ 0x5bd1e995);
    this.drop1 = new DropoutStream(args.dropout, nextSeed(rng));
    this.drop2 = new DropoutStream(args.dropout, nextSeed(rng));
  }

  override build(inputShape: Shape | Shape[]): void {
    const d = (shapeOf(inputShape)[2] ?? 1) - 1;
    if (d % this.cfg.heads !== 0) throw new Error(`Embedding size ${d} is not divisible by ${this.cfg.heads} attention heads`);
    const ff = this.cfg.ffDim;
    const rng = createRng(this.cfg.seed);
    const add = (name: string, shape: number[], init: ReturnType<typeof tf.initializers.zeros>) => (this.v[name] = this.addWeight(name, shape, 'float32', init));
    add('ln1_gamma', [d], tf.initializers.ones());
    add('ln1_beta', [d], tf.initializers.zeros());
    add('qkv_kernel', [d, 3 * d], glorot(rng));
    add('qkv_bias', [3 * d], tf.initializers.zeros());
    add('out_kernel', [d, d], glorot(rng));
    add('out_bias', [d], tf.initializers.zeros());
    add('ln2_gamma', [d], tf.initializers.ones());
    add('ln2_beta', [d], tf.initializers.zeros());
    add('ff1_kernel', [d, ff], glorot(rng));
    add('ff1_bias', [ff], tf.initializers.zeros());
    add('ff2_kernel', [ff, d], glorot(rng));
    add('ff2_bias', [d], tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return shapeOf(inputShape);
  }

  /** The attention weights softmax(q·kᵀ/√dh + pad bias) [b, H, L, L] and the values [b, H, L, dh] of x [b, L, d]. */
  private attend(x: tf.Tensor3D, m: tf.Tensor3D): { probs: tf.Tensor4D; v: tf.Tensor4D } {
    const r = (name: string) => this.v[name]!.read();
    const [b, L, d] = x.shape;
    const H = this.cfg.heads;
    const dh = d / H;
    const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [b, L, H, dh]), [0, 2, 1, 3]); // [b, H, L, dh]
    // q, k, v from column blocks of the qkv weights (slicing weights, not activations).
    const xn = layerNorm(x, r('ln1_gamma'), r('ln1_beta'));
    const [q, k, v] = [0, 1, 2].map((j) =>
      heads(linear(xn, tf.slice(r('qkv_kernel'), [0, j * d], [d, d]), tf.slice(r('qkv_bias'), [j * d], [d]))),
    ) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    // Pad keys get −1e9: exp underflows to exactly 0, so they receive no attention at all.
    const keyBias = tf.reshape(tf.mul(tf.sub(m, 1), 1e9), [b, 1, 1, L]);
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), keyBias);
    return { probs: tf.softmax(scores, -1) as tf.Tensor4D, v };
  }

  /** This block's attention weights [b, H, L, L] for its input [b, L, d + 1] (the Transformer visualiser). */
  attentionProbs(inputs: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => {
      const { h, m } = splitMask(inputs);
      return this.attend(h, m).probs;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const training = kwargs['training'] === true;
    return tf.tidy(() => {
      const r = (name: string) => this.v[name]!.read();
      const { h: x, m } = splitMask(first(inputs));
      const [b, L, d] = x.shape;
      const { probs, v } = this.attend(x, m);
      const att = tf.matMul(probs, v); // [b, H, L, dh]
      const merged = tf.reshape(tf.transpose(att, [0, 2, 1, 3]), [b, L, d]);
      const x1 = tf.add(x, this.drop1.apply(linear(merged, r('out_kernel'), r('out_bias')), training));
      const f = linear(gelu(linear(layerNorm(x1, r('ln2_gamma'), r('ln2_beta')), r('ff1_kernel'), r('ff1_bias'))), r('ff2_kernel'), r('ff2_bias'));
      const x2 = tf.add(x1, this.drop2.apply(f, training));
      return withMask(tf.mul(x2, m), m);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}

tf.serialization.registerClass(TextTransformerBlock);

/**
 * The BERT encoder as one tfjs layer (issue 11), so a fine-tuned model is an ordinary Sequential
 * (encoder → Dense head → softmax) that the train loop, the bundle and predictions already handle.
 *
 *   ids [b, L] (float, pad 0) ─▶ [CLS] ids [SEP] pad… [b, L + 2] ─▶ embeddings (word + position +
 *   type 0, LayerNorm) ─▶ N × post-norm blocks ─▶ tanh(W·h[CLS] + b) [b, H]
 *
 * The pipeline's token ids carry no special tokens, so [CLS] and [SEP] are put in here, where the
 * mask is known: the ids of a text are the non-zero ones, and its [SEP] goes right after them.
 * Post-norm as BERT: x ← LN(x + Attn(x)), x ← LN(x + W₂·GELU(W₁x)), GELU the exact erf form.
 * Padding keys get −1e9 before the softmax (HF adds the dtype's minimum; both give weight 0).
 * Weights keep torch's layout (Linear [out, in]) and HF's names with '.' → '__', so export
 * and import are copies.
 */
import * as tf from '@tensorflow/tfjs';
import { bertTensorSpecs, type BertConfig } from '../lm/bert-config';
import { createRng } from '../util/rng';
import { DropoutStream, first, layerNorm, lookup, nextSeed, shapeOf, type LayerArgs, type Shape } from './text-ops';

export type BertArch = Omit<BertConfig, 'labels'>;

export interface BertEncoderArgs extends BertArch {
  clsId: number;
  sepId: number;
  seed: number;
}

export const tfName = (hf: string): string => hf.replaceAll('.', '__');

/** x [..., in] · w[out, in]ᵀ + b. */
function dense(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [nOut, nIn] = w.shape as [number, number];
  const lead = x.shape.slice(0, -1);
  return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [-1, nIn]), w as tf.Tensor2D, false, true), b), [...lead, nOut]);
}

export const geluErf = (x: tf.Tensor): tf.Tensor => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));

/**
 * The encoder on ready sequences: seq int32 [b, T] (with [CLS]/[SEP]), mask float [b, T] (1 = token).
 * `w(name)` gives a tensor by HF BertModel name. Returns the last hidden states and the pooled [CLS].
 */
export function bertForward(w: (name: string) => tf.Tensor, c: BertArch, seq: tf.Tensor, mask: tf.Tensor, drop?: (x: tf.Tensor) => tf.Tensor): { hidden: tf.Tensor3D; pooled: tf.Tensor2D } {
  const d = drop ?? ((x: tf.Tensor) => x);
  const [b, T] = seq.shape as [number, number];
  const H = c.hidden;
  const nh = c.heads;
  const dh = H / nh;
  const ids = tf.reshape(tf.clipByValue(seq, 0, c.vocabSize - 1), [-1]);
  let x: tf.Tensor = tf.reshape(lookup(w('embeddings.word_embeddings.weight'), ids), [b, T, H]);
  x = tf.add(x, tf.slice(w('embeddings.position_embeddings.weight'), [0, 0], [T, H]));
  x = tf.add(x, tf.slice(w('embeddings.token_type_embeddings.weight'), [0, 0], [1, H]));
  x = d(layerNorm(x, w('embeddings.LayerNorm.weight'), w('embeddings.LayerNorm.bias'), c.eps));
  // [b, 1, 1, T]: 0 for tokens, −1e9 for padding keys.
  const bias = tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [b, 1, 1, T]);
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [b, T, nh, dh]), [0, 2, 1, 3]);
  for (let l = 0; l < c.layers; l++) {
    const p = `encoder.layer.${l}.`;
    const lin = (name: string, v: tf.Tensor) => dense(v, w(`${p}${name}.weight`), w(`${p}${name}.bias`));
    const q = heads(lin('attention.self.query', x));
    const k = heads(lin('attention.self.key', x));
    const v = heads(lin('attention.self.value', x));
    const att = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), bias));
    const ctx = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [b, T, H]);
    x = layerNorm(tf.add(x, d(lin('attention.output.dense', ctx))), w(`${p}attention.output.LayerNorm.weight`), w(`${p}attention.output.LayerNorm.bias`), c.eps);
    const ff = lin('output.dense', geluErf(lin('intermediate.dense', x)));
    x = layerNorm(tf.add(x, d(ff)), w(`${p}output.LayerNorm.weight`), w(`${p}output.LayerNorm.bias`), c.eps);
  }
  const cls = tf.reshape(tf.slice(x, [0, 0, 0], [b, 1, H]), [b, H]);
  const pooled = tf.tanh(dense(cls, w('pooler.dense.weight'), w('pooler.dense.bias'))) as tf.Tensor2D;
  return { hidden: x as tf.Tensor3D, pooled };
}

/** ids [b, L] (pad 0, no specials) → [CLS] ids [SEP] with padding, [b, L + 2], and its mask. */
export function withSpecials(ids: tf.Tensor, clsId: number, sepId: number): { seq: tf.Tensor2D; mask: tf.Tensor2D } {
  const [b, L] = ids.shape as [number, number];
  const idx = tf.cast(ids, 'int32');
  const len = tf.sum(tf.cast(tf.greater(idx, 0), 'int32'), 1);
  const T = L + 2;
  const body = tf.concat([tf.fill([b, 1], clsId, 'int32'), idx, tf.zeros([b, 1], 'int32')], 1);
  const int = (v: number) => tf.scalar(v, 'int32');
  const sep = tf.mul(tf.oneHot(tf.add(len, int(1)) as tf.Tensor1D, T, 1, 0, 'int32'), int(sepId));
  const mask = tf.cast(tf.less(tf.expandDims(tf.range(0, T, 1, 'int32'), 0), tf.expandDims(tf.add(len, int(2)), 1)), 'float32');
  return { seq: tf.add(body, sep) as tf.Tensor2D, mask: mask as tf.Tensor2D };
}

/** ids [b, L] → pooled [b, hidden]. Weights start as BERT's init (normal 0.02) until a checkpoint is set. */
export class BertEncoder extends tf.layers.Layer {
  static readonly className = 'BertEncoder';
  readonly cfg: BertEncoderArgs;
  private v = new Map<string, tf.LayerVariable>();
  private readonly drop: DropoutStream;

  constructor(args: LayerArgs & BertEncoderArgs) {
    super(args);
    const { vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, dropout, clsId, sepId, seed } = args;
    this.cfg = { vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, dropout, clsId, sepId, seed };
    this.drop = new DropoutStream(dropout, nextSeed(createRng(seed ^ 0x2545f491)));
  }

  /** The HF BertModel names in weight order (as `getWeights()` returns them). */
  get hfNames(): string[] {
    return bertTensorSpecs({ ...this.cfg, labels: [] }).map((s) => s.name);
  }

  override build(inputShape: Shape | Shape[]): void {
    const L = shapeOf(inputShape)[1];
    if (typeof L === 'number' && L + 2 > this.cfg.maxPositions) throw new Error(`Texts of ${L} tokens plus [CLS] and [SEP] exceed the model's ${this.cfg.maxPositions} positions.`);
    const rng = createRng(this.cfg.seed);
    for (const s of bertTensorSpecs({ ...this.cfg, labels: [] })) {
      const isNorm = s.name.includes('LayerNorm');
      const init = isNorm && s.name.endsWith('weight') ? tf.initializers.ones() : s.shape.length === 1 ? tf.initializers.zeros() : tf.initializers.truncatedNormal({ stddev: 0.02, seed: nextSeed(rng) });
      this.v.set(s.name, this.addWeight(tfName(s.name), s.shape, 'float32', init));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [shapeOf(inputShape)[0] ?? null, this.cfg.hidden];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const training = kwargs['training'] === true;
      const { seq, mask } = withSpecials(first(inputs), this.cfg.clsId, this.cfg.sepId);
      const { pooled } = bertForward((n) => this.v.get(n)!.read(), this.cfg, seq, mask, (x) => this.drop.apply(x, training));
      return this.drop.apply(pooled, training);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}

tf.serialization.registerClass(BertEncoder);

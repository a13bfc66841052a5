/**
 * Key/value cache for incremental decoding: per layer, the keys and values of every position
 * already seen, [B, H, S, headDim]. The cache owns its tensors (kept out of tf.tidy) and disposes
 * the previous ones when it grows; call dispose() when done.
 */
import * as tf from '@tensorflow/tfjs';

export class KvCache {
  private keys: (tf.Tensor4D | null)[];
  private values: (tf.Tensor4D | null)[];
  /** Positions cached so far (the absolute position of the next token). */
  length = 0;

  constructor(readonly nLayer: number) {
    this.keys = new Array<tf.Tensor4D | null>(nLayer).fill(null);
    this.values = new Array<tf.Tensor4D | null>(nLayer).fill(null);
  }

  /**
   * Appends new keys/values [B, H, Tnew, hd] of one layer and returns all of them [B, H, S, hd].
   * The returned tensors belong to the cache: do not dispose them.
   */
  append(layer: number, k: tf.Tensor4D, v: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] {
    const oldK = this.keys[layer] ?? null;
    const oldV = this.values[layer] ?? null;
    const nk = tf.keep(oldK ? tf.concat([oldK, k], 2) : tf.clone(k));
    const nv = tf.keep(oldV ? tf.concat([oldV, v], 2) : tf.clone(v));
    oldK?.dispose();
    oldV?.dispose();
    this.keys[layer] = nk;
    this.values[layer] = nv;
    return [nk, nv];
  }

  /** Forgets everything (e.g. when the context window slides past blockSize). */
  reset(): void {
    for (const t of [...this.keys, ...this.values]) t?.dispose();
    this.keys.fill(null);
    this.values.fill(null);
    this.length = 0;
  }

  dispose(): void {
    this.reset();
  }
}

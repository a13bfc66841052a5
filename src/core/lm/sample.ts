/**
 * Sampling and generation. Logits come back to JS once per token ([V] floats) and the choice is
 * made here with the seeded rng (src/core/util/rng.ts), so the same seed gives the same text on
 * every backend. Generation uses a key/value cache while the text fits the context; past it, each
 * token is a full forward over the last blockSize tokens (nanoGPT's crop: positions shift, so a
 * cache cannot be reused).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../util/rng';
import type { GptModel } from './gpt';
import { KvCache } from './kv-cache';

export interface SampleOptions {
  /** Divides the logits; 0 means greedy (argmax). Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or undefined: all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (1 or undefined: all). */
  topP?: number;
}

/**
 * Picks a token id from logits [V] (temperature → top-k → softmax → top-p → draw), using rng.next().
 * Ties at the top-k threshold are all kept (as nanoGPT's `logits < v[-1]` mask).
 */
export function sampleFromLogits(logits: ArrayLike<number>, opts: SampleOptions, rng: Rng): number {
  const V = logits.length;
  const temperature = opts.temperature ?? 1;
  if (temperature < 0 || !Number.isFinite(temperature)) throw new Error(`temperature must be ≥ 0 (got ${temperature})`);
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < V; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
  let keep = V;
  const k = opts.topK ?? 0;
  if (k > 0 && k < V) {
    const threshold = logits[order[k - 1]!]!;
    keep = k;
    while (keep < V && logits[order[keep]!]! >= threshold) keep++;
  }
  const maxLogit = logits[order[0]!]!;
  const probs = new Float64Array(keep);
  let z = 0;
  for (let i = 0; i < keep; i++) {
    probs[i] = Math.exp((logits[order[i]!]! - maxLogit) / temperature);
    z += probs[i]!;
  }
  const p = opts.topP ?? 1;
  if (p < 1) {
    let cum = 0;
    let cut = keep;
    for (let i = 0; i < keep; i++) {
      cum += probs[i]! / z;
      if (cum >= p) {
        cut = i + 1;
        break;
      }
    }
    keep = cut;
    z = 0;
    for (let i = 0; i < keep; i++) z += probs[i]!;
  }
  let u = rng.next() * z;
  for (let i = 0; i < keep; i++) {
    u -= probs[i]!;
    if (u < 0) return order[i]!;
  }
  return order[keep - 1]!;
}

export interface GenerateOptions extends SampleOptions {
  maxNewTokens: number;
  /** Seeds the draws. Default 1337. */
  seed?: number;
  /** Stops after emitting this token. */
  stopToken?: number;
  signal?: AbortSignal;
  /** Use the key/value cache (default true); false recomputes the whole window each token. */
  useCache?: boolean;
}

/**
 * Continues promptIds (at least one id) with up to maxNewTokens tokens, calling onToken(id, index)
 * as each one is chosen. Resolves with the new ids (without the prompt). An aborted signal stops
 * before the next token.
 */
export async function generate(
  model: GptModel,
  promptIds: readonly number[],
  options: GenerateOptions,
  onToken?: (id: number, index: number) => void,
): Promise<number[]> {
  if (promptIds.length === 0) throw new Error('generate needs at least one prompt token');
  const { blockSize } = model.config;
  const rng = createRng(options.seed ?? 1337);
  const ids = [...promptIds];
  const out: number[] = [];
  const cache = options.useCache === false ? null : new KvCache(model.config.nLayer);
  try {
    let pending = ids.slice(-blockSize); // tokens the cache has not seen yet
    for (let n = 0; n < options.maxNewTokens; n++) {
      if (options.signal?.aborted) break;
      let logits: tf.Tensor1D;
      if (cache && ids.length <= blockSize) {
        logits = lastLogits(model, pending, cache);
      } else {
        cache?.reset();
        logits = lastLogits(model, ids.slice(-blockSize));
      }
      const values = await logits.data();
      logits.dispose();
      const id = sampleFromLogits(values, options, rng);
      ids.push(id);
      out.push(id);
      pending = [id];
      onToken?.(id, n);
      if (options.stopToken !== undefined && id === options.stopToken) break;
    }
  } finally {
    cache?.dispose();
  }
  return out;
}

/** Logits [V] of the last position after feeding ids (through the cache when given). */
function lastLogits(model: GptModel, ids: readonly number[], cache?: KvCache): tf.Tensor1D {
  return tf.tidy(() => {
    const x = tf.tensor2d([...ids], [1, ids.length], 'int32');
    const logits = model.forward(x, cache ? { cache } : {});
    const V = model.config.vocabSize;
    return tf.reshape(tf.slice(logits, [0, ids.length - 1, 0], [1, 1, V]), [V]) as tf.Tensor1D;
  });
}

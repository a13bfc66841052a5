/**
 * Batches of token windows and evaluation (loss, perplexity, bits per character).
 * A token stream is any ArrayLike<number> of ids (Uint8Array for char-level corpora, Int32Array, …).
 * x [B, T] = data[i .. i+T), y [B, T] = data[i+1 .. i+T+1) (next-token targets), int32.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../util/rng';
import type { GptModel } from './gpt';

export interface TokenBatch {
  /** [B, T] int32 */
  x: tf.Tensor2D;
  /** [B, T] int32 */
  y: tf.Tensor2D;
}

/** Batch from explicit window starts (each start + T + 1 ≤ data.length). Caller disposes. */
export function batchAt(data: ArrayLike<number>, starts: readonly number[], blockSize: number): TokenBatch {
  const B = starts.length;
  const x = new Int32Array(B * blockSize);
  const y = new Int32Array(B * blockSize);
  starts.forEach((s, b) => {
    if (!(s >= 0 && s + blockSize + 1 <= data.length)) throw new Error(`Window at ${s} does not fit in ${data.length} tokens`);
    for (let t = 0; t < blockSize; t++) {
      x[b * blockSize + t] = data[s + t]!;
      y[b * blockSize + t] = data[s + t + 1]!;
    }
  });
  return { x: tf.tensor2d(x, [B, blockSize], 'int32'), y: tf.tensor2d(y, [B, blockSize], 'int32') };
}

/** nanoGPT get_batch: batchSize windows at uniform random starts in [0, len − T − 1). */
export function sampleBatch(data: ArrayLike<number>, blockSize: number, batchSize: number, rng: Rng): TokenBatch {
  const span = data.length - blockSize - 1;
  if (span < 1) throw new Error(`Need more than ${blockSize + 1} tokens, got ${data.length}`);
  const starts = Array.from({ length: batchSize }, () => rng.int(span));
  return batchAt(data, starts, blockSize);
}

export interface EvalResult {
  /** Mean next-token cross-entropy in nats. */
  loss: number;
  /** exp(loss). */
  perplexity: number;
  /** loss / ln 2 / charsPerToken: bits per character (for a char-level model, bits per token). */
  bitsPerChar: number;
  tokens: number;
}

export function evalResult(loss: number, tokens: number, charsPerToken = 1): EvalResult {
  return { loss, perplexity: Math.exp(loss), bitsPerChar: loss / Math.LN2 / charsPerToken, tokens };
}

export interface EvaluateOptions {
  /** Rows per forward pass. Default 16. */
  batchSize?: number;
  /** Evaluate at most this many windows (from the start). Default: all of them. */
  maxWindows?: number;
  /** Average characters per token (for subword tokenizers), for bits per character. Default 1. */
  charsPerToken?: number;
  /** Stop early (the result covers the windows done so far). */
  signal?: AbortSignal;
}

/**
 * Loss over the whole stream in non-overlapping windows of the model's context (every token
 * predicted once with up to T−1 tokens of context, as nanoGPT's windows), no dropout. Deterministic:
 * the same data gives the same figure in the studio and in scripts/lm/torch_train.py.
 */
export async function evaluate(model: GptModel, data: ArrayLike<number>, opts: EvaluateOptions = {}): Promise<EvalResult> {
  const T = model.config.blockSize;
  const B = opts.batchSize ?? 16;
  let n = Math.floor((data.length - 1) / T);
  if (opts.maxWindows !== undefined) n = Math.min(n, opts.maxWindows);
  if (n < 1) throw new Error(`Need at least ${T + 1} tokens to evaluate, got ${data.length}`);
  let sum = tf.scalar(0);
  let done = 0;
  for (let w = 0; w < n && !opts.signal?.aborted; w += B) {
    const starts = Array.from({ length: Math.min(B, n - w) }, (_, i) => (w + i) * T);
    const { x, y } = batchAt(data, starts, T);
    const next = tf.tidy(() => tf.add(sum, tf.mul(model.loss(x, y), starts.length)) as tf.Scalar);
    tf.dispose([x, y, sum]);
    sum = next;
    done += starts.length;
    if ((w / B) % 8 === 7) await new Promise((r) => setTimeout(r, 0)); // let a worker answer messages on long evaluations
  }
  const total = (await sum.data())[0]!;
  sum.dispose();
  return evalResult(total / Math.max(1, done), done * T, opts.charsPerToken);
}

/** Mean loss over given batches (each [B, T]), e.g. nanoGPT's estimate_loss on fixed random batches. */
export async function evaluateBatches(model: GptModel, batches: Iterable<TokenBatch>, charsPerToken = 1): Promise<EvalResult> {
  let sum = tf.scalar(0);
  let tokens = 0;
  for (const { x, y } of batches) {
    const next = tf.tidy(() => tf.add(sum, tf.mul(model.loss(x, y), x.size)) as tf.Scalar);
    sum.dispose();
    sum = next;
    tokens += x.size;
  }
  const total = (await sum.data())[0]!;
  sum.dispose();
  return evalResult(total / Math.max(1, tokens), tokens, charsPerToken);
}

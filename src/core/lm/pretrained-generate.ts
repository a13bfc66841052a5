/**
 * Generation from an imported model (llama2.c run.c's generate loop): the prompt's tokens go
 * through the cache one position at a time, then each new token is drawn from the last logits with
 * the studio's sampler (temperature → top-k → top-p, seeded rng: same seed, same text). Stops at
 * maxNewTokens, at the end of the context, at BOS/EOS (as run.c stops on BOS), at a stop string,
 * or when the signal aborts.
 */
import { createRng } from '../util/rng';
import type { PieceTokenizer } from './llama2c-tokenizer';
import { sampleFromLogits, type SampleOptions } from './sample';

/** A causal LM stepped one position at a time (logits [V] of the token at pos; reused buffers allowed). */
export interface SteppedLm {
  readonly vocabSize: number;
  readonly contextLength: number;
  step(token: number, pos: number): Float32Array | Promise<Float32Array>;
}

export interface PretrainedGenerateOptions extends SampleOptions {
  maxNewTokens: number;
  seed?: number;
  /** Stops once the generated text contains this (the text is cut before it). */
  stop?: string;
  signal?: AbortSignal;
  /** Yield to the event loop every this many tokens (lets a stop message in). Default 8. */
  yieldEvery?: number;
}

export interface PretrainedGenerateResult {
  ids: number[];
  text: string;
  stoppedBy: 'length' | 'context' | 'end-token' | 'stop' | 'user';
}

/** Continues promptIds (BOS first, as tokenizer.encode gives), streaming text pieces to onText. */
export async function generatePretrained(
  model: SteppedLm,
  tok: PieceTokenizer,
  promptIds: readonly number[],
  opts: PretrainedGenerateOptions,
  onText?: (text: string) => void,
): Promise<PretrainedGenerateResult> {
  if (promptIds.length === 0) throw new Error('generate needs at least one prompt token');
  if (promptIds.length >= model.contextLength) throw new Error(`The prompt has ${promptIds.length} tokens; the model's context is ${model.contextLength}.`);
  const rng = createRng(opts.seed ?? 1337);
  const stream = tok.stream(promptIds[promptIds.length - 1]!);
  let logits: Float32Array = new Float32Array(0);
  for (let pos = 0; pos < promptIds.length; pos++) logits = await model.step(promptIds[pos]!, pos);
  const ids: number[] = [];
  let text = '';
  let stoppedBy: PretrainedGenerateResult['stoppedBy'] = 'length';
  const every = opts.yieldEvery ?? 8;
  for (let n = 0; n < opts.maxNewTokens; n++) {
    if (opts.signal?.aborted) {
      stoppedBy = 'user';
      break;
    }
    const id = sampleFromLogits(logits, opts, rng);
    if (id === tok.bosId || id === tok.eosId) {
      stoppedBy = 'end-token';
      break;
    }
    ids.push(id);
    let piece = stream(id);
    if (opts.stop) {
      const cut = (text + piece).indexOf(opts.stop);
      if (cut >= 0) {
        piece = (text + piece).slice(text.length, cut);
        if (piece) onText?.(piece);
        text += piece;
        stoppedBy = 'stop';
        break;
      }
    }
    if (piece) onText?.(piece);
    text += piece;
    const pos = promptIds.length + n;
    if (pos >= model.contextLength) {
      stoppedBy = 'context';
      break;
    }
    logits = await model.step(id, pos);
    if (every > 0 && (n + 1) % every === 0) await new Promise((r) => setTimeout(r, 0));
  }
  return { ids, text, stoppedBy };
}

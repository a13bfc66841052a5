/**
 * Decoding: greedy (batched, for evaluation and streaming) and beam search, both incremental with
 * the decoder's key/value cache (each step feeds only the newest token).
 *
 * Beam search follows Hugging Face's generate(num_beams, length_penalty): each step ranks the
 * expansions of the live beams by summed log-probability; an expansion that ends (end token)
 * within the top `width` ranks becomes a finished hypothesis, scored sum / length^lengthPenalty
 * (Hugging Face's form, not GNMT's ((5 + length) / 6)^α, so a model exported to Hugging Face ranks
 * the same with the same length_penalty; length counts the end token); the best other expansions
 * are the next live beams. Stopping is HF's default (early_stopping=False): once `width`
 * hypotheses have finished, search goes on while the best live beam, scored as if it ended now at
 * its length, would beat the worst of them — finished and live beams are compared on the same
 * footing instead of stopping at the first `width` ends (earlyStopping: true, HF's True). Width 1
 * is greedy exactly either way; at maxLen the live beams finish as they are. Ties rank the lower
 * token id first, as greedy's argmax.
 */
import * as tf from '@tensorflow/tfjs';
import { DECODER_START_ID, EOS_ID, PAD_ID } from './config';
import { DecoderCache, type Seq2SeqModel } from './model';

/** One decoding step: log-probabilities [rows × V] after feeding each row's newest token. */
export interface BeamStepper {
  readonly vocabSize: number;
  /** Rows of the state are first rearranged to `parents` (row i continues old row parents[i]); null keeps them. */
  step(last: readonly number[], parents: readonly number[] | null): Promise<Float32Array>;
}

export interface BeamOptions {
  width: number;
  maxLen: number;
  lengthPenalty: number;
  /** Stop as soon as `width` hypotheses have finished (HF early_stopping=True); default false. */
  earlyStopping?: boolean;
}

export interface Hypothesis {
  /** Generated ids without the start token, ending with the end token when it finished. */
  ids: number[];
  /** Σ log p. */
  logProb: number;
  /** logProb / length^lengthPenalty. */
  score: number;
}

const norm = (logProb: number, len: number, lp: number) => logProb / Math.max(1, len) ** lp;

export async function beamSearch(stepper: BeamStepper, opts: BeamOptions): Promise<Hypothesis[]> {
  const { width, maxLen, lengthPenalty: lp } = opts;
  const V = stepper.vocabSize;
  let live: { ids: number[]; logProb: number }[] = [{ ids: [], logProb: 0 }];
  let parents: number[] | null = null;
  let last = [DECODER_START_ID];
  let finished: Hypothesis[] = [];
  const done = (): boolean => {
    if (live.length === 0) return true;
    if (finished.length < width) return false;
    if (opts.earlyStopping) return true;
    // live is sorted by logProb and every live beam has the same length, so live[0] is the best.
    const best = norm(live[0]!.logProb, live[0]!.ids.length, lp);
    return finished[finished.length - 1]!.score >= best;
  };
  for (let t = 0; t < maxLen && !done(); t++) {
    const logp = await stepper.step(last, parents);
    const cands: { row: number; tok: number; logProb: number }[] = [];
    live.forEach((beam, row) => {
      for (let tok = 0; tok < V; tok++) if (tok !== PAD_ID) cands.push({ row, tok, logProb: beam.logProb + logp[row * V + tok]! });
    });
    cands.sort((a, b) => b.logProb - a.logProb || a.row - b.row || a.tok - b.tok);
    const next: typeof live = [];
    const nextParents: number[] = [];
    const nextLast: number[] = [];
    for (let rank = 0; rank < cands.length && next.length < width; rank++) {
      const c = cands[rank]!;
      const ids = [...live[c.row]!.ids, c.tok];
      if (c.tok === EOS_ID) {
        if (rank < width) finished.push({ ids, logProb: c.logProb, score: norm(c.logProb, ids.length, lp) });
        continue;
      }
      next.push({ ids, logProb: c.logProb });
      nextParents.push(c.row);
      nextLast.push(c.tok);
    }
    // Only the best `width` finished hypotheses can be returned (HF's BeamHypotheses keeps as many).
    finished = finished.sort((a, b) => b.score - a.score).slice(0, width);
    live = next;
    parents = nextParents;
    last = nextLast;
  }
  // At maxLen a live beam that could still rank finishes as it is.
  if (!done()) for (const b of live) finished.push({ ids: b.ids, logProb: b.logProb, score: norm(b.logProb, b.ids.length, lp) });
  return finished.sort((a, b) => b.score - a.score).slice(0, width);
}

/** Log-softmax of the last position's logits [rows, 1, V] → Float32Array. */
async function lastLogProbs(logits: tf.Tensor3D): Promise<Float32Array> {
  const lp = tf.tidy(() => tf.logSoftmax(tf.squeeze(logits, [1])));
  const data = (await lp.data()) as Float32Array;
  lp.dispose();
  return data;
}

/** A stepper over the model for one source row; dispose() frees the cache and encoder output. */
export class ModelStepper implements BeamStepper {
  readonly vocabSize: number;
  private readonly cache: DecoderCache;
  private mask: tf.Tensor4D;
  private readonly hidden: tf.Tensor3D;
  /** Cross-attention rows (mean over heads, last block) of row 0 per step, when asked. */
  readonly cross: Float32Array[] = [];

  constructor(
    private readonly model: Seq2SeqModel,
    srcIds: readonly number[],
    private readonly collectCross = false,
  ) {
    this.vocabSize = model.config.vocabSize;
    const src = tf.tensor2d([srcIds.length ? [...srcIds] : [PAD_ID]], undefined, 'int32');
    const enc = model.encode(src);
    src.dispose();
    this.hidden = enc.hidden;
    this.mask = enc.mask;
    this.cache = new DecoderCache(model.config.nDecoderLayers);
  }

  async step(last: readonly number[], parents: readonly number[] | null): Promise<Float32Array> {
    if (parents) {
      const same = parents.length === this.mask.shape[0] && parents.every((p, i) => p === i);
      if (!same) {
        this.cache.reorder(parents);
        const old = this.mask;
        this.mask = tf.tidy(() => tf.gather(old, tf.tensor1d([...parents], 'int32'))) as tf.Tensor4D;
        old.dispose();
      }
    }
    const ids = tf.tensor2d(last.map((t) => [t]), undefined, 'int32');
    let probs: tf.Tensor3D | undefined;
    const logits = this.model.decode(ids, { hidden: this.hidden, mask: this.mask }, { cache: this.cache, ...(this.collectCross ? { onCrossAttention: (p: tf.Tensor3D) => (probs = p) } : {}) });
    ids.dispose();
    if (probs) {
      this.cross.push((await tf.slice(probs, [0, 0, 0], [1, 1, -1]).data()) as Float32Array);
      (probs as tf.Tensor3D).dispose();
    }
    const out = await lastLogProbs(logits);
    logits.dispose();
    return out;
  }

  dispose(): void {
    this.cache.dispose();
    tf.dispose([this.mask, this.hidden]);
  }
}

export interface GreedyResult {
  ids: number[];
  logProb: number;
  /** Cross-attention [target step][source position] (mean over heads, last block), when asked. */
  cross?: Float32Array[];
}

/** Greedy decoding of one source, optionally streaming each new id and keeping cross-attention. */
export async function greedyDecode(model: Seq2SeqModel, srcIds: readonly number[], maxLen: number, opts: { cross?: boolean; onToken?: (ids: readonly number[]) => void } = {}): Promise<GreedyResult> {
  const stepper = new ModelStepper(model, srcIds, opts.cross ?? false);
  try {
    const ids: number[] = [];
    let logProb = 0;
    let last = DECODER_START_ID;
    for (let t = 0; t < maxLen; t++) {
      const lp = await stepper.step([last], null);
      let best = -1;
      for (let v = 0; v < lp.length; v++) if (v !== PAD_ID && (best < 0 || lp[v]! > lp[best]!)) best = v;
      ids.push(best);
      logProb += lp[best]!;
      opts.onToken?.(ids);
      if (best === EOS_ID) break;
      last = best;
    }
    return { ids, logProb, ...(opts.cross ? { cross: stepper.cross } : {}) };
  } finally {
    stepper.dispose();
  }
}

/** Beam search over the model for one source. */
export async function beamDecode(model: Seq2SeqModel, srcIds: readonly number[], opts: BeamOptions): Promise<Hypothesis[]> {
  const stepper = new ModelStepper(model, srcIds);
  try {
    return await beamSearch(stepper, opts);
  } finally {
    stepper.dispose();
  }
}

/**
 * Greedy decoding of many sources at once (evaluation): rows padded to the longest source, all
 * rows step together until each has produced the end token or maxLen ids.
 */
export async function greedyBatch(model: Seq2SeqModel, sources: readonly (readonly number[])[], maxLen: number): Promise<number[][]> {
  const B = sources.length;
  if (B === 0) return [];
  const S = Math.max(1, ...sources.map((s) => s.length));
  const flat = new Int32Array(B * S);
  sources.forEach((s, b) => flat.set(s, b * S));
  const src = tf.tensor2d(flat, [B, S], 'int32');
  const enc = model.encode(src);
  src.dispose();
  const cache = new DecoderCache(model.config.nDecoderLayers);
  const V = model.config.vocabSize;
  const out: number[][] = sources.map(() => []);
  const done = new Array<boolean>(B).fill(false);
  let last = new Array<number>(B).fill(DECODER_START_ID);
  try {
    for (let t = 0; t < maxLen && done.some((d) => !d); t++) {
      const ids = tf.tensor2d(last.map((x) => [x]), undefined, 'int32');
      const logits = model.decode(ids, enc, { cache });
      ids.dispose();
      const lp = await lastLogProbs(logits);
      logits.dispose();
      last = last.map((_, b) => {
        let best = -1;
        for (let v = 0; v < V; v++) if (v !== PAD_ID && (best < 0 || lp[b * V + v]! > lp[b * V + best]!)) best = v;
        if (!done[b]) {
          out[b]!.push(best);
          if (best === EOS_ID) done[b] = true;
        }
        return best;
      });
    }
  } finally {
    cache.dispose();
    tf.dispose([enc.hidden, enc.mask]);
  }
  return out;
}

/**
 * The "inside the models" views (issue 16 §3) as they cross between the UI and the workers:
 * the Transformer visualiser's answer (attention maps, next-token probabilities, logit lens) for
 * a language model or a text classifier, and the embedding view's 2-D points. Pure types and the
 * small helpers both sides share; no tfjs.
 */

import type { LmInspectionReport } from '../lm/inspect-report';
export type { TokenProb } from '../lm/inspect-report';

/** The LM visualiser for one input: what `inspect` answers (ids are the last `maxTokens` of the text when it was longer). */
export interface LmInspectResult extends LmInspectionReport {
  /** The text of every token id above. */
  labels: [number, string][];
  /** Tokens of the text left out at the start (the view shows at most `maxTokens`). */
  dropped: number;
}

/** The text-classifier visualiser for one input: attention of each encoder block and the class lens. */
export interface TextInspectResult {
  /** The real (non-pad) tokens of the input, as the tokenizer wrote them. */
  tokens: string[];
  nLayer: number;
  nHead: number;
  /** [nLayer, nHead, T, T] over the real tokens (pad keys get no attention). */
  attention: Float32Array;
  /**
   * [nLayer + 1][classes]: the head applied to each block's output (pooled and normalised as the
   * model does): what the model would predict had it stopped there. The last is its prediction.
   */
  lens: number[][];
  labels: string[];
}

/** One point of the embedding view. */
export interface EmbeddingPoint {
  x: number;
  y: number;
  /** What hover and the table show: a token's text, or an example's text. */
  text: string;
  /** The colour group: a class name, or a frequency band. */
  group: string;
  /** Token frequency in the corpus (LM) or the class index (text); for the table. */
  value: number;
}

export interface EmbeddingView {
  points: EmbeddingPoint[];
  /** Groups in legend order. */
  groups: string[];
  /** Share of the variance along each of the two axes. */
  explained: [number, number];
  /** What was projected, in words ("token embeddings (wte), 65 of 65 tokens"). */
  what: string;
}

/** Whitespace made visible in a token label (a space token must not look empty). */
export function visibleToken(s: string): string {
  if (s === '') return '∅';
  return s.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/\r/g, '␍');
}

/** Frequency bands for colouring token embeddings (counts in the corpus), most frequent first. */
export const FREQUENCY_BANDS = ['top 10 %', '10–50 %', 'bottom 50 %', 'never seen'] as const;

/** The band of each count: by rank among the tokens seen (ties in rank order of id). */
export function frequencyBands(counts: ArrayLike<number>): string[] {
  const n = counts.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const band = new Array<string>(n);
  const seen = order.filter((i) => counts[i]! > 0).length;
  order.forEach((i, rank) => {
    band[i] = counts[i]! === 0 ? FREQUENCY_BANDS[3] : rank < Math.ceil(seen * 0.1) ? FREQUENCY_BANDS[0] : rank < Math.ceil(seen * 0.5) ? FREQUENCY_BANDS[1] : FREQUENCY_BANDS[2];
  });
  return band;
}

/** The data worker's `text-examples` answer: model inputs for texts, with their tokens and texts. */
export interface TextExamples {
  x: Float32Array;
  n: number;
  features: number;
  /** Per row: the label of each token id of x (pad included: '' for pad). */
  tokens: string[][];
  /** Per row: the joined text of the text columns. */
  texts: string[];
  /** Per row: the class index (test split rows; −1 for typed texts). */
  y: number[];
}

/** The training worker's `text-inspect` answer for one row. */
export interface TextInternalsResult {
  positions: number[];
  nHead: number;
  attention: Float32Array[];
  lens: Float32Array[];
}

/** The training worker's `text-embeddings` answer: n rows projected to 2-D. */
export interface ProjectedRows {
  coords: Float64Array;
  explained: [number, number];
  dim: number;
}

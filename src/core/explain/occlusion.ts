/**
 * "Why did the model decide?" by occlusion: remove one word at a time, predict again, and see how
 * much the probability of the predicted class drops. A word whose removal lowers that probability
 * pushed the model towards its answer (positive score); one whose removal raises it pushed away.
 * Model-agnostic (bag of words, CNN, Transformer alike) and exact for what it measures, at the
 * cost of one prediction per word: long texts are explained for their first `maxWords` words.
 */

/** A word as a reader sees it: letters, marks, digits, with inner apostrophes ("don't"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

export interface WordSpan {
  start: number;
  end: number;
  word: string;
}

export function wordSpans(text: string, maxWords = 200): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    if (out.length >= maxWords) break;
    out.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  }
  return out;
}

/** The text without span i, for each span (the gap keeps one space so neighbours do not merge). */
export function occludedTexts(text: string, spans: readonly WordSpan[]): string[] {
  return spans.map((s) => `${text.slice(0, s.start)} ${text.slice(s.end)}`);
}

/**
 * probs: row-major [1 + spans, classes] — the full text first, then each occluded text.
 * Returns, per span, p(cls | full) − p(cls | without the word).
 */
export function occlusionScores(probs: ArrayLike<number>, classes: number, cls: number): number[] {
  const base = probs[cls]!;
  const n = probs.length / classes - 1;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = base - probs[(i + 1) * classes + cls]!;
  return out;
}

/**
 * The one definition of a "word" and of a text's length, shared by the text cleaning steps
 * (core/clean), text ingest and the text profile (core/data) and augmentation (core/augment).
 * It sits below all of them so that none imports another's internals for it.
 */

/**
 * A word: letters, marks and digits, with inner apostrophes ("don't") and inner digit groups
 * ("1,234.5") kept together. Languages written without spaces (Chinese, Japanese, Thai) come out
 * as one word per run of characters.
 */
export const WORD_SOURCE = String.raw`[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+|[.,]\p{N}+)*`;
export const wordRegex = (): RegExp => new RegExp(WORD_SOURCE, 'gu');

const WORD_RE = wordRegex();

export function wordCount(s: string): number {
  WORD_RE.lastIndex = 0;
  let n = 0;
  while (WORD_RE.exec(s) !== null) n++;
  return n;
}

/** Whether `s` has a word at all: wordCount(s) > 0 without finding every word (ingest asks it of every line). */
export function hasWord(s: string): boolean {
  WORD_RE.lastIndex = 0;
  const found = WORD_RE.test(s);
  WORD_RE.lastIndex = 0;
  return found;
}

/** Characters as a reader counts them is too costly at 100k rows; this counts code points. */
export function charCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/**
 * Counterfactual swaps for text models: identity terms replaced by their counterparts ("he" ↔
 * "she"), so the same text can be asked of the model with the other identity. Whole words only
 * (runs of letters, marks and digits: "he" in "the" or "hello" is left alone, "he's" becomes
 * "she's"), both directions in one pass (a text with "he" and "she" gets them exchanged), and
 * the case of each word kept ("He" → "She", "HIM" → "HER").
 */

export type SwapPair = readonly [string, string];

/** A starting list; the user edits it. Names are common US first names of the 1985 era and later. */
export const DEFAULT_SWAPS: SwapPair[] = [
  ['he', 'she'],
  ['him', 'her'],
  ['his', 'hers'],
  ['himself', 'herself'],
  ['man', 'woman'],
  ['men', 'women'],
  ['boy', 'girl'],
  ['boys', 'girls'],
  ['male', 'female'],
  ['father', 'mother'],
  ['son', 'daughter'],
  ['husband', 'wife'],
  ['brother', 'sister'],
  ['mr', 'mrs'],
  ['john', 'mary'],
  ['james', 'jennifer'],
  ['michael', 'linda'],
  ['david', 'susan'],
];

const TERM = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased term → its counterpart; a term in two pairs keeps its first. Blank or one-sided pairs are skipped. */
export function swapMap(pairs: readonly SwapPair[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const [a0, b0] of pairs) {
    const a = a0.trim().toLowerCase();
    const b = b0.trim().toLowerCase();
    if (!a || !b || a === b) continue;
    if (!m.has(a)) m.set(a, b);
    if (!m.has(b)) m.set(b, a);
  }
  return m;
}

/** `to` written in the case pattern of `from`: ALL CAPS, Capitalised, or as given (lower). */
export function matchCase(from: string, to: string): string {
  if (from.length > 1 && from === from.toUpperCase() && from !== from.toLowerCase()) return to.toUpperCase();
  const first = from[0]!;
  if (first !== first.toLowerCase()) return to[0]!.toUpperCase() + to.slice(1);
  return to;
}

/** The text with every term of `map` swapped, and how many words were replaced. */
export function swapTerms(text: string, map: ReadonlyMap<string, string>): { text: string; swapped: number } {
  let swapped = 0;
  const out = text.replace(TERM, (word) => {
    const to = map.get(word.toLowerCase());
    if (to === undefined) return word;
    swapped++;
    return matchCase(word, to);
  });
  return { text: out, swapped };
}

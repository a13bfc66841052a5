/**
 * Sequence metrics of a transduction task: exact match and token error rate (the word error rate
 * of speech recognition; phoneme error rate when the tokens are phonemes).
 */

/** Whitespace runs become one space, ends trimmed: "what the user sees" equality. */
const normalise = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');

/** Share (0–1) of pairs whose hypothesis equals its reference up to whitespace. */
export function exactMatch(hyps: readonly string[], refs: readonly string[]): number {
  if (hyps.length !== refs.length) throw new Error('hyps and refs differ in length');
  if (hyps.length === 0) return 0;
  let hits = 0;
  hyps.forEach((h, i) => (hits += normalise(h) === normalise(refs[i]!) ? 1 : 0));
  return hits / hyps.length;
}

/** Levenshtein distance (unit cost substitutions, insertions, deletions). */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let prev = Uint32Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * Corpus token error rate: Σ edit distance / Σ reference length (jiwer's WER definition), tokens
 * split on whitespace, or characters with `unit: 'char'`. Can exceed 1 (many insertions).
 */
export function tokenErrorRate(hyps: readonly string[], refs: readonly string[], unit: 'token' | 'char' = 'token'): number {
  if (hyps.length !== refs.length) throw new Error('hyps and refs differ in length');
  const split = unit === 'char' ? (s: string) => Array.from(normalise(s)) : (s: string) => normalise(s).split(' ').filter(Boolean);
  let errors = 0;
  let length = 0;
  hyps.forEach((h, i) => {
    const r = split(refs[i]!);
    errors += editDistance(split(h), r);
    length += r.length;
  });
  return length > 0 ? errors / length : 0;
}

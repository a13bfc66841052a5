import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { learnMerges } from './merge-trainer';

/**
 * Reference: the textbook loop that recounts every pair before each merge and merges each word
 * left to right, with the same rule (highest count; ties by smallest left id, then right id).
 */
function naive(words: number[][], counts: number[], tokens: string[], vocabSize: number, prefix: string): [string, string][] {
  const toks = [...tokens];
  const ws = words.map((w) => [...w]);
  const merges: [string, string][] = [];
  while (toks.length < vocabSize) {
    const pc = new Map<string, number>();
    ws.forEach((w, i) => {
      for (let k = 0; k + 1 < w.length; k++) pc.set(`${w[k]},${w[k + 1]}`, (pc.get(`${w[k]},${w[k + 1]}`) ?? 0) + (counts[i] as number));
    });
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [key, c] of pc) {
      const [a, b] = key.split(',').map(Number) as [number, number];
      if (c > bestCount || (c === bestCount && best && (a < best[0] || (a === best[0] && b < best[1])))) {
        best = [a, b];
        bestCount = c;
      }
    }
    if (!best) break;
    const [a, b] = best;
    const right = toks[b] as string;
    const merged = (toks[a] as string) + (prefix && right.startsWith(prefix) ? right.slice(prefix.length) : right);
    let c = toks.indexOf(merged);
    if (c < 0) c = toks.push(merged) - 1;
    merges.push([toks[a] as string, right]);
    for (const w of ws) {
      for (let k = 0; k + 1 < w.length; k++) if (w[k] === a && w[k + 1] === b) w.splice(k, 2, c);
    }
  }
  return merges;
}

describe('incremental merge loop', () => {
  it('gives the same merges as recounting before every merge (random corpora, repeats and reused strings)', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 20; trial++) {
      const letters = ['a', 'b', 'c', 'd', 'ab', 'ba'].slice(0, 3 + rng.int(4)); // "ab"+"a" = "a"+"ba": reused strings
      const words = Array.from({ length: 5 + rng.int(30) }, () => Array.from({ length: 1 + rng.int(9) }, () => rng.int(letters.length)));
      const counts = words.map(() => 1 + rng.int(5));
      const vocabSize = letters.length + 5 + rng.int(40);
      const expected = naive(words, counts, letters, vocabSize, '');
      const got = learnMerges({ words: words.map((w) => Int32Array.from(w)), counts, tokens: letters, vocabSize, prefix: '' });
      expect(got.merges).toEqual(expected);
    }
  });
});

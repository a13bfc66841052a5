import { describe, expect, it } from 'vitest';
import { trainTokenizer } from './index';
import type { HfTokenizerJson } from './hf-json-types';

const merges = (json: unknown) => ((json as HfTokenizerJson).model.merges as [string, string][]).map((m) => m.join(' '));
const vocab = (json: unknown) => (json as HfTokenizerJson).model.vocab as Record<string, number>;

describe('byte-level BPE trainer', () => {
  it('learns the merges worked out by hand on a tiny corpus, ties by smallest (left id, right id)', () => {
    /*
     * Texts (one word each, so no Ġ): hug ×2, pug, pun, bun, hugs.
     * Ids: <pad> = 0, then the 256 byte characters in code-point order, so printable ASCII c has
     * id c − 32: b 66, g 71, h 72, n 78, p 80, s 83, u 85. New tokens get 257, 258, …
     * Pair counts: (u,g) 2+1+1 = 4, (h,u) 2+1 = 3, (p,u) 2, (u,n) 2, (b,u) 1, (g,s) 1.
     * 1. (u,g) 4 → "ug" 257. Words: h·ug ×2, p·ug, p·u·n, b·u·n, h·ug·s.
     *    Counts: (h,ug) 3, (u,n) 2, (p,ug) 1, (ug,s) 1, (p,u) 1, (b,u) 1.
     * 2. (h,ug) 3 → "hug" 258. Counts: (u,n) 2, (p,ug) 1, (hug,s) 1, (p,u) 1, (b,u) 1.
     * 3. (u,n) 2 → "un" 259. Counts, all 1: (p,un) [80,259], (b,un) [66,259], (p,ug) [80,257], (hug,s) [258,83].
     * 4. tie → smallest left id 66: (b,un) → "bun" 260.
     * 5. tie (p,ug) [80,257] vs (p,un) [80,259] → right id 257: "pug" 261.
     * 6. (p,un) [80,259] before (hug,s) [258,83]: "pun" 262.
     * 7. (hug,s) → "hugs" 263. No pair is left: 264 tokens although 300 were allowed.
     */
    const t = trainTokenizer(['hug', 'hug', 'pug', 'pun', 'bun', 'hugs'], { kind: 'bpe', vocabSize: 300, lowercase: false });
    const json = t.toJson();
    expect(merges(json)).toEqual(['u g', 'h ug', 'u n', 'b un', 'p ug', 'p un', 'hug s']);
    expect(t.vocab.size).toBe(264);
    expect(vocab(json)).toMatchObject({ '<pad>': 0, '!': 1, b: 66, u: 85, ug: 257, hug: 258, un: 259, bun: 260, pug: 261, pun: 262, hugs: 263 });
    expect(t.encode('hugs').tokens).toEqual(['hugs']);
    expect(t.encode('bugs').tokens).toEqual(['b', 'ug', 's']);
  });

  it('stops at the vocab size, and merges overlapping pairs left to right', () => {
    // "aaa": pair (a,a) at positions 0 and 1, count 2 → "aa"; left to right gives aa·a, not a·aa.
    // With one more slot, (aa,a) count 1 → "aaa".
    const one = trainTokenizer(['aaa'], { kind: 'bpe', vocabSize: 258, lowercase: false });
    expect(merges(one.toJson())).toEqual(['a a']);
    expect(one.encode('aaa').tokens).toEqual(['aa', 'a']);
    const two = trainTokenizer(['aaa'], { kind: 'bpe', vocabSize: 259, lowercase: false });
    expect(merges(two.toJson())).toEqual(['a a', 'aa a']);
    // Encoding applies the lowest rank first: a·a·a·a → aa·a·a → (a,a) rank 0 beats (aa,a) rank 1 → aa·aa.
    expect(two.encode('aaaa').tokens).toEqual(['aa', 'aa']);
    expect(two.encode('aaa').tokens).toEqual(['aaa']);
  });

  it('weights pairs by word counts across words with spaces (Ġ) and lowercases through the normalizer', () => {
    // Lowercased "the the the the the" gives the pieces "the" ×1 and "Ġthe" ×4.
    // Pairs: (t,h) 5, (h,e) 5, (Ġ,t) 4. The tie at 5 goes to the smaller left id:
    // ids are c − 32, so h 72 < t 84 and (h,e) wins over (t,h).
    const t = trainTokenizer(['The the THE the the'], { kind: 'bpe', vocabSize: 258, lowercase: true });
    expect(merges(t.toJson())).toEqual(['h e']);
    expect((t.toJson() as HfTokenizerJson).normalizer).toEqual({ type: 'Lowercase' });
  });

  it('reports progress and can be aborted', () => {
    const seen: [number, number][] = [];
    trainTokenizer(['hug', 'pug', 'hugs'], { kind: 'bpe', vocabSize: 300, lowercase: false }, { onProgress: (d, n) => seen.push([d, n]) });
    expect(seen.at(-1)).toEqual([4, 43]); // ug, hug, pug, hugs; target 300 − 257
    const ac = new AbortController();
    ac.abort();
    expect(() => trainTokenizer(['hug'], { kind: 'bpe', vocabSize: 300, lowercase: false }, { signal: ac.signal })).toThrow();
  });
});

describe('WordPiece trainer', () => {
  it('learns the vocab worked out by hand (BPE merges with ## continuations)', () => {
    /*
     * Words: hug ×2, pug, hugs → symbols h ##u ##g, p ##u ##g, h ##u ##g ##s.
     * Ids: [PAD] 0, [UNK] 1, word-initial chars in code-point order h 2, p 3, then "##" chars in
     * code-point order ##g 4, ##s 5, ##u 6.
     * Pairs: (##u,##g) 4, (h,##u) 3, (p,##u) 1, (##g,##s) 1.
     * 1. (##u,##g) → "##ug" 7 (the right's ## is dropped when joining).
     *    Counts: (h,##ug) 3, (p,##ug) 1, (##ug,##s) 1.
     * 2. (h,##ug) → "hug" 8. Counts: (p,##ug) [3,7] 1, (hug,##s) [8,5] 1.
     * 3. tie → (p,##ug): "pug" 9. Vocab size 10 reached; (hug,##s) is never merged.
     * Encoding is greedy longest-match: hugs → hug ##s; pugs → pug ##s; bug has no "b" → [UNK].
     */
    const t = trainTokenizer(['hug hug', 'pug hugs'], { kind: 'wordpiece', vocabSize: 10, lowercase: false });
    expect(t.vocab.tokens).toEqual(['[PAD]', '[UNK]', 'h', 'p', '##g', '##s', '##u', '##ug', 'hug', 'pug']);
    expect(t.encode('hugs pugs bug').tokens).toEqual(['hug', '##s', 'pug', '##s', '[UNK]']);
    expect(t.encode('bug').ids).toEqual([1]);
  });

  it('keeps the most frequent alphabet symbols when the alphabet does not fit', () => {
    // Symbols: a 3, ##b 3, c 1, ##d 1 → with room for 2 after the specials: a and ##b.
    const t = trainTokenizer(['ab ab ab cd'], { kind: 'wordpiece', vocabSize: 4, lowercase: false });
    expect(t.vocab.tokens).toEqual(['[PAD]', '[UNK]', 'a', '##b']);
    expect(t.encode('ab cd').tokens).toEqual(['a', '##b', '[UNK]']);
  });
});

describe('word and char trainers', () => {
  it('word: [PAD] 0, [UNK] 1, then words by count (ties in code-point order), Unicode-aware', () => {
    const t = trainTokenizer(['Naïve café, naïve CAFÉ!', '東京 café'], { kind: 'word', vocabSize: 5, lowercase: true });
    // Counts: café 3, naïve 2, then "," "!" 東京 1 each → code-point order: "!" (33) first.
    expect(t.vocab.tokens).toEqual(['[PAD]', '[UNK]', 'café', 'naïve', '!']);
    const text = 'Naïve  東京!';
    const e = t.encode(text);
    expect(e.tokens).toEqual(['naïve', '[UNK]', '!']);
    expect(e.offsets.map(([a, b]) => text.slice(a, b))).toEqual(['Naïve', '東京', '!']);
    expect(t.decode(e.ids)).toBe('naïve [UNK] !');
  });

  it('word n-grams: unigrams, then known bigrams, then trigrams; unknown n-grams left out', () => {
    const t = trainTokenizer(['the cat sat', 'the cat ran'], { kind: 'word', vocabSize: 100, lowercase: false, ngrams: 3 });
    const text = 'the cat sat down';
    const e = t.encode(text);
    expect(e.tokens).toEqual(['the', 'cat', 'sat', '[UNK]', 'the cat', 'cat sat', 'the cat sat']);
    expect(e.offsets.map(([a, b]) => text.slice(a, b))).toEqual(['the', 'cat', 'sat', 'down', 'the cat', 'cat sat', 'the cat sat']);
    expect(t.ids(text)).toEqual(e.ids);
    expect(t.decode(e.ids)).toBe('the cat sat [UNK]');
    expect(t.toHfJson().ok).toBe(false);
  });

  it('char: every code point (spaces included) is a token; decode joins them back', () => {
    const t = trainTokenizer(['ab ba', 'a😀'], { kind: 'char', vocabSize: 10, lowercase: false });
    // a 3, b 2, " " 1, 😀 1 → " " (32) before 😀.
    expect(t.vocab.tokens).toEqual(['[PAD]', '[UNK]', 'a', 'b', ' ', '😀']);
    const text = 'ba 😀c';
    const e = t.encode(text);
    expect(e.tokens).toEqual(['b', 'a', ' ', '😀', '[UNK]']);
    expect(e.offsets).toEqual([[0, 1], [1, 2], [2, 3], [3, 5], [5, 6]]);
    expect(t.decode(t.encode('ab 😀').ids)).toBe('ab 😀');
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { toByteLevel } from './byte-level';
import { encodeIds, tokenStats, trainTokenizer } from './index';

const corpus = ['The whale swam. The whale dove!', 'Naïve café: 東京 😀', 'numbers 1234 and more words', 'the end'];

/** Seeded strings mixing ASCII, accents, CJK, emoji, whitespace and lone combining marks. */
function randomTexts(n: number): string[] {
  const rng = createRng(7);
  const alphabet = [...'abc XYZ.,!?\n\t', 'é', 'ß', 'İ', '東', '😀', '\u0301', '’'];
  return Array.from({ length: n }, () => Array.from({ length: Math.floor(rng.next() * 30) }, () => alphabet[Math.floor(rng.next() * alphabet.length)]).join(''));
}

describe('encode → decode round trips and offsets into the original text', () => {
  it('byte-level BPE (cased) decodes every text exactly, and each token is the bytes of its span', () => {
    const t = trainTokenizer(corpus, { kind: 'bpe', vocabSize: 320, lowercase: false });
    for (const text of [...corpus, ...randomTexts(200)]) {
      const e = t.encode(text);
      expect(t.decode(e.ids)).toBe(text);
      // Each span is non-empty and holds the token's bytes; a token with part of a character's
      // bytes gets the whole character. Spans never go backwards.
      e.tokens.forEach((tok, i) => {
        const [a, b] = e.offsets[i] as [number, number];
        expect(b).toBeGreaterThan(a);
        expect(toByteLevel(text.slice(a, b))).toContain(tok);
        if (i > 0) expect(a).toBeGreaterThanOrEqual((e.offsets[i - 1] as [number, number])[0]);
      });
    }
  });

  it('char: decode gives the text back when every character is known; spans are single code points', () => {
    const t = trainTokenizer([...corpus, ...randomTexts(50)], { kind: 'char', vocabSize: 200, lowercase: false });
    for (const text of randomTexts(100)) {
      const e = t.encode(text);
      expect(t.decode(e.ids)).toBe(text);
      e.tokens.forEach((tok, i) => {
        const [a, b] = e.offsets[i] as [number, number];
        expect(text.slice(a, b)).toBe(tok);
      });
    }
  });

  it('word and WordPiece: offsets cover the original (cased) spelling of lowercased tokens', () => {
    for (const kind of ['word', 'wordpiece'] as const) {
      const t = trainTokenizer(corpus, { kind, vocabSize: 120, lowercase: true });
      const text = 'The WHALE, the Café!';
      const e = t.encode(text);
      e.tokens.forEach((tok, i) => {
        const [a, b] = e.offsets[i] as [number, number];
        if (tok !== '[UNK]') expect(text.slice(a, b).toLowerCase()).toBe(tok.replace(/^##/, ''));
      });
      expect(e.tokens.filter((x) => x !== '[UNK]').length).toBeGreaterThan(3);
    }
    const wp = trainTokenizer(corpus, { kind: 'wordpiece', vocabSize: 200, lowercase: true });
    expect(wp.decode(wp.encode('The whale. The end!').ids)).toBe('the whale. the end!');
  });

  it('lowercasing is per character: İ becomes i + combining dot, and offsets still point at İ', () => {
    const t = trainTokenizer(['i\u0307x'], { kind: 'char', vocabSize: 10, lowercase: true });
    const e = t.encode('İx');
    expect(e.tokens).toEqual(['i', '\u0307', 'x']);
    expect(e.offsets).toEqual([[0, 1], [0, 1], [1, 2]]);
  });
});

describe('tokenStats and encodeIds', () => {
  // Word tokenizer over "a a b", "a c": vocab [PAD], [UNK], a (3), b, c.
  const t = trainTokenizer(['a a b', 'a c'], { kind: 'word', vocabSize: 4, lowercase: false });

  it('counts lengths, truncation, unknowns, characters per token and top tokens by hand', () => {
    expect(t.vocab.tokens).toEqual(['[PAD]', '[UNK]', 'a', 'b']);
    // "a a b c" → 4 tokens (c unknown), "b" → 1, "" → 0. maxLength 2: 1 of 3 texts truncated.
    // Unknown: 1 of 5 tokens. Characters: 7 + 1 + 0 = 8 over 5 tokens = 1.6.
    const s = tokenStats(t, ['a a b c', 'b', ''], 2, 2);
    expect(s.lengths).toEqual([4, 1, 0]);
    expect(s.truncationRate).toBeCloseTo(1 / 3, 12);
    expect(s.unkRate).toBeCloseTo(0.2, 12);
    expect(s.charsPerToken).toBeCloseTo(1.6, 12);
    expect(s.topTokens).toEqual([
      { token: 'a', id: 2, count: 2 },
      { token: 'b', id: 3, count: 2 },
    ]);
    expect(tokenStats(t, [], 2)).toMatchObject({ lengths: [], truncationRate: 0, unkRate: 0, charsPerToken: 0 });
  });

  it('encodeIds truncates to maxLength, pads with 0 and returns the length before truncation', () => {
    const out = new Float32Array(8).fill(9);
    expect(encodeIds(t, 'a b a b a', 3, out, 1)).toBe(5);
    expect(encodeIds(t, 'b', 3, out, 4)).toBe(1);
    expect([...out]).toEqual([9, 2, 3, 2, 3, 0, 0, 9]);
  });
});

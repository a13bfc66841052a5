import { describe, expect, it } from 'vitest';
import { occludedTexts, occlusionScores, wordSpans } from './occlusion';

describe('occlusion', () => {
  it('finds words with their offsets, keeping apostrophes and non-Latin letters', () => {
    const spans = wordSpans("Don't buy — très cher!");
    expect(spans.map((s) => s.word)).toEqual(["Don't", 'buy', 'très', 'cher']);
    expect(spans[2]).toEqual({ start: 12, end: 16, word: 'très' });
  });

  it('stops at maxWords', () => {
    expect(wordSpans('a b c d', 2).map((s) => s.word)).toEqual(['a', 'b']);
  });

  it('removes one word per variant', () => {
    const text = 'free money now';
    expect(occludedTexts(text, wordSpans(text))).toEqual(['  money now', 'free   now', 'free money  ']);
  });

  it('scores are the drop in the predicted class probability', () => {
    // full: p(spam) = 0.9; without "free": 0.4; without "money": 0.8; without "now": 0.95.
    const probs = [0.1, 0.9, 0.6, 0.4, 0.2, 0.8, 0.05, 0.95];
    const s = occlusionScores(probs, 2, 1);
    expect(s[0]).toBeCloseTo(0.5, 12);
    expect(s[1]).toBeCloseTo(0.1, 12);
    expect(s[2]).toBeCloseTo(-0.05, 12);
  });
});

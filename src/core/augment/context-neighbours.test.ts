import { describe, expect, it } from 'vitest';
import { augmentTexts } from './eda';
import { buildContextIndex, contextThesaurus } from './context-neighbours';

// "cat" and "dog" appear in exactly the same contexts; "car" shares none of theirs.
const corpus = [
  'my cat eats fish', 'my dog eats fish', 'my cat eats meat', 'my dog eats meat',
  'red car drives fast', 'blue car drives slow', 'red car drives slow', null,
];

describe('context neighbours', () => {
  it('identical contexts give cosine 1, disjoint contexts 0', () => {
    const index = buildContextIndex(corpus, { minCount: 2, stopWords: new Set(['my']) });
    expect(index.similarity('cat', 'dog')).toBeCloseTo(1, 12);
    expect(index.similarity('cat', 'car')).toBe(0);
    expect(index.neighbours('cat')[0]).toEqual({ word: 'dog', similarity: expect.closeTo(1, 12) });
    expect(index.neighbours('cat').map((n) => n.word)).not.toContain('car');
  });
  it('stop words, rare and unknown words get no neighbours; the word is never its own', () => {
    const index = buildContextIndex(corpus, { minCount: 2, stopWords: new Set(['my']) });
    expect(index.neighbours('my')).toEqual([]);
    expect(index.neighbours('blue')).toEqual([]); // seen once
    expect(index.neighbours('zebra')).toEqual([]);
    expect(index.neighbours('dog').map((n) => n.word)).not.toContain('dog');
  });
  it('works as the EDA thesaurus', () => {
    const thesaurus = contextThesaurus(corpus, { minCount: 2, stopWords: new Set(['my']) });
    expect(thesaurus('cat')[0]).toBe('dog');
    const a = augmentTexts(['my cat eats fish'], ['pet'], { perExample: 2, alpha: 0.1, seed: 5, ops: ['synonym'], thesaurus, stopWords: new Set(['my']) });
    expect(a.texts.length).toBeGreaterThan(0);
    for (const t of a.texts) expect(t).toMatch(/^my \w+ \w+ \w+$/);
  });
});

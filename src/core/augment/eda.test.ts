import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { augmentTexts, randomDeletion, randomInsertion, randomSwap, synonymReplacement, type Thesaurus } from './eda';

const THESAURUS: Record<string, string[]> = { quick: ['fast'], fox: ['fox'], movie: ['film', 'picture'] };
const thesaurus: Thesaurus = (w) => THESAURUS[w] ?? [];
const noStop = new Set<string>();

describe('EDA edits', () => {
  it('synonym replacement: n = max(1, ⌊α·words⌋); stop words and words without synonyms stay; case follows', () => {
    // 4 words, α = 0.1 → n = 1; "the" is a stop word, "fox" has only itself, "jumps" none: only "Quick" can change.
    for (let seed = 0; seed < 5; seed++) {
      expect(synonymReplacement('the Quick fox jumps', 0.1, createRng(seed), { thesaurus })).toBe('the Fast fox jumps');
    }
    // Every occurrence of the chosen word changes, punctuation around it stays.
    expect(synonymReplacement('quick, quick!', 0.5, createRng(1), { thesaurus })).toBe('fast, fast!');
    const r = synonymReplacement('a movie', 0.1, createRng(3), { thesaurus, stopWords: noStop });
    expect(['a film', 'a picture']).toContain(r);
  });
  it('random insertion: a synonym of a word goes in somewhere; nothing to insert leaves the text', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) seen.add(randomInsertion('quick fox', 0.1, createRng(seed), { thesaurus }));
    expect([...seen].sort()).toEqual(['fast quick fox', 'quick fast fox', 'quick fox fast']);
    expect(randomInsertion('jumps over', 0.5, createRng(1), { thesaurus })).toBe('jumps over');
  });
  it('random swap: two different positions; a one-word text stays', () => {
    for (let seed = 0; seed < 5; seed++) expect(randomSwap('a b', 0.1, createRng(seed))).toBe('b a');
    expect(randomSwap('alone', 0.5, createRng(1))).toBe('alone');
    const swapped = randomSwap('a b c d e f g h i j', 0.2, createRng(4)); // n = 2 swaps
    expect(swapped.split(' ').sort()).toEqual('a b c d e f g h i j'.split(' '));
  });
  it('random deletion: p = 0 keeps all, p = 1 keeps exactly one word', () => {
    expect(randomDeletion('a b c', 0, createRng(1))).toBe('a b c');
    for (let seed = 0; seed < 5; seed++) expect(['a', 'b', 'c']).toContain(randomDeletion('a b c', 1, createRng(seed)));
    expect(randomDeletion('alone', 1, createRng(1))).toBe('alone');
  });
  it('same seed, same edits', () => {
    const t = 'the quick brown fox jumps over the lazy dog near the river bank';
    expect(randomSwap(t, 0.3, createRng(9))).toBe(randomSwap(t, 0.3, createRng(9)));
    expect(randomDeletion(t, 0.3, createRng(9))).toBe(randomDeletion(t, 0.3, createRng(9)));
  });
});

describe('augmentTexts', () => {
  const texts = ['a great quick movie to watch', 'the plot was slow and boring', null, 'ok'];
  const labels = ['pos', 'neg', 'neg', 'pos'];
  it('perExample new texts per input, with its label and source; missing texts skipped; deterministic', () => {
    const a = augmentTexts(texts, labels, { perExample: 3, alpha: 0.2, seed: 42, thesaurus });
    expect(a).toEqual(augmentTexts(texts, labels, { perExample: 3, alpha: 0.2, seed: 42, thesaurus }));
    expect(a.texts.length).toBe(a.labels.length);
    expect(a.source.filter((s) => s === 0).length).toBe(3);
    expect(a.source.filter((s) => s === 1).length).toBe(3);
    expect(a.source).not.toContain(2);
    a.source.forEach((s, k) => expect(a.labels[k]).toBe(labels[s]));
    // No copy of an input and no repeats: those would be oversampling.
    expect(new Set(a.texts).size).toBe(a.texts.length);
    for (const t of a.texts) expect(texts).not.toContain(t);
    // "ok" cannot be edited (one word, no synonym): nothing is made from it.
    expect(a.source).not.toContain(3);
    expect(augmentTexts(texts, labels, { perExample: 3, alpha: 0.2, seed: 43, thesaurus })).not.toEqual(a);
  });
  it('only the chosen edits; synonym edits need a thesaurus', () => {
    const swaps = augmentTexts(['a b c d'], [1], { perExample: 4, alpha: 0.1, seed: 1, ops: ['swap'] });
    for (const t of swaps.texts) expect(t.split(' ').sort().join(' ')).toBe('a b c d');
    expect(augmentTexts(['a b c d'], [1], { perExample: 2, alpha: 0.1, seed: 1, ops: ['synonym'] }).texts).toEqual([]);
    expect(() => augmentTexts(['a'], [], { perExample: 1, alpha: 0.1, seed: 1 })).toThrow();
  });
});

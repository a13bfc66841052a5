import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { jaccard, nearDuplicateMask, rowsPerBand, shingleSet } from './near-duplicates';
import { ctxOf, columnValues, runOp } from './test-utils';
import { textDuplicates } from './text-duplicates';
import { textLengthFilter } from './text-length';

describe('length filter', () => {
  // words: 0 ("!!!"), 2, 5, missing, 1 (emoji only has no word), 3 (Chinese run = 1 word + "ok" + "x")
  const ctx = ctxOf(['t', 'y'], [['!!!', 1], ['two words', 2], ["it's 1,234.5 km away now", 3], [null, 4], ['👍🏽', 5], ['日本語 ok x', 6]]);
  it('words: inner apostrophes and digit groups stay one word; missing texts are kept', () => {
    const r = runOp(textLengthFilter, { column: 't', unit: 'words', min: 2, max: 4 }, ctx);
    expect(columnValues(r.table, 'y')).toEqual([2, 4, 6]);
    expect(r.changed).toEqual({ rows: 3 });
    expect(r.examples).toEqual([
      { before: '!!!', after: '' },
      { before: "it's 1,234.5 km away now", after: '' },
      { before: '👍🏽', after: '' },
    ]);
  });
  it('characters count code points: 👍🏽 is 2, 日本語 ok x is 8', () => {
    const r = runOp(textLengthFilter, { column: 't', unit: 'characters', min: 2, max: 8 }, ctx);
    expect(columnValues(r.table, 'y')).toEqual([1, 4, 5, 6]); // 3, missing, 2, 8 characters
    const maxOnly = runOp(textLengthFilter, { column: 't', unit: 'characters', min: null, max: 3 }, ctx);
    expect(columnValues(maxOnly.table, 'y')).toEqual([1, 4, 5]);
  });
  it('needs a bound, whole numbers, min ≤ max; a row filter', () => {
    expect(textLengthFilter.validate({ column: 't', unit: 'words', min: null, max: null }, ctx)).not.toBeNull();
    expect(textLengthFilter.validate({ column: 't', unit: 'words', min: 1.5, max: null }, ctx)).not.toBeNull();
    expect(textLengthFilter.validate({ column: 't', unit: 'words', min: 5, max: 2 }, ctx)?.message).toContain('larger');
    expect(textLengthFilter.validate({ column: 'y', unit: 'words', min: 1, max: null }, ctx)?.message).toContain('numbers');
    expect(textLengthFilter.rowFilter).toBe(true);
  });
});

describe('near-duplicate machinery', () => {
  it('shingles are lower-cased, NFKC word pairs; a one-word text is one shingle', () => {
    expect(shingleSet('Hello, WORLD!')).toEqual(shingleSet('hello world'));
    expect(shingleSet('ＨＥＬＬＯ world')).toEqual(shingleSet('hello world'));
    expect(shingleSet('a b c').length).toBe(2);
    expect(shingleSet('a b a b').length).toBe(2); // "a b", "b a"
    expect(shingleSet('word').length).toBe(1);
    expect(shingleSet('!!! 😀').length).toBe(0);
  });
  it('exact Jaccard: "the cat sat on the mat" vs "the cat sat on a mat" share 3 of 7 pairs', () => {
    // pairs: {the cat, cat sat, sat on, on the, the mat} vs {the cat, cat sat, sat on, on a, a mat}
    expect(jaccard(shingleSet('the cat sat on the mat'), shingleSet('the cat sat on a mat'))).toBe(3 / 7);
    expect(jaccard(new Uint32Array(0), new Uint32Array(0))).toBe(1);
  });
  it('bands find a pair at the threshold ≥ 99 % of the time', () => {
    for (const t of [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
      const r = rowsPerBand(t);
      const b = Math.floor(128 / r);
      expect(1 - (1 - t ** r) ** b).toBeGreaterThanOrEqual(0.99);
      expect(1 - (1 - t ** (r + 1)) ** Math.floor(128 / (r + 1))).toBeLessThan(0.99);
    }
    expect(rowsPerBand(0.8)).toBe(6);
  });
});

describe('remove duplicate texts', () => {
  const rows: [string | null, number][] = [
    ['The cat sat on the mat', 0],
    ['the cat sat on the mat!', 1], // same words: similarity 1
    ['The cat sat on the mat today', 2], // 5 of 6 pairs: 0.833
    [null, 3],
    [null, 4],
    ['A completely different sentence here', 5],
    ['The cat sat on the mat', 6], // exact repeat of row 0
    ['NA', 7],
    ['NA', 8],
  ];
  const ctx = ctxOf(['t', 'y'], rows);
  it('exact: character for character, the first stays, missing texts are never duplicates', () => {
    const r = runOp(textDuplicates, { column: 't', mode: 'exact', threshold: 0.8 }, ctx);
    expect(columnValues(r.table, 'y')).toEqual([0, 1, 2, 3, 4, 5, 7, 8]);
    expect(r.examples).toEqual([{ before: 'The cat sat on the mat', after: '' }]);
  });
  it('near: similarity ≥ threshold against kept texts', () => {
    const at08 = runOp(textDuplicates, { column: 't', mode: 'near', threshold: 0.8 }, ctx);
    expect(columnValues(at08.table, 'y')).toEqual([0, 3, 4, 5, 7, 8]);
    expect(at08.changed).toEqual({ rows: 3 });
    expect(at08.examples?.map((e) => e.before)).toEqual(['the cat sat on the mat!', 'The cat sat on the mat today', 'The cat sat on the mat']);
    const at09 = runOp(textDuplicates, { column: 't', mode: 'near', threshold: 0.9 }, ctx);
    expect(columnValues(at09.table, 'y')).toEqual([0, 2, 3, 4, 5, 7, 8]);
  });
  it('no chains: B near A goes, C near B but not A stays', () => {
    // Pairs A {ab bc cd de}, B {ab bc cd de ef}, C {bc cd de ef fg}:
    // A–B 4/5 = 0.8, B–C 4/6 ≈ 0.67, A–C 3/6 = 0.5; threshold 0.6.
    const [a, b, c] = ['a b c d e', 'a b c d e f', 'b c d e f g'];
    expect(jaccard(shingleSet(a), shingleSet(b))).toBe(4 / 5);
    expect(jaccard(shingleSet(b), shingleSet(c))).toBe(4 / 6);
    expect(jaccard(shingleSet(a), shingleSet(c))).toBe(3 / 6);
    const r = runOp(textDuplicates, { column: 't', mode: 'near', threshold: 0.6 }, ctxOf(['t'], [[a], [b], [c]]));
    // B goes; C is compared with the kept A only, and stays.
    expect(columnValues(r.table, 't')).toEqual([a, c]);
  });
  it('threshold between 0.5 and 1 in near mode; a row filter', () => {
    expect(textDuplicates.validate({ column: 't', mode: 'near', threshold: 0.3 }, ctx)).not.toBeNull();
    expect(textDuplicates.validate({ column: 't', mode: 'exact', threshold: 0.3 }, ctx)).toBeNull();
    expect(textDuplicates.rowFilter).toBe(true);
  });
  it('10,000 texts: deterministic, finds planted near-copies, and fast', () => {
    const rng = createRng(7);
    const vocab = Array.from({ length: 5000 }, (_, i) => `w${i}`);
    const texts: string[] = [];
    for (let i = 0; i < 9000; i++) texts.push(Array.from({ length: 20 + rng.int(30) }, () => vocab[rng.int(vocab.length)]!).join(' '));
    // 1,000 copies of earlier texts with the last word changed: similarity ≥ (n-2)/(n) > 0.9 for n ≥ 20 pairs.
    for (let i = 0; i < 1000; i++) {
      const words = texts[i * 7]!.split(' ');
      words[words.length - 1] = 'changed';
      texts.push(words.join(' '));
    }
    const codes = Int32Array.from(texts.keys());
    // Speed is the bench's business (no timed assertions in tests); this checks the result on 10,000 texts.
    const mask = nearDuplicateMask(codes, texts, 0.8);
    const flagged = mask.reduce((a, b) => a + b, 0);
    expect(mask.slice(0, 9000).reduce((a, b) => a + b, 0)).toBe(0);
    expect(flagged).toBe(1000);
    expect(nearDuplicateMask(codes, texts, 0.8)).toEqual(mask);
  });
});

import { describe, expect, it } from 'vitest';
import { bleuFromStats, corpusBleu } from './bleu';
import { corpusChrf } from './chrf';
import { corpusRouge, lcsLength, rougeL, rougeN, rougeTokens } from './rouge';
import { editDistance, exactMatch, tokenErrorRate } from './sequence-match';
import { tokenize13a } from './tokenize-13a';

// sacreBLEU's README example (github.com/mjpost/sacrebleu, "Using SacreBLEU from Python").
const refs = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('13a tokenizer', () => {
  it('splits punctuation as mteval-v13a', () => {
    expect(tokenize13a('The dog bit the man.')).toBe('The dog bit the man .');
    // the apostrophe (0x27) is outside every range: kept inside the word
    expect(tokenize13a("It wasn't surprising.")).toBe("It wasn't surprising .");
    expect(tokenize13a('3.14, 1,000 and 5-6 (x) &amp; y')).toBe('3.14 , 1,000 and 5 - 6 ( x ) & y');
  });
});

describe('corpus BLEU (sacreBLEU)', () => {
  it('matches the README example: 48.53, 82.4/50.0/45.5/37.5, BP 0.943, 17/18', () => {
    const r = corpusBleu(sys, refs);
    expect(r.score).toBeCloseTo(48.530827, 5); // test_bleu.py's value
    expect(r.precisions.map((p) => p.toFixed(1))).toEqual(['82.4', '50.0', '45.5', '37.5']);
    expect(r.bp).toBeCloseTo(0.943, 3);
    expect([r.sysLen, r.refLen]).toEqual([17, 18]);
  });
  it('skips an empty reference: 29.44 (README, variable number of references)', () => {
    const r = corpusBleu(sys, [['', refs[0]![1]!, refs[0]![2]!], refs[1]!]);
    expect(r.score.toFixed(2)).toBe('29.44');
    expect(r.refLen).toBe(19);
  });
  it('test_bleu.py cases: untokenized 49.1919566, empty hypotheses 0', () => {
    expect(corpusBleu(sys, refs, { tokenize: 'none' }).score).toBeCloseTo(49.1919566, 5);
    expect(corpusBleu(['', '', ''], refs).score).toBe(0);
  });
  it('is 100 on identical text and uses exp smoothing by hand', () => {
    expect(corpusBleu(['a b c d e'], [['a b c d e']]).score).toBeCloseTo(100, 10);
    // 2 words, both match; no 3- or 4-grams: totals 0 stop the loop, precisions 0 → log = −1e10.
    expect(corpusBleu(['a b'], [['a b']]).score).toBe(0);
    // 1-grams 3/4, 2-grams 1/3, 3-grams 0/2 → 100/(2·2), 4-grams 0/1 → 100/(4·1); BP 1.
    const r = bleuFromStats([3, 1, 0, 0], [4, 3, 2, 1], 4, 4);
    const expected = Math.exp((Math.log(75) + Math.log(100 / 3) + Math.log(25) + Math.log(25)) / 4);
    expect(r.score).toBeCloseTo(expected, 10);
  });
});

describe('corpus chrF (sacreBLEU)', () => {
  it('matches the README example: chrF2 = 59.73', () => {
    expect(corpusChrf(sys, refs).toFixed(2)).toBe('59.73');
  });
  it('test_chrf.py effective-order cases (β = 3)', () => {
    expect(corpusChrf(['a'], [['a']], { beta: 3 })).toBeCloseTo(100, 8);
    expect(corpusChrf([''], [['reference']], { beta: 3 })).toBe(0);
    expect(corpusChrf(['a b c'], [['abc']], { beta: 3 })).toBeCloseTo(100, 8);
    expect(corpusChrf(['a', 'b'], [['a', 'c']], { beta: 3 })).toBeCloseTo(50, 8);
    expect(corpusChrf(['aa'], [['ab']], { beta: 3 })).toBeCloseTo(25, 8);
  });
});

describe('ROUGE (rouge-score, no stemming)', () => {
  it('tokenizes like rouge-score', () => {
    expect(rougeTokens("The cat's hat, 2 times!")).toEqual(['the', 'cat', 's', 'hat', '2', 'times']);
  });
  it('computes F1 by hand', () => {
    const ref = rougeTokens('the cat was under the bed');
    const hyp = rougeTokens('the cat was found under the bed');
    // unigrams: 6 of 7 hyp match, 6 of 6 ref → P 6/7, R 1 → F 12/13
    expect(rougeN(hyp, ref, 1)).toBeCloseTo(12 / 13, 12);
    // bigrams: hyp 6, ref 5, overlap (the cat)(cat was)(under the)(the bed) = 4 → P 4/6, R 4/5
    expect(rougeN(hyp, ref, 2)).toBeCloseTo((2 * (4 / 6) * (4 / 5)) / (4 / 6 + 4 / 5), 12);
    expect(lcsLength(hyp, ref)).toBe(6);
    expect(rougeL(hyp, ref)).toBeCloseTo(12 / 13, 12);
    const c = corpusRouge(['the cat was found under the bed', 'x'], ['the cat was under the bed', 'y']);
    expect(c.rouge1).toBeCloseTo(12 / 13 / 2, 12);
  });
});

describe('exact match and token error rate', () => {
  it('exact match ignores whitespace runs only', () => {
    expect(exactMatch(['K AE T', ' D AO G ', 'b'], ['K AE T', 'D AO G', 'B'])).toBeCloseTo(2 / 3, 12);
  });
  it('edit distance and corpus error rate by hand', () => {
    expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
    // pair 1: 1 substitution of 3; pair 2: 1 deletion of 2 → (1 + 1) / (3 + 2)
    expect(tokenErrorRate(['K AH T', 'D'], ['K AE T', 'D AO'])).toBeCloseTo(2 / 5, 12);
    expect(tokenErrorRate(['kitten'], ['sitting'], 'char')).toBeCloseTo(3 / 7, 12);
    expect(tokenErrorRate(['a b c d'], ['a'])).toBe(3);
  });
});

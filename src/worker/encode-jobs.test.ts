import { describe, expect, it } from 'vitest';
import { inferSchema } from '../core/data/infer-type';
import { tableFromRows } from '../core/data/table';
import { DEFAULT_TEXT, defaultFeatureSpec, fitEncoders, splitForSpec, type FeatureSpec } from '../core/features';
import { trainingData } from './encode-jobs';

const words = ['great', 'film', 'loved', 'it', 'terrible', 'plot', 'boring', 'acting', 'happy', 'sad'];
const rows = Array.from({ length: 60 }, (_, i) => [
  `${words[i % 10]} ${words[(i * 3) % 10]} ${words[(i * 7) % 10]} movie night`,
  i % 5 === 0 ? 'neg' : 'pos', // 12 neg, 48 pos
]);
const table = tableFromRows(['review', 'label'], rows);
const schema = inferSchema(table).map((c) => (c.name === 'review' ? { ...c, override: 'text' as const } : c));

function spec(balance?: FeatureSpec['balance'], representation: 'tokens' | 'tfidf' = 'tokens'): FeatureSpec {
  const s = defaultFeatureSpec(table, schema, 'label', 'classification');
  return { ...s, text: { ...DEFAULT_TEXT, columns: ['review'], representation, maxLength: 8, tokenizer: { kind: 'word', vocabSize: 100, lowercase: true, ngrams: 1 } }, ...(balance ? { balance } : {}) };
}

async function data(s: FeatureSpec) {
  const split = splitForSpec(table, s);
  if (!split.ok) throw new Error(split.error.message);
  const fitted = fitEncoders(table, schema, s, split.value.train);
  const res = await trainingData(table, s, fitted);
  if ('error' in res) throw new Error(res.error.message);
  return res.data;
}

const counts = (y: Float32Array) => Array.from(y).reduce<Record<number, number>>((m, v) => ({ ...m, [v]: (m[v] ?? 0) + 1 }), {});

describe('training data with balance settings', () => {
  it('oversampling balances the training split only', async () => {
    const plain = await data(spec());
    const over = await data(spec({ augment: 0, alpha: 0.1, oversample: true }));
    const c = counts(over.train.y);
    expect(c[0]).toBe(c[1]);
    expect(over.train.n).toBe(2 * Math.max(...Object.values(counts(plain.train.y))));
    expect(Array.from(over.validation.x)).toEqual(Array.from(plain.validation.x));
    expect(Array.from(over.test.y)).toEqual(Array.from(plain.test.y));
  });

  it('EDA adds edited texts with their labels after the originals, seeded', async () => {
    const plain = await data(spec());
    const aug = await data(spec({ augment: 2, alpha: 0.3, oversample: false }));
    expect(aug.train.n).toBeGreaterThan(plain.train.n);
    expect(aug.train.n).toBeLessThanOrEqual(3 * plain.train.n);
    expect(Array.from(aug.train.x.subarray(0, plain.train.x.length))).toEqual(Array.from(plain.train.x));
    expect(Array.from(aug.test.x)).toEqual(Array.from(plain.test.x));
    // Every new row is a token sequence, not a copy of its source row.
    const width = plain.features;
    const originals = new Set(Array.from({ length: plain.train.n }, (_, r) => Array.from(plain.train.x.subarray(r * width, (r + 1) * width)).join()));
    for (let r = plain.train.n; r < aug.train.n; r++) expect(originals.has(Array.from(aug.train.x.subarray(r * width, (r + 1) * width)).join())).toBe(false);
    const again = await data(spec({ augment: 2, alpha: 0.3, oversample: false }));
    expect(Array.from(again.train.x)).toEqual(Array.from(aug.train.x));
  });

  it('EDA rows in a TF-IDF input are encoded afresh: unit-norm rows, not the source text plus the new one', async () => {
    const aug = await data(spec({ augment: 2, alpha: 0.3, oversample: false }, 'tfidf'));
    const plain = await data(spec(undefined, 'tfidf'));
    expect(aug.train.n).toBeGreaterThan(plain.train.n); // there are augmented rows to check
    const f = aug.features;
    for (let r = 0; r < aug.train.n; r++) {
      let norm = 0;
      for (let j = 0; j < f; j++) norm += aug.train.x[r * f + j]! ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { inferSchema } from '../data/infer-type';
import { tableFromRows } from '../data/table';
import { encodeRows } from './encode';
import { fitEncoders } from './fit';
import { defaultFeatureSpec, validateFeatureSpec, type FeatureSpec } from './spec';
import { DEFAULT_TEXT, loadTokenizer } from './text';
import { describeEncoding } from './summary';

const table = tableFromRows(
  ['message', 'kind'],
  [
    ['free money', 'spam'],
    ['free cash now', 'spam'],
    ['Money money money', 'ham'],
    ['money for free, free!', 'ham'],
  ],
);
const schema = inferSchema(table).map((c) => (c.name === 'message' ? { ...c, override: 'text' as const } : c));
const train = Uint32Array.from([0, 1, 2]);

function spec(patch: Partial<NonNullable<FeatureSpec['text']>>): FeatureSpec {
  const s = defaultFeatureSpec(table, schema, 'kind', 'classification');
  return { ...s, text: { ...DEFAULT_TEXT, columns: ['message'], tokenizer: { kind: 'word', vocabSize: 100, lowercase: true, ngrams: 1 }, ...patch } };
}

describe('text features', () => {
  it('proposes a TF-IDF text input for a free-text column, which is not a category', () => {
    const s = defaultFeatureSpec(table, schema, 'kind', 'classification');
    expect(s.text).toMatchObject({ columns: ['message'], representation: 'tfidf' });
    expect(s.columns.find((c) => c.name === 'message')).toMatchObject({ include: false });
    expect(validateFeatureSpec(s, table)).toEqual([]);
  });

  it('TF-IDF equals scikit-learn TfidfVectorizer (smooth idf, raw counts, L2 rows), fitted on train rows only', () => {
    // sklearn: TfidfVectorizer(token_pattern=r'(?u)\b\w+\b').fit(['free money','free cash now','Money money money'])
    //   vocabulary cash, free, money, now; transform(['money for free, free!']) = [0, 0.894427, 0.447214, 0]
    //   and the train rows: [0, .707107, .707107, 0], [.622766, .47363, 0, .622766], [0, 0, 1, 0].
    const fitted = fitEncoders(table, schema, spec({}), train);
    const tok = loadTokenizer(fitted.text!);
    const order = ['cash', 'free', 'money', 'now'].map((w) => fitted.text!.ids!.indexOf(tok.vocab.id(w)!));
    expect(order.every((j) => j >= 0)).toBe(true);
    const { x, features } = encodeRows(table, fitted);
    const row = (k: number) => order.map((j) => x[k * features + j]!);
    const expected = [[0, 0.707107, 0.707107, 0], [0.622766, 0.47363, 0, 0.622766], [0, 0, 1, 0], [0, 0.894427, 0.447214, 0]];
    expected.forEach((want, k) => row(k).forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 5)));
    // "for" was never seen in training: it adds no feature, and no other column is non-zero.
    let nonZero = 0;
    for (let j = 0; j < features; j++) if (x[3 * features + j] !== 0) nonZero++;
    expect(nonZero).toBe(2);
    expect(fitted.featureNames).toContain('“money”');
  });

  it('token sequences: the first maxLength ids, pad 0 after, and no tabular columns', () => {
    const fitted = fitEncoders(table, schema, spec({ representation: 'tokens', maxLength: 3 }), train);
    expect(fitted.columns).toEqual([]);
    expect(fitted.featureNames).toHaveLength(3);
    expect(fitted.text!.vocabSize).toBe(loadTokenizer(fitted.text!).vocab.size);
    const tok = loadTokenizer(fitted.text!);
    const { x } = encodeRows(table, fitted, Uint32Array.from([0, 2]));
    expect(Array.from(x)).toEqual([tok.vocab.id('free')!, tok.vocab.id('money')!, 0, tok.vocab.id('money')!, tok.vocab.id('money')!, tok.vocab.id('money')!]);
    expect(describeEncoding(fitted).columns[0]!.text).toMatch(/message → 3 token ids per text/);
  });

  it('refuses a text input that is the target or has no columns', () => {
    expect(validateFeatureSpec(spec({ columns: [] }), table).map((p) => p.code)).toContain('no-text');
    expect(validateFeatureSpec(spec({ columns: ['kind'] }), table).map((p) => p.code)).toContain('text-is-target');
    expect(validateFeatureSpec(spec({ maxLength: 0 }), table).map((p) => p.code)).toContain('bad-max-length');
  });

  it('the fitted encoders, tokenizer included, survive JSON and encode the same', () => {
    const fitted = fitEncoders(table, schema, spec({ tokenizer: { kind: 'bpe', vocabSize: 300, lowercase: false } }), train);
    const copy = JSON.parse(JSON.stringify(fitted)) as typeof fitted;
    expect(Array.from(encodeRows(table, copy).x)).toEqual(Array.from(encodeRows(table, fitted).x));
  });
});

describe('a loaded tokenizer file', () => {
  it('is used as is (no training) and its ids are kept', () => {
    const trained = fitEncoders(table, schema, spec({ representation: 'tokens', maxLength: 4, tokenizer: { kind: 'wordpiece', vocabSize: 60, lowercase: true } }), train);
    const file = JSON.parse(JSON.stringify(trained.text!.tokenizer)) as unknown;
    // Fitted on other rows: a trained tokenizer would differ; the loaded one cannot.
    const s = spec({ representation: 'tokens', maxLength: 4, pretrained: { fileName: 'tokenizer.json', json: file } });
    const loaded = fitEncoders(table, schema, s, Uint32Array.from([3]));
    expect(loaded.text!.tokenizer).toEqual(file);
    expect(Array.from(encodeRows(table, loaded).x)).toEqual(Array.from(encodeRows(table, trained).x));
  });

  it('a file that does not load is reported before fitting', () => {
    const s = spec({ pretrained: { fileName: 'bad.json', json: { model: { type: 'Unigram' } } } });
    const problems = validateFeatureSpec(s, table);
    expect(problems.map((p) => p.code)).toContain('bad-tokenizer');
    expect(problems.find((p) => p.code === 'bad-tokenizer')!.message).toMatch(/bad\.json/);
  });
});

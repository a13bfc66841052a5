import { describe, expect, it } from 'vitest';
import { deserializeTokenizer, serializeTokenizer, trainTokenizer } from './index';

/** A valid WordLevel file to break one field at a time. */
function wordLevel(): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: 'WhitespaceSplit' },
    model: { type: 'WordLevel', vocab: { '[UNK]': 0, a: 1 }, unk_token: '[UNK]' },
    post_processor: null,
    decoder: null,
  };
}

const refused = (json: unknown, message: RegExp) => {
  const r = deserializeTokenizer(json);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.message).toMatch(message);
    expect(r.error.code).toBe('bad-tokenizer');
  }
};

describe('malformed or hostile tokenizer files are refused with a clear Problem', () => {
  it('accepts the valid base file', () => {
    expect(deserializeTokenizer(wordLevel()).ok).toBe(true);
  });

  it('refuses non-objects and missing parts', () => {
    refused(null, /tokenizer.json must be an object/);
    refused([1, 2], /tokenizer.json must be an object/);
    refused('{"model":1}', /tokenizer.json must be an object/);
    refused({ ...wordLevel(), model: undefined }, /model must be an object/);
    refused({ ...wordLevel(), model: { type: 'WordLevel', vocab: {}, unk_token: '[UNK]' } }, /unk_token "\[UNK\]" is not in the vocabulary|vocab is empty/);
  });

  it('refuses bad ids: negative, fractional, duplicated, gaps, conflicting added tokens', () => {
    const withVocab = (vocab: unknown) => ({ ...wordLevel(), model: { type: 'WordLevel', vocab, unk_token: '[UNK]' } });
    refused(withVocab({ '[UNK]': 0, a: -1 }), /must be a token id/);
    refused(withVocab({ '[UNK]': 0, a: 1.5 }), /must be a token id/);
    refused(withVocab({ '[UNK]': 0, a: '1' }), /must be a token id/);
    refused(withVocab({ '[UNK]': 0, a: 1e12 }), /must be a token id/);
    refused(withVocab({ '[UNK]': 0, a: 0 }), /gives id 0 to two tokens/);
    refused(withVocab({ '[UNK]': 0, a: 2 }), /No token has id 1/);
    refused({ ...wordLevel(), added_tokens: [{ id: 1, content: '<x>', special: true }] }, /added token "<x>" has id 1, which is "a"/);
    refused({ ...wordLevel(), added_tokens: [{ id: 2, content: '' }] }, /content is empty/);
  });

  it('refuses unsupported components by name, and deep nesting', () => {
    refused({ ...wordLevel(), model: { type: 'Unigram', vocab: [['a', 0]] } }, /model of type "Unigram" is not supported/);
    refused({ ...wordLevel(), normalizer: { type: 'Precompiled' } }, /normalizer of type "Precompiled"/);
    refused({ ...wordLevel(), pre_tokenizer: { type: 'Split', pattern: { Regex: '(' }, behavior: 'Isolated' } }, /regular expression JavaScript cannot run/);
    refused({ ...wordLevel(), pre_tokenizer: { type: 'Split', pattern: { Regex: 'a' }, behavior: 'Contiguous' } }, /behavior of type "Contiguous"/);
    let deep: unknown = { type: 'Lowercase' };
    for (let i = 0; i < 20; i++) deep = { type: 'Sequence', normalizers: [deep] };
    refused({ ...wordLevel(), normalizer: deep }, /nested too deeply/);
  });

  it('refuses BPE merges of tokens not in the vocabulary, and malformed merges', () => {
    const bpe = (merges: unknown) => ({ ...wordLevel(), pre_tokenizer: null, model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges } });
    expect(deserializeTokenizer(bpe(['a b'])).ok).toBe(true);
    expect(deserializeTokenizer(bpe([['a', 'b']])).ok).toBe(true);
    refused(bpe(['a c']), /merges\[0\] makes "c", which is not in the vocabulary/);
    refused(bpe(['b a']), /makes "ba"/);
    refused(bpe(['a b c']), /two tokens separated by one space/);
    refused(bpe([['a']]), /pair of tokens/);
    refused(bpe('a b'), /merges must be a list/);
  });

  it('treats "__proto__" and "constructor" as ordinary tokens (no prototype pollution)', () => {
    const text = '{"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":{"type":"WhitespaceSplit"},"post_processor":null,"decoder":null,' +
      '"model":{"type":"WordLevel","unk_token":"[UNK]","vocab":{"[UNK]":0,"__proto__":1,"constructor":2,"polluted":3}}}';
    const r = deserializeTokenizer(JSON.parse(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.encode('__proto__ constructor toString').ids).toEqual([1, 2, 0]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Written back, the keys survive as data.
    const again = JSON.stringify(serializeTokenizer(r.value));
    expect(again).toContain('"__proto__":1');
    const back = deserializeTokenizer(JSON.parse(again));
    expect(back.ok && back.value.encode('__proto__').ids).toEqual([1]);
  });

  it('trained vocabularies holding "__proto__" or "constructor" round-trip', () => {
    const t = trainTokenizer(['__proto__ constructor __proto__'], { kind: 'word', vocabSize: 10, lowercase: false });
    expect(t.encode('constructor __proto__').tokens).toEqual(['constructor', '__proto__']);
    const back = deserializeTokenizer(JSON.parse(JSON.stringify(serializeTokenizer(t))));
    expect(back.ok && back.value.encode('constructor __proto__').tokens).toEqual(['constructor', '__proto__']);
  });

  it('refuses a malformed studio n-gram file', () => {
    const t = trainTokenizer(['a b c'], { kind: 'word', vocabSize: 10, lowercase: false, ngrams: 2 });
    const json = serializeTokenizer(t) as Record<string, unknown>;
    expect(deserializeTokenizer(json).ok).toBe(true);
    refused({ ...json, version: 2 }, /version 2/);
    refused({ ...json, ngrams: 5 }, /ngrams must be 2 or 3/);
    refused({ ...json, vocab: ['[PAD]', '[UNK]', 'a', 'a'] }, /twice/);
    refused({ ...json, vocab: ['a', '[UNK]'] }, /start with \[PAD\]/);
    refused({ ...json, vocab: ['[PAD]', '[UNK]', 7] }, /non-empty string/);
  });
});

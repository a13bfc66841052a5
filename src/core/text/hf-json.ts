import { err, ok, problem, type Problem, type Result } from '../util/result';
import type { DecoderSpec } from './decoders';
import type { HfAddedToken, HfTokenizerJson, JsonObject } from './hf-json-types';
import { createModel, type ModelSpec } from './models';
import { bertNormalizerSteps, type NormalizerStep } from './normalize';
import { PipelineTokenizer, type AddedTokenSpec, type PostSpec } from './pipeline';
import { isByteLevel, prefixSpace, regexProblem, type PreTokenizerSpec } from './pre-tokenize';
import type { SpecialTokens, Tokenizer, TokenizerKind } from './types';
import { Vocab } from './vocab';

/**
 * Reads a Hugging Face tokenizer.json into a Tokenizer. Everything is validated before use and
 * refused with a Problem that names the field: the input may be hostile. Keys of the input are
 * only read (Object.entries, Map), never assigned into plain objects, so "__proto__" keys are
 * ordinary tokens.
 */

/** Caps that keep a hostile file from exhausting memory (GPT-2: 50,257 tokens, 50,000 merges). */
const MAX_VOCAB = 1_000_000;
const MAX_TOKEN_CHARS = 1_000;
const MAX_ADDED = 10_000;
const MAX_DEPTH = 8;
const MAX_PATTERN = 2_000;

/** The char tokenizer's pre-tokenizer: every code point is a piece (see train.ts). */
export const CHAR_SPLIT_REGEX = '[\\s\\S]';

class Refused extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const HINT = 'Export tokenizer.json again from the tool that made it, or train a tokenizer here.';
const refuse = (message: string, hint = HINT): never => {
  throw new Refused(problem(message, hint));
};

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: JsonObject, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

function obj(v: unknown, where: string): JsonObject {
  if (!isObject(v)) refuse(`${where} must be an object.`);
  return v as JsonObject;
}
function str(v: unknown, where: string): string {
  if (typeof v !== 'string') refuse(`${where} must be a string.`);
  if ((v as string).length > MAX_TOKEN_CHARS) refuse(`${where} is longer than ${MAX_TOKEN_CHARS} characters.`);
  return v as string;
}
function bool(v: unknown, where: string, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') refuse(`${where} must be true or false.`);
  return v as boolean;
}
function id(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= MAX_VOCAB) refuse(`${where} must be a token id (a whole number from 0 to ${MAX_VOCAB - 1}).`);
  return v as number;
}
function list(v: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(v)) refuse(`${where} must be a list.`);
  if ((v as unknown[]).length > max) refuse(`${where} has more than ${max} entries.`);
  return v as unknown[];
}
function typeOf(o: JsonObject, where: string): string {
  return str(own(o, 'type'), `${where}.type`);
}
const unsupported = (where: string, type: string): never =>
  refuse(`${where} of type "${type}" is not supported.`, 'This studio reads BPE, WordPiece and WordLevel tokenizers such as GPT-2’s and BERT’s.');

function normalizer(v: unknown, where: string, depth = 0): NormalizerStep[] {
  if (v === null || v === undefined) return [];
  if (depth > MAX_DEPTH) refuse(`${where} is nested too deeply.`);
  const o = obj(v, where);
  const type = typeOf(o, where);
  switch (type) {
    case 'Lowercase':
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
    case 'StripAccents':
      return [{ type }];
    case 'BertNormalizer': {
      const strip = own(o, 'strip_accents');
      return bertNormalizerSteps({
        clean_text: bool(own(o, 'clean_text'), `${where}.clean_text`, true),
        handle_chinese_chars: bool(own(o, 'handle_chinese_chars'), `${where}.handle_chinese_chars`, true),
        strip_accents: strip === null || strip === undefined ? null : bool(strip, `${where}.strip_accents`, false),
        lowercase: bool(own(o, 'lowercase'), `${where}.lowercase`, true),
      });
    }
    case 'Sequence':
      return list(own(o, 'normalizers'), `${where}.normalizers`, 64).flatMap((n, i) => normalizer(n, `${where}.normalizers[${i}]`, depth + 1));
    default:
      return unsupported(where, type);
  }
}

function pattern(v: unknown, where: string): { pattern: string; isRegex: boolean } {
  const o = obj(v, where);
  const s = own(o, 'String');
  if (typeof s === 'string' && s.length <= MAX_PATTERN) return { pattern: s, isRegex: false };
  const r = own(o, 'Regex');
  if (typeof r !== 'string' || r.length > MAX_PATTERN) return refuse(`${where} must be {"String": …} or {"Regex": …}.`);
  const bad = regexProblem(r);
  if (bad !== null) refuse(`${where} is a regular expression JavaScript cannot run: ${bad}`);
  return { pattern: r, isRegex: true };
}

function preTokenizer(v: unknown, where: string, depth = 0): PreTokenizerSpec | null {
  if (v === null || v === undefined) return null;
  if (depth > MAX_DEPTH) refuse(`${where} is nested too deeply.`);
  const o = obj(v, where);
  const type = typeOf(o, where);
  switch (type) {
    case 'ByteLevel':
      return { type, addPrefixSpace: bool(own(o, 'add_prefix_space'), `${where}.add_prefix_space`, true), useRegex: bool(own(o, 'use_regex'), `${where}.use_regex`, true) };
    case 'BertPreTokenizer':
      return { type: 'Bert' };
    case 'Whitespace':
    case 'WhitespaceSplit':
      return { type };
    case 'Split': {
      const behavior = str(own(o, 'behavior'), `${where}.behavior`);
      if (behavior !== 'Isolated' && behavior !== 'Removed') return unsupported(`${where}.behavior`, behavior);
      const p = pattern(own(o, 'pattern'), `${where}.pattern`);
      return { type, ...p, behavior, invert: bool(own(o, 'invert'), `${where}.invert`, false) };
    }
    case 'Sequence': {
      const items = list(own(o, 'pretokenizers'), `${where}.pretokenizers`, 64).map((p, i) => preTokenizer(p, `${where}.pretokenizers[${i}]`, depth + 1));
      return { type, items: items.filter((p): p is PreTokenizerSpec => p !== null) };
    }
    default:
      return unsupported(where, type);
  }
}

function decoder(v: unknown, where: string, depth = 0): DecoderSpec | null {
  if (v === null || v === undefined) return null;
  if (depth > MAX_DEPTH) refuse(`${where} is nested too deeply.`);
  const o = obj(v, where);
  const type = typeOf(o, where);
  const count = (k: string): number => {
    const n = own(o, k);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) return refuse(`${where}.${k} must be a small whole number.`);
    return n;
  };
  switch (type) {
    case 'ByteLevel':
    case 'Fuse':
    case 'ByteFallback':
      return { type };
    case 'WordPiece':
      return { type, prefix: str(own(o, 'prefix') ?? '##', `${where}.prefix`), cleanup: bool(own(o, 'cleanup'), `${where}.cleanup`, true) };
    case 'Strip':
      return { type, content: str(own(o, 'content'), `${where}.content`), start: count('start'), stop: count('stop') };
    case 'Replace': {
      const p = pattern(own(o, 'pattern'), `${where}.pattern`);
      if (p.isRegex) return unsupported(`${where}.pattern`, 'Regex');
      return { type, pattern: p.pattern, content: str(own(o, 'content'), `${where}.content`) };
    }
    case 'Metaspace': {
      const scheme = own(o, 'prepend_scheme');
      const strip = scheme === undefined ? bool(own(o, 'add_prefix_space'), `${where}.add_prefix_space`, true) : scheme !== 'never';
      return { type, replacement: str(own(o, 'replacement') ?? '▁', `${where}.replacement`), stripFirstSpace: strip };
    }
    case 'Sequence': {
      const items = list(own(o, 'decoders'), `${where}.decoders`, 64).map((d, i) => decoder(d, `${where}.decoders[${i}]`, depth + 1));
      return { type, items: items.filter((d): d is DecoderSpec => d !== null) };
    }
    default:
      return unsupported(where, type);
  }
}

/** token → id of the model's vocab, validated (no duplicate ids, ids below the cap). */
function vocabEntries(v: unknown, where: string): Map<string, number> {
  const o = obj(v, where);
  const entries = Object.entries(o);
  if (entries.length > MAX_VOCAB) refuse(`${where} has more than ${MAX_VOCAB} tokens.`);
  const out = new Map<string, number>();
  const seen = new Set<number>();
  for (const [token, value] of entries) {
    if (token.length > MAX_TOKEN_CHARS) refuse(`${where} has a token longer than ${MAX_TOKEN_CHARS} characters.`);
    const i = id(value, `${where}["${token.slice(0, 40)}"]`);
    if (seen.has(i)) refuse(`${where} gives id ${i} to two tokens.`);
    seen.add(i);
    out.set(token, i);
  }
  return out;
}

function merges(v: unknown, where: string): [string, string][] {
  return list(v ?? [], where, 4 * MAX_VOCAB).map((m, i) => {
    if (typeof m === 'string') {
      const parts = m.split(' ');
      if (parts.length !== 2) refuse(`${where}[${i}] must be two tokens separated by one space.`);
      return [parts[0] as string, parts[1] as string];
    }
    const pair = list(m, `${where}[${i}]`, 2);
    if (pair.length !== 2) refuse(`${where}[${i}] must be a pair of tokens.`);
    return [str(pair[0], `${where}[${i}][0]`), str(pair[1], `${where}[${i}][1]`)];
  });
}

function addedTokens(v: unknown): AddedTokenSpec[] {
  return list(v ?? [], 'added_tokens', MAX_ADDED).map((a, i) => {
    const o = obj(a, `added_tokens[${i}]`);
    const content = str(own(o, 'content'), `added_tokens[${i}].content`);
    if (content.length === 0) refuse(`added_tokens[${i}].content is empty.`);
    return {
      id: id(own(o, 'id'), `added_tokens[${i}].id`),
      content,
      special: bool(own(o, 'special'), `added_tokens[${i}].special`, false),
      lstrip: bool(own(o, 'lstrip'), `added_tokens[${i}].lstrip`, false),
      rstrip: bool(own(o, 'rstrip'), `added_tokens[${i}].rstrip`, false),
    };
  });
}

function postProcessor(v: unknown, idOf: (token: string, where: string) => number, where = 'post_processor', depth = 0): PostSpec | null {
  if (v === null || v === undefined) return null;
  if (depth > MAX_DEPTH) refuse(`${where} is nested too deeply.`);
  const o = obj(v, where);
  const type = typeOf(o, where);
  const tokenPair = (k: string): number => {
    const p = list(own(o, k), `${where}.${k}`, 2);
    return idOf(str(p[0], `${where}.${k}[0]`), `${where}.${k}`);
  };
  switch (type) {
    case 'ByteLevel':
      return null;
    case 'BertProcessing':
    case 'RobertaProcessing':
      return { before: [tokenPair('cls')], after: [tokenPair('sep')] };
    case 'TemplateProcessing': {
      const specials = obj(own(o, 'special_tokens') ?? {}, `${where}.special_tokens`);
      const out: PostSpec = { before: [], after: [] };
      let seenSequence = false;
      list(own(o, 'single'), `${where}.single`, 64).forEach((item, i) => {
        const it = obj(item, `${where}.single[${i}]`);
        if (own(it, 'Sequence') !== undefined) {
          seenSequence = true;
          return;
        }
        const sp = obj(own(it, 'SpecialToken'), `${where}.single[${i}].SpecialToken`);
        const name = str(own(sp, 'id'), `${where}.single[${i}].SpecialToken.id`);
        const entry = own(specials, name);
        const ids = entry === undefined ? [idOf(name, `${where}.single[${i}]`)] : list(own(obj(entry, `${where}.special_tokens.${name}`), 'ids'), `${where}.special_tokens.${name}.ids`, 16).map((x) => id(x, `${where}.special_tokens.${name}.ids`));
        (seenSequence ? out.after : out.before).push(...ids);
      });
      return out;
    }
    case 'Sequence': {
      const parts = list(own(o, 'processors'), `${where}.processors`, 16).map((p, i) => postProcessor(p, idOf, `${where}.processors[${i}]`, depth + 1));
      return parts.find((p) => p !== null) ?? null;
    }
    default:
      return unsupported(where, type);
  }
}

function modelSpec(m: JsonObject, vocab: Vocab, entries: Map<string, number>): ModelSpec {
  const type = own(m, 'type') ?? (own(m, 'merges') !== undefined ? 'BPE' : own(m, 'continuing_subword_prefix') !== undefined ? 'WordPiece' : 'WordLevel');
  const unkOf = (required: boolean): string | null => {
    const u = own(m, 'unk_token');
    if (u === null || u === undefined) return required ? refuse('model.unk_token is missing.') : null;
    const s = str(u, 'model.unk_token');
    if (!entries.has(s)) refuse(`model.unk_token "${s}" is not in the vocabulary.`);
    return s;
  };
  switch (type) {
    case 'BPE': {
      for (const k of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
        const v = own(m, k);
        if (v !== null && v !== undefined && v !== '') unsupported(`model.${k}`, String(v));
      }
      if (bool(own(m, 'byte_fallback'), 'model.byte_fallback', false)) unsupported('model', 'BPE with byte_fallback (SentencePiece style)');
      const dropout = own(m, 'dropout');
      if (dropout !== null && dropout !== undefined && dropout !== 0) unsupported('model', 'BPE with dropout');
      const ms = merges(own(m, 'merges'), 'model.merges');
      ms.forEach(([a, b], i) => {
        for (const t of [a, b, a + b]) if (!entries.has(t)) refuse(`model.merges[${i}] makes "${t}", which is not in the vocabulary.`);
      });
      return { type: 'BPE', vocab, merges: ms, unk: unkOf(false), ignoreMerges: bool(own(m, 'ignore_merges'), 'model.ignore_merges', false) };
    }
    case 'WordPiece': {
      const max = own(m, 'max_input_chars_per_word') ?? 100;
      if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 10_000) refuse('model.max_input_chars_per_word must be a whole number from 1 to 10,000.');
      return { type: 'WordPiece', vocab, unk: unkOf(true) as string, prefix: str(own(m, 'continuing_subword_prefix') ?? '##', 'model.continuing_subword_prefix'), maxInputCharsPerWord: max as number };
    }
    case 'WordLevel':
      return { type: 'WordLevel', vocab, unk: unkOf(true) as string };
    default:
      return unsupported('model', String(type));
  }
}

function isCharSplit(p: PreTokenizerSpec | null): boolean {
  return p !== null && p.type === 'Split' && p.isRegex && p.pattern === CHAR_SPLIT_REGEX && p.invert;
}

function kindOf(model: ModelSpec, pre: PreTokenizerSpec | null): TokenizerKind {
  if (model.type === 'BPE') return 'bpe';
  if (model.type === 'WordPiece') return 'wordpiece';
  return isCharSplit(pre) ? 'char' : 'word';
}

/** Pad/unk/cls/sep/mask/eos by the usual spellings of BERT, GPT-2 and the tokenizers trained here. */
function findSpecials(vocab: Vocab, unk: string | null): SpecialTokens {
  const first = (...names: string[]) => names.find((n) => vocab.has(n));
  const out: SpecialTokens = {};
  const set = (k: keyof SpecialTokens, v: string | undefined | null) => {
    if (v) out[k] = v;
  };
  set('pad', first('[PAD]', '<pad>'));
  set('unk', unk ?? first('[UNK]', '<unk>'));
  set('cls', first('[CLS]', '<s>'));
  set('sep', first('[SEP]', '</s>'));
  set('mask', first('[MASK]', '<mask>'));
  set('eos', first('<|endoftext|>', '</s>'));
  return out;
}

function build(json: unknown): Tokenizer {
  const root = obj(json, 'tokenizer.json');
  const m = obj(own(root, 'model'), 'model');
  const type = own(m, 'type');
  if (type !== undefined && type !== 'BPE' && type !== 'WordPiece' && type !== 'WordLevel') unsupported('model', String(type));
  const added = addedTokens(own(root, 'added_tokens'));
  const entries = vocabEntries(own(m, 'vocab'), 'model.vocab');
  // All ids (model vocab and added tokens) must be 0..n-1 with no gap, one token each.
  const tokens: (string | undefined)[] = [];
  for (const [t, i] of entries) tokens[i] = t;
  for (const a of added) {
    const there = tokens[a.id];
    if (there !== undefined && there !== a.content) refuse(`added token "${a.content}" has id ${a.id}, which is "${there}" in the vocabulary.`);
    tokens[a.id] = a.content;
  }
  if (tokens.length === 0) refuse('model.vocab is empty.');
  const gap = tokens.findIndex((t) => t === undefined);
  if (gap >= 0) refuse(`No token has id ${gap}: ids must run from 0 without gaps.`);
  const vocab = new Vocab(tokens as string[]);
  const modelVocab = new Vocab([...entries.keys()].sort((a, b) => (entries.get(a) as number) - (entries.get(b) as number)));
  const modelIds = [...entries.values()].sort((a, b) => a - b);
  const dense = modelIds.every((v, i) => v === i);
  // The model looks tokens up by id; a model vocab whose ids skip added tokens uses the full one.
  const spec = modelSpec(m, dense ? modelVocab : vocab, entries);
  const pre = preTokenizer(own(root, 'pre_tokenizer'), 'pre_tokenizer');
  const idOf = (token: string, where: string): number => {
    const i = vocab.id(token);
    if (i === undefined) refuse(`${where} names "${token}", which is not in the vocabulary.`);
    return i as number;
  };
  const specials = findSpecials(vocab, spec.unk);
  const parsedJson: HfTokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ((own(root, 'added_tokens') ?? []) as HfAddedToken[]),
    normalizer: (own(root, 'normalizer') ?? null) as JsonObject | null,
    pre_tokenizer: (own(root, 'pre_tokenizer') ?? null) as JsonObject | null,
    model: m,
    post_processor: (own(root, 'post_processor') ?? null) as JsonObject | null,
    decoder: (own(root, 'decoder') ?? null) as JsonObject | null,
  };
  return new PipelineTokenizer({
    kind: kindOf(spec, pre),
    vocab,
    model: createModel(spec),
    normalizer: normalizer(own(root, 'normalizer'), 'normalizer'),
    preTokenizer: pre,
    byteLevel: isByteLevel(pre),
    prefixSpace: prefixSpace(pre),
    added,
    post: postProcessor(own(root, 'post_processor'), idOf),
    decoder: decoder(own(root, 'decoder'), 'decoder'),
    specials,
    json: parsedJson,
  });
}

export function fromHfJson(json: unknown): Result<Tokenizer> {
  try {
    return ok(build(json));
  } catch (e) {
    if (e instanceof Refused) return err({ ...e.problem, code: 'bad-tokenizer' });
    throw e;
  }
}

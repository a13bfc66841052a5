import { GPT2_PATTERN } from './byte-level';

/**
 * Pre-tokenizers (HF `pre_tokenizer` component): split normalized text into pieces that the
 * model tokenizes independently. Offsets are in normalized code units.
 */
export type PreTokenizerSpec =
  | { type: 'ByteLevel'; addPrefixSpace: boolean; useRegex: boolean }
  | { type: 'Bert' }
  | { type: 'Whitespace' }
  | { type: 'WhitespaceSplit' }
  | { type: 'Split'; pattern: string; isRegex: boolean; behavior: 'Isolated' | 'Removed'; invert: boolean }
  | { type: 'Sequence'; items: PreTokenizerSpec[] };

export interface Piece {
  text: string;
  start: number;
}

/** ASCII punctuation counts as punctuation for BERT even where Unicode says Symbol ($, +, <, …). */
export const BERT_PUNCT = /[\p{P}!-/:-@[-`{-~]/u;
const BERT_SPLIT = /[\p{P}!-/:-@[-`{-~]|[^\s\p{P}!-/:-@[-`{-~]+/gu;
/** HF `Whitespace` is `\w+|[^\w\s]+` with Unicode \w (as Oniguruma, and tokenizers.js's rewrite). */
const WHITESPACE_SPLIT = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}]+|[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\s]+/gu;
const NON_SPACE = /\S+/gu;
const regexCache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'gu');
    regexCache.set(pattern, re);
  }
  return re;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matches(re: RegExp, piece: Piece): Piece[] {
  const out: Piece[] = [];
  for (const m of piece.text.matchAll(re)) {
    if (m[0].length > 0) out.push({ text: m[0], start: piece.start + m.index });
  }
  return out;
}

/** Split keeping or dropping the delimiters (`Isolated` keeps them as their own pieces). */
function splitBy(re: RegExp, piece: Piece, keepDelimiters: boolean): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  const push = (a: number, b: number) => {
    if (b > a) out.push({ text: piece.text.slice(a, b), start: piece.start + a });
  };
  for (const m of piece.text.matchAll(re)) {
    if (m[0].length === 0) continue;
    push(last, m.index);
    if (keepDelimiters) push(m.index, m.index + m[0].length);
    last = m.index + m[0].length;
  }
  push(last, piece.text.length);
  return out;
}

function applyOne(spec: PreTokenizerSpec, piece: Piece): Piece[] {
  switch (spec.type) {
    case 'ByteLevel':
      return spec.useRegex ? matches(compile(GPT2_PATTERN), piece) : [piece];
    case 'Bert':
      return matches(BERT_SPLIT, piece);
    case 'Whitespace':
      return matches(WHITESPACE_SPLIT, piece);
    case 'WhitespaceSplit':
      return matches(NON_SPACE, piece);
    case 'Split': {
      const re = compile(spec.isRegex ? spec.pattern : escapeRegex(spec.pattern));
      if (spec.invert) return matches(re, piece);
      return splitBy(re, piece, spec.behavior === 'Isolated');
    }
    case 'Sequence':
      return spec.items.reduce<Piece[]>((pieces, s) => pieces.flatMap((p) => applyOne(s, p)), [piece]);
  }
}

export function preTokenize(spec: PreTokenizerSpec | null, text: string): Piece[] {
  if (text.length === 0) return [];
  return spec ? applyOne(spec, { text, start: 0 }) : [{ text, start: 0 }];
}

/**
 * The one regex whose matches are the pieces, for pre-tokenizers that are a single "keep the
 * matches" regex; null otherwise. Lets trainers count pieces without building Piece objects.
 */
export function pieceRegex(spec: PreTokenizerSpec): RegExp | null {
  switch (spec.type) {
    case 'ByteLevel':
      return spec.useRegex ? new RegExp(GPT2_PATTERN, 'gu') : null;
    case 'Bert':
      return new RegExp(BERT_SPLIT.source, 'gu');
    case 'Whitespace':
      return new RegExp(WHITESPACE_SPLIT.source, 'gu');
    case 'WhitespaceSplit':
      return new RegExp(NON_SPACE.source, 'gu');
    case 'Split':
      return spec.invert ? new RegExp(spec.isRegex ? spec.pattern : escapeRegex(spec.pattern), 'gu') : null;
    case 'Sequence':
      return null;
  }
}

/** Whether the pipeline maps bytes to GPT-2 characters before the model. */
export function isByteLevel(spec: PreTokenizerSpec | null): boolean {
  if (!spec) return false;
  if (spec.type === 'ByteLevel') return true;
  return spec.type === 'Sequence' && spec.items.some(isByteLevel);
}

export function prefixSpace(spec: PreTokenizerSpec | null): boolean {
  if (!spec) return false;
  if (spec.type === 'ByteLevel') return spec.addPrefixSpace;
  return spec.type === 'Sequence' && spec.items.some(prefixSpace);
}

/** Check a user/imported regex compiles in JavaScript; the message when it does not. */
export function regexProblem(pattern: string): string | null {
  try {
    compile(pattern);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

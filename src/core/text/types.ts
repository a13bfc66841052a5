import type { Result } from '../util/result';
import type { Vocab } from './vocab';
import type { HfTokenizerJson } from './hf-json-types';

/** The four tokenizer families of the workbench (registry keys). */
export type TokenizerKind = 'word' | 'char' | 'bpe' | 'wordpiece';

/**
 * One encoded text. Invariant: ids, tokens and offsets have the same length; offsets are
 * [start, end) in UTF-16 code units of the ORIGINAL text (special tokens get [0, 0]).
 */
export interface Encoding {
  ids: number[];
  tokens: string[];
  offsets: [number, number][];
}

export interface EncodeOptions {
  /** Add the post-processor's tokens ([CLS] … [SEP] for WordPiece). Default false. */
  addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  /** Drop special (added) tokens such as [PAD] or <|endoftext|>. Default false. */
  skipSpecialTokens?: boolean;
}

/** The named special tokens of a tokenizer, as token strings (absent when it has none). */
export interface SpecialTokens {
  pad?: string;
  unk?: string;
  cls?: string;
  sep?: string;
  mask?: string;
  eos?: string;
}

export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocab: Vocab;
  readonly specials: SpecialTokens;
  encode(text: string, options?: EncodeOptions): Encoding;
  /** The ids of encode(text) without tokens or offsets (no alignment work: for model inputs). */
  ids(text: string): number[];
  decode(ids: readonly number[], options?: DecodeOptions): string;
  /** Hugging Face tokenizer.json; a Problem when the tokenizer has no HF equivalent (word n-grams). */
  toHfJson(): Result<HfTokenizerJson>;
  /** What serializeTokenizer writes: the HF tokenizer.json, or the studio JSON when there is none. */
  toJson(): unknown;
}

/** Progress and cancellation for trainers that run inside a worker. */
export interface TrainControl {
  /** Called with merges done and the merge target (at most every ~50 ms, and once at the end). */
  onProgress?: (done: number, target: number) => void;
  signal?: AbortSignal;
}

/**
 * Tokenizers of the text workbench: word, char, byte-level BPE and WordPiece, trained here or
 * loaded from a Hugging Face tokenizer.json, and saved as one.
 */
import type { Result } from '../util/result';
import { fromHfJson } from './hf-json';
import type { Tokenizer } from './types';
import { fromStudioJson, STUDIO_FORMAT } from './word-ngrams';

export type { Tokenizer, Encoding, TokenizerKind, TrainControl, EncodeOptions, DecodeOptions, SpecialTokens } from './types';
export type { TokenizerSpec } from './train';
export { trainTokenizer } from './train';
export type { TokenStats } from './stats';
export { tokenStats, encodeIds } from './stats';
export type { HfTokenizerJson } from './hf-json-types';

/**
 * The HF tokenizer.json object when the tokenizer has an HF equivalent, else the studio JSON
 * `{ format: 'ml-studio-tokenizer', version: 1, kind: 'word', ngrams, lowercase, vocab }`
 * (word n-grams, see word-ngrams.ts). Both are plain JSON; JSON.stringify writes the file.
 */
export function serializeTokenizer(t: Tokenizer): unknown {
  return t.toJson();
}

/** Reads what serializeTokenizer wrote, or any HF tokenizer.json with a BPE, WordPiece or WordLevel model. */
export function deserializeTokenizer(json: unknown): Result<Tokenizer> {
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && Object.hasOwn(json, 'format')) {
    const o = json as Record<string, unknown>;
    if (o.format === STUDIO_FORMAT) return fromStudioJson(o);
  }
  return fromHfJson(json);
}

/**
 * The shape of a Hugging Face `tokenizer.json` (see shared/design/MODEL-FORMATS.md §3) as this
 * module writes it. Components are kept as plain JSON objects: a loaded file's components are
 * written back as they came, after validation.
 */
export type JsonObject = { [key: string]: unknown };

export interface HfAddedToken {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export interface HfTokenizerJson {
  version: '1.0';
  truncation: null;
  padding: null;
  added_tokens: HfAddedToken[];
  normalizer: JsonObject | null;
  pre_tokenizer: JsonObject | null;
  model: JsonObject;
  post_processor: JsonObject | null;
  decoder: JsonObject | null;
}

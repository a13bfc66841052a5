/**
 * Reads a BERT Hugging Face folder (BertModel or BertForSequenceClassification): config.json,
 * model.safetensors (or shards), tokenizer.json with a WordPiece model. Every tensor is checked by
 * name and shape before anything is kept; failures are ModelImportErrors naming what is wrong.
 * No tfjs: the text Model step reads a dropped folder with this on the main thread.
 */
import { deserializeTokenizer, type Tokenizer } from '../text';
import { bertCard, bertConfigFromHf, bertTensorSpecs, type BertCard, type BertConfig } from './bert-config';
import { parseJson, readTensors, type PretrainedFiles } from './hf-folder';
import { ModelImportError } from './llama-config';
import { toFloat32, type StTensor } from './safetensors';

type Json = Record<string, unknown>;

export interface LoadedBert {
  config: BertConfig;
  /** BertModel names (no `bert.` prefix); Linear weights [out, in] as torch stores them. */
  weights: Map<string, Float32Array>;
  /** The folder's classification head, when it has one: weight [numLabels, hidden], bias [numLabels]. */
  classifier?: { weight: Float32Array; bias: Float32Array; numLabels: number };
  /** The tokenizer.json as dropped (the text pipeline tokenizes with it). */
  tokenizerJson: unknown;
  tokenizer: Tokenizer;
  /** Ids the model puts around each text, and the padding id (must be 0: the pipeline pads with 0). */
  clsId: number;
  sepId: number;
  card: BertCard;
}

export const BERT_HINT = 'The studio reads BERT folders as Hugging Face saves them: config.json (model_type "bert"), model.safetensors and tokenizer.json (WordPiece).';

function idOf(tok: Tokenizer, token: string | undefined, fallback: string, what: string): number {
  const id = tok.vocab.id(token ?? fallback);
  if (id === undefined) throw new ModelImportError(`tokenizer.json has no ${what} token (${token ?? fallback}), which BERT puts around every text.`, BERT_HINT);
  return id;
}

/** The WordPiece tokenizer of a BERT folder, with the ids of [CLS], [SEP] and [PAD]. */
export function bertTokenizer(json: unknown, vocabSize: number): { tokenizer: Tokenizer; clsId: number; sepId: number } {
  const r = deserializeTokenizer(json);
  if (!r.ok) throw new ModelImportError(`tokenizer.json: ${r.error.message}`, r.error.hint ?? BERT_HINT);
  const tok = r.value;
  if (tok.kind !== 'wordpiece') throw new ModelImportError(`tokenizer.json has a ${tok.kind} model; BERT checkpoints come with a WordPiece tokenizer.`, BERT_HINT);
  if (tok.vocab.size > vocabSize) throw new ModelImportError(`tokenizer.json has ${tok.vocab.size} tokens but the model only ${vocabSize} embedding rows.`, 'Drop the tokenizer.json that came with this model.');
  const clsId = idOf(tok, tok.specials.cls, '[CLS]', 'classification');
  const sepId = idOf(tok, tok.specials.sep, '[SEP]', 'separator');
  const padId = idOf(tok, tok.specials.pad, '[PAD]', 'padding');
  if (padId !== 0) throw new ModelImportError(`tokenizer.json gives [PAD] the id ${padId}; the studio pads token sequences with id 0, as BERT vocabularies do.`, BERT_HINT);
  return { tokenizer: tok, clsId, sepId };
}

/** Checks tensors against the config: BertModel names, or the same with `bert.` plus `classifier.*`. */
function bertWeights(config: BertConfig, tensors: Map<string, StTensor>): Pick<LoadedBert, 'weights' | 'classifier'> {
  const prefixed = [...tensors.keys()].some((k) => k.startsWith('bert.'));
  const prefix = prefixed ? 'bert.' : '';
  const specs = bertTensorSpecs(config);
  const problems: string[] = [];
  const weights = new Map<string, Float32Array>();
  for (const s of specs) {
    const t = tensors.get(prefix + s.name);
    if (!t) problems.push(`${prefix + s.name} is missing`);
    else if (t.shape.join(',') !== s.shape.join(',')) problems.push(`${prefix + s.name} has shape [${t.shape.join(', ')}], config.json implies [${s.shape.join(', ')}]`);
    else weights.set(s.name, toFloat32(t));
  }
  let classifier: LoadedBert['classifier'];
  const cw = tensors.get('classifier.weight');
  const cb = tensors.get('classifier.bias');
  if (cw || cb) {
    if (!cw || !cb) problems.push(`classifier.${cw ? 'bias' : 'weight'} is missing`);
    else if (cw.shape.length !== 2 || cw.shape[1] !== config.hidden || cb.shape.join(',') !== String(cw.shape[0])) problems.push(`classifier.weight [${cw.shape.join(', ')}] and classifier.bias [${cb.shape.join(', ')}] do not form a head on hidden_size ${config.hidden}`);
    else classifier = { weight: toFloat32(cw), bias: toFloat32(cb), numLabels: cw.shape[0]! };
  }
  const known = new Set([...specs.map((s) => prefix + s.name), 'classifier.weight', 'classifier.bias']);
  // position_ids is a buffer some transformers versions save.
  const extra = [...tensors.keys()].filter((k) => !known.has(k) && !k.endsWith('position_ids'));
  if (extra.length) problems.push(`unexpected tensors ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ` and ${extra.length - 3} more` : ''} (a masked-LM or other head is not used here)`);
  if (problems.length) throw new ModelImportError(`model.safetensors does not match config.json: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? `; and ${problems.length - 4} more problems` : ''}.`, BERT_HINT);
  return classifier ? { weights, classifier } : { weights };
}

export function readBertFromHf(c: Json, tensors: Map<string, StTensor>, tokenizerJson: unknown, source: string): LoadedBert {
  const config = bertConfigFromHf(c);
  const { weights, classifier } = bertWeights(config, tensors);
  const { tokenizer, clsId, sepId } = bertTokenizer(tokenizerJson, config.vocabSize);
  if (classifier && config.labels.length !== classifier.numLabels) config.labels = Array.from({ length: classifier.numLabels }, (_, i) => `LABEL_${i}`);
  if (!classifier) config.labels = [];
  const lower = JSON.stringify(tokenizerJson).includes('"lowercase":true') ? ', lowercased' : '';
  const card = bertCard(config, source, `WordPiece (tokenizer.json), ${tokenizer.vocab.size} tokens${lower}`);
  return { config, weights, ...(classifier ? { classifier } : {}), tokenizerJson, tokenizer, clsId, sepId, card };
}

/** A dropped BERT folder (files by base name). Throws ModelImportError; nothing is kept on failure. */
export function readBertFolder(files: PretrainedFiles): LoadedBert {
  const configBytes = files.get('config.json');
  if (!configBytes) throw new ModelImportError(files.size === 0 ? 'Nothing was dropped.' : 'The folder has no config.json.', BERT_HINT);
  const config = parseJson('config.json', configBytes) as Json;
  if (typeof config !== 'object' || config === null || config.model_type !== 'bert') {
    throw new ModelImportError(`config.json says model_type ${JSON.stringify((config as Json | null)?.model_type ?? null)}; a pretrained encoder for text classification must be "bert".`, 'GPT-2 and Llama checkpoints open in a language-model project instead.');
  }
  const tokBytes = files.get('tokenizer.json');
  if (!tokBytes) throw new ModelImportError('The folder has no tokenizer.json, so texts cannot be turned into the ids this model was trained on.', 'Drop the tokenizer.json that came with the model (older folders have vocab.txt: save it with the tokenizers library as tokenizer.json).');
  const { tensors, source } = readTensors(files);
  return readBertFromHf(config, tensors, parseJson('tokenizer.json', tokBytes), source);
}

/** What the train worker needs (models/types PretrainedEncoder): architecture, special ids, weights, the folder's head. */
export function encoderOf(b: LoadedBert): { arch: Omit<BertConfig, 'labels'> & { clsId: number; sepId: number }; weights: Record<string, Float32Array>; classifier?: NonNullable<LoadedBert['classifier']> } {
  const { labels: _labels, ...arch } = b.config;
  return { arch: { ...arch, clsId: b.clsId, sepId: b.sepId }, weights: Object.fromEntries(b.weights), ...(b.classifier ? { classifier: b.classifier } : {}) };
}

/**
 * Imported pretrained models (issue 11): what a dropped file or folder is, read whole and checked
 * before anything is kept. Families register with one line in PRETRAINED_FAMILIES; llama2.c .bin
 * checkpoints are recognised by their header (llama2c.ts).
 *
 * Files are given by base name (a dropped folder's paths are flattened by the caller). Every
 * failure is a ModelImportError naming what is missing or unsupported and what the studio reads.
 */
import { createLlama } from './llama';
import { ModelImportError, type LlamaConfig } from './llama-config';
import { llamaCard, type PretrainedCard } from './pretrained-card';
import { readLlama2c, type Llama2cVersion } from './llama2c';
import { readLlama2cTokenizer, type PieceTokenizer } from './llama2c-tokenizer';
import { bertFamily, gpt2Family, llamaFamily, type Json, type PretrainedFamily } from './pretrained-families';
import type { SteppedLm } from './pretrained-generate';
import { parseJson, readTensors } from './hf-folder';

export type { PretrainedCard } from './pretrained-card';
export type { PretrainedFiles } from './hf-folder';
import type { PretrainedFiles } from './hf-folder';

export interface LoadedPretrained {
  card: PretrainedCard;
  model: SteppedLm & { dispose?(): void };
  tokenizer: PieceTokenizer;
  /** Llama weights and config (for export), when the family is llama. */
  llama?: { config: LlamaConfig; weights: Map<string, Float32Array> };
}

/** The registry: one line per family read from Hugging Face folders. */
export const PRETRAINED_FAMILIES: readonly PretrainedFamily[] = [llamaFamily, gpt2Family, bertFamily];

const SUPPORTED_TYPES = () => PRETRAINED_FAMILIES.map((f) => `"${f.modelType}" (${f.architectures.join(', ')})`).join(', ');

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function readLlama2cFiles(files: PretrainedFiles): LoadedPretrained {
  const bins = [...files].filter(([n]) => n.endsWith('.bin')).sort((a, b) => b[1].length - a[1].length);
  const [ckName, ckBytes] = bins[0]!;
  const file = readLlama2c(ckBytes);
  const tokFiles = bins.slice(1);
  if (tokFiles.length === 0) throw new ModelImportError(`${ckName} is a llama2.c checkpoint, but no tokenizer came with it.`, 'Drop its tokenizer.bin (for stories260K: tok512.bin) together with the checkpoint.');
  let tokenizer: PieceTokenizer | null = null;
  let lastError: unknown = null;
  for (const [, bytes] of tokFiles) {
    try {
      tokenizer = readLlama2cTokenizer(bytes, file.config.vocabSize);
      break;
    } catch (e) {
      lastError = e;
    }
  }
  if (!tokenizer) throw lastError instanceof ModelImportError ? lastError : new ModelImportError('No readable tokenizer.bin came with the checkpoint.');
  const versionName: Record<Llama2cVersion, string> = { 0: 'llama2.c v0 (legacy, float32)', 1: 'llama2.c v1 (float32)', 2: 'llama2.c v2 (Q8_0, dequantized to float32)' };
  const model = createLlama(file.config, file.weights);
  return { card: llamaCard(file.config, versionName[file.version], tokenizer.description), model, tokenizer, llama: { config: file.config, weights: file.weights } };
}

/** Reads a dropped checkpoint (files by base name). Throws ModelImportError; nothing is kept on failure. */
export function readPretrained(files: PretrainedFiles): LoadedPretrained {
  const names = [...files.keys()];
  if (names.length === 0) throw new ModelImportError('Nothing was dropped.');
  const configBytes = files.get('config.json');
  if (!configBytes) {
    const other = names.find((n) => /\.(gguf|ggml|onnx|h5|keras|pb|tflite|pt|pth|ckpt)$/i.test(n));
    if (other) throw new ModelImportError(`${other}: this format is not supported.`);
    const zip = names.find((n) => n.endsWith('.bin') && isZip(files.get(n)!));
    if (zip) throw new ModelImportError(`${zip} is a PyTorch pickle checkpoint, which the studio does not read: unpickling runs arbitrary code.`, 'Save it as safetensors with its config.json (a Hugging Face folder), or export it with llama2.c export.py.');
    if (names.some((n) => n.endsWith('.safetensors'))) throw new ModelImportError('model.safetensors came without its config.json.', 'Drop the whole Hugging Face folder (config.json, model.safetensors, tokenizer.json).');
    if (names.some((n) => n.endsWith('.bin'))) return readLlama2cFiles(files);
    throw new ModelImportError(`The studio cannot read ${names.join(', ')}.`);
  }
  const config = parseJson('config.json', configBytes) as Json;
  if (typeof config !== 'object' || config === null) throw new ModelImportError('config.json is not an object.');
  const family = PRETRAINED_FAMILIES.find((f) => f.modelType === config.model_type);
  if (!family) throw new ModelImportError(`config.json says model_type ${JSON.stringify(config.model_type ?? null)}, which the studio cannot run. It runs ${SUPPORTED_TYPES()}.`);
  const tokBytes = files.get('tokenizer.json');
  const tokBin = [...files].find(([n]) => n.endsWith('.bin') && !isZip(files.get(n)!));
  if (!tokBytes && tokBin && config.model_type === 'llama') {
    // A Llama folder the studio exported from a llama2.c checkpoint carries its tokenizer.bin.
    const { tensors, source } = readTensors(files);
    const loaded = llamaFamily.fromHf(config, tensors, null, source);
    const tokenizer = readLlama2cTokenizer(tokBin[1], loaded.card.vocabSize);
    return { ...loaded, tokenizer, card: { ...loaded.card, tokenizer: tokenizer.description } };
  }
  if (!tokBytes) throw new ModelImportError('The folder has no tokenizer.json, so the model\'s text cannot be read or written.', 'Drop the tokenizer.json that came with the model (older folders: convert vocab.json/merges.txt or tokenizer.model with the tokenizers library).');
  const { tensors, source } = readTensors(files);
  return family.fromHf(config, tensors, parseJson('tokenizer.json', tokBytes), source);
}

/**
 * Language-model files. A studio LM bundle is a zip of
 *   lm.json             { format: 'ml-studio-lm-bundle', version: 1, config (GptConfig), step, … }
 *   model.safetensors   the weights, Hugging Face GPT-2 names, [in, out] layout, float32
 *   tokenizer.json      the tokenizer (Hugging Face tokenizer.json)
 *   training-log.json   settings, evaluations and the sample timeline
 *   README.md           a model card
 * A Hugging Face zip holds config.json + model.safetensors + tokenizer.json (+ README.md) in the
 * GPT-2 layout of core/lm exportHf. Import takes either (files at the root or in one folder) and
 * reads the zip defensively (core/bundle/zip: sizes, names and CRCs checked before inflating).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { parseStamp, type ReproStamp } from '../core/bundle/stamp';
import { createGpt, exportHf, importHf, paramSpecs, readSafetensors, toFloat32, validateGptConfig, writeSafetensors, type GptConfig, type GptModel } from '../core/lm';
import { extractEntries, listZipEntries, DEFAULT_ZIP_LIMITS } from '../core/bundle/zip';
import type { Tokenizer } from '../core/text';
import { CorpusError, loadTokenizer } from './lm-corpus';

export const LM_BUNDLE_FORMAT = 'ml-studio-lm-bundle';
export const LM_BUNDLE_VERSION = 1;

const json = (v: unknown) => strToU8(JSON.stringify(v, null, 2));

/** stamp.json: the run's reproducibility stamp, at the root as in a studio model bundle (bundleStamp reads both). */
const stampFile = (stamp: ReproStamp | undefined): Zippable => (stamp ? { 'stamp.json': json(stamp) } : {});

export async function writeStudioLmBundle(model: GptModel, tokenizerJson: unknown, manifest: Record<string, unknown>, log: unknown, readme: string, stamp?: ReproStamp): Promise<Uint8Array> {
  const tensors: [string, { data: Float32Array; shape: number[] }][] = [];
  for (const [name, v] of model.params) tensors.push([name, { data: (await v.data()) as Float32Array, shape: v.shape }]);
  const weights = writeSafetensors(tensors, { format: 'pt', producer: 'ml-studio' });
  return zipSync({
    'lm.json': json({ format: LM_BUNDLE_FORMAT, version: LM_BUNDLE_VERSION, ...manifest, config: model.config }),
    'model.safetensors': [weights, { level: 0 }],
    'tokenizer.json': json(tokenizerJson),
    'training-log.json': json(log),
    'README.md': strToU8(readme),
    ...stampFile(stamp),
  });
}

export async function writeHfZip(model: GptModel, tokenizerJson: unknown, readme: string, stamp?: ReproStamp): Promise<Uint8Array> {
  const files = await exportHf(model);
  return zipSync({
    'config.json': strToU8(files['config.json']),
    'model.safetensors': [files['model.safetensors'], { level: 0 }],
    'tokenizer.json': json(tokenizerJson),
    'README.md': strToU8(readme),
    ...stampFile(stamp),
  });
}

export interface ReadLm {
  model: GptModel;
  tokenizer: Tokenizer;
  tokenizerJson: unknown;
  format: 'studio' | 'hf';
  step: number;
  log?: unknown;
  stamp?: ReproStamp;
}

const text = new TextDecoder();
const parse = (bytes: Uint8Array, name: string): unknown => {
  try {
    return JSON.parse(text.decode(bytes)) as unknown;
  } catch {
    throw new CorpusError(`${name} in this zip is not valid JSON.`);
  }
};

/** Reads a studio LM bundle or a Hugging Face GPT-2 zip. Throws CorpusError with a readable message. */
export function readLmZip(bytes: Uint8Array): ReadLm {
  const listed = listZipEntries(bytes, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1024 ** 3 });
  if (!listed.ok) throw new CorpusError(listed.error.message);
  const files = listed.value.filter((e) => !e.name.endsWith('/'));
  const base = (n: string) => n.split('/').at(-1)!;
  const wanted = new Set(['lm.json', 'config.json', 'model.safetensors', 'tokenizer.json', 'training-log.json', 'stamp.json']);
  const chosen = files.filter((e) => wanted.has(base(e.name)));
  const folders = new Set(chosen.map((e) => e.name.slice(0, e.name.length - base(e.name).length)));
  if (folders.size > 1) throw new CorpusError('This zip holds several models; put one model per zip.');
  const got = extractEntries(bytes, listed.value, new Set(chosen.map((e) => e.name)));
  if (!got.ok) throw new CorpusError(got.error.message);
  const byBase = new Map([...got.value].map(([k, v]) => [base(k), v]));
  const weights = byBase.get('model.safetensors');
  const tokenizerBytes = byBase.get('tokenizer.json');
  if (!weights || !tokenizerBytes) throw new CorpusError('This zip is not a language model: it needs model.safetensors and tokenizer.json (an ML Studio LM bundle or a Hugging Face GPT-2 folder).');
  const tokenizerJson = parse(tokenizerBytes, 'tokenizer.json');
  const tokenizer = loadTokenizer(tokenizerJson);
  const manifestBytes = byBase.get('lm.json');
  let model: GptModel;
  let step = 0;
  let log: unknown;
  let format: ReadLm['format'];
  try {
    if (manifestBytes) {
      const manifest = parse(manifestBytes, 'lm.json') as Record<string, unknown>;
      if (manifest.format !== LM_BUNDLE_FORMAT) throw new CorpusError('lm.json is not an ML Studio language-model manifest.');
      if (manifest.version !== LM_BUNDLE_VERSION) throw new CorpusError(`This LM bundle has version ${String(manifest.version)}; this studio reads version ${LM_BUNDLE_VERSION}.`);
      const config = manifest.config as GptConfig;
      const problem = config && typeof config === 'object' ? validateGptConfig(config) : 'missing';
      if (problem) throw new CorpusError(`lm.json: the model config is invalid (${problem}).`);
      const file = readSafetensors(weights);
      const map = new Map<string, Float32Array>();
      for (const spec of paramSpecs(config)) {
        const t = file.tensors.get(spec.name);
        if (!t || t.shape.join(',') !== spec.shape.join(',')) throw new CorpusError(`model.safetensors: ${spec.name} is missing or has the wrong shape.`);
        map.set(spec.name, toFloat32(t));
      }
      model = createGpt(config, { weights: map });
      step = typeof manifest.step === 'number' ? manifest.step : 0;
      const logBytes = byBase.get('training-log.json');
      log = logBytes ? parse(logBytes, 'training-log.json') : undefined;
      format = 'studio';
    } else {
      const configBytes = byBase.get('config.json');
      if (!configBytes) throw new CorpusError('This zip has no lm.json (ML Studio) or config.json (Hugging Face).');
      model = importHf(parse(configBytes, 'config.json'), weights, { dropout: 0 });
      format = 'hf';
    }
  } catch (e) {
    if (e instanceof CorpusError) throw e;
    throw new CorpusError(`The model in this zip cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (tokenizer.vocab.size > model.config.vocabSize) {
    model.dispose();
    throw new CorpusError(`The tokenizer has ${tokenizer.vocab.size} tokens but the model only ${model.config.vocabSize}.`);
  }
  const stampBytes = byBase.get('stamp.json');
  let stamp: ReproStamp | undefined;
  try {
    stamp = stampBytes ? parseStamp(JSON.parse(text.decode(stampBytes))) : undefined;
  } catch {
    stamp = undefined; // a damaged stamp is no stamp: the model itself still loads
  }
  return { model, tokenizer, tokenizerJson, format, step, ...(log !== undefined ? { log } : {}), ...(stamp ? { stamp } : {}) };
}

/**
 * Checkpoints and bundles of a sequence-to-sequence model.
 * - Checkpoint (resume a run): one safetensors file, `model.<name>` weights and
 *   `optim.exp_avg(_sq).<name>` Adam moments; __metadata__: format "ml-studio-seq2seq-checkpoint",
 *   version, config, vocab (the tokenizers' JSON), settings, step, the dropout and sampler rngs.
 * - Bundle (export / import): a zip with `seq2seq.json` (format "ml-studio-seq2seq-bundle", version,
 *   config, vocab, settings, the test metrics) and `model.safetensors` (weights only). Read through
 *   core/bundle/zip's size and name checks and safetensors' header checks.
 */
import { strToU8, strFromU8, zipSync } from 'fflate';
import { extractEntries, listZipEntries } from '../bundle/zip';
import { readSafetensors, toFloat32, writeSafetensors, type StTensorInput } from '../lm/safetensors';
import { paramSpecs, validateSeq2SeqConfig, type Seq2SeqConfig } from './config';
import { createSeq2Seq, type Seq2SeqModel } from './model';
import type { Seq2SeqTrainSettings } from './settings';
import type { Seq2SeqTrainer } from './trainer';
import { loadPairVocab, type PairVocab, type SavedPairVocab } from './vocab';

export const S2S_CHECKPOINT_FORMAT = 'ml-studio-seq2seq-checkpoint';
export const S2S_BUNDLE_FORMAT = 'ml-studio-seq2seq-bundle';
const VERSION = '1';

async function weightTensors(model: Seq2SeqModel, prefix: string): Promise<[string, StTensorInput][]> {
  const out: [string, StTensorInput][] = [];
  for (const [name, v] of model.params) out.push([prefix + name, { data: (await v.data()) as Float32Array, shape: v.shape }]);
  return out;
}

function parseConfig(json: string | undefined): Seq2SeqConfig {
  const config = JSON.parse(json ?? 'null') as Seq2SeqConfig;
  const problem = config && typeof config === 'object' ? validateSeq2SeqConfig(config) : 'missing config';
  if (problem) throw new Error(`Model config: ${problem}`);
  return config;
}

function readWeights(tensors: ReturnType<typeof readSafetensors>['tensors'], config: Seq2SeqConfig, prefix: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const spec of paramSpecs(config)) {
    const t = tensors.get(prefix + spec.name);
    if (!t) continue;
    if (t.shape.join(',') !== spec.shape.join(',')) throw new Error(`${prefix + spec.name} has the wrong shape`);
    out.set(spec.name, toFloat32(t));
  }
  return out;
}

export interface CheckpointMeta {
  vocab: SavedPairVocab;
  settings: Seq2SeqTrainSettings;
}

export async function saveS2sCheckpoint(trainer: Seq2SeqTrainer, meta: CheckpointMeta): Promise<Uint8Array> {
  const model = trainer.model;
  const state = await trainer.getState();
  const tensors = await weightTensors(model, 'model.');
  for (const [name, v] of model.params) tensors.push([`optim.exp_avg.${name}`, { data: state.expAvg.get(name)!, shape: v.shape }]);
  for (const [name, v] of model.params) tensors.push([`optim.exp_avg_sq.${name}`, { data: state.expAvgSq.get(name)!, shape: v.shape }]);
  return writeSafetensors(tensors, {
    format: S2S_CHECKPOINT_FORMAT,
    version: VERSION,
    config: JSON.stringify(model.config),
    vocab: JSON.stringify(meta.vocab),
    settings: JSON.stringify(meta.settings),
    step: String(state.step),
    modelRng: String(model.rngState()),
    sampler: String(trainer.samplerState()),
  });
}

export interface LoadedS2sCheckpoint extends CheckpointMeta {
  model: Seq2SeqModel;
  step: number;
  expAvg: Map<string, Float32Array>;
  expAvgSq: Map<string, Float32Array>;
  sampler: number;
}

export function loadS2sCheckpoint(bytes: Uint8Array): LoadedS2sCheckpoint {
  const file = readSafetensors(bytes);
  const meta = file.metadata;
  if (meta.get('format') !== S2S_CHECKPOINT_FORMAT || meta.get('version') !== VERSION) throw new Error('Not an ML Studio sequence-to-sequence checkpoint (version 1)');
  const config = parseConfig(meta.get('config'));
  const weights = readWeights(file.tensors, config, 'model.');
  if (weights.size !== paramSpecs(config).length) throw new Error('Checkpoint: some weights are missing');
  const model = createSeq2Seq(config, { weights });
  const rng = Number(meta.get('modelRng'));
  if (Number.isInteger(rng)) model.setRngState(rng);
  const step = Number(meta.get('step'));
  if (!Number.isInteger(step) || step < 0) throw new Error('Checkpoint: invalid step');
  return {
    model,
    step,
    expAvg: readWeights(file.tensors, config, 'optim.exp_avg.'),
    expAvgSq: readWeights(file.tensors, config, 'optim.exp_avg_sq.'),
    sampler: Number(meta.get('sampler')) >>> 0,
    vocab: JSON.parse(meta.get('vocab') ?? 'null') as SavedPairVocab,
    settings: JSON.parse(meta.get('settings') ?? 'null') as Seq2SeqTrainSettings,
  };
}

export interface BundleManifest extends CheckpointMeta {
  format: typeof S2S_BUNDLE_FORMAT;
  version: 1;
  config: Seq2SeqConfig;
  /** Free-form facts shown on import (test metrics, columns). */
  info: Record<string, unknown>;
}

export async function writeS2sBundle(model: Seq2SeqModel, meta: CheckpointMeta, info: Record<string, unknown>): Promise<Uint8Array> {
  const manifest: BundleManifest = { format: S2S_BUNDLE_FORMAT, version: 1, config: model.config, vocab: meta.vocab, settings: meta.settings, info };
  const weights = writeSafetensors(await weightTensors(model, ''), { format: S2S_BUNDLE_FORMAT });
  return zipSync({ 'seq2seq.json': strToU8(JSON.stringify(manifest, null, 2)), 'model.safetensors': [weights, { level: 0 }] });
}

/** The backend named in a bundle's info.settings (no tensors made), or null. */
export function readS2sBundleBackend(bytes: Uint8Array): string | null {
  try {
    const listed = listZipEntries(bytes);
    if (!listed.ok) return null;
    const got = extractEntries(bytes, listed.value.filter((e) => e.name === 'seq2seq.json'), new Set(['seq2seq.json']));
    if (!got.ok) return null;
    const m = JSON.parse(strFromU8(got.value.get('seq2seq.json')!)) as { info?: { settings?: { backend?: unknown } } };
    const b = m.info?.settings?.backend;
    return typeof b === 'string' ? b : null;
  } catch {
    return null;
  }
}

/** What is wrong with a bundle a user picked, in words for them (the importer throws nothing else). */
export class S2sBundleError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A bundle's model, manifest and tokenizers, or an S2sBundleError saying what is wrong. Everything
 * is checked before any tensor is made, so a bad file leaves nothing half-loaded.
 */
export function readS2sBundle(bytes: Uint8Array): { model: Seq2SeqModel; manifest: BundleManifest; vocab: PairVocab } {
  const listed = listZipEntries(bytes);
  if (!listed.ok) throw new S2sBundleError(listed.error.message);
  const want = new Set(['seq2seq.json', 'model.safetensors']);
  const got = extractEntries(bytes, listed.value.filter((e) => want.has(e.name)), want);
  if (!got.ok) throw new S2sBundleError(got.error.message);
  const manifestBytes = got.value.get('seq2seq.json');
  const weightBytes = got.value.get('model.safetensors');
  if (!manifestBytes || !weightBytes) throw new S2sBundleError('Not a sequence-to-sequence bundle: seq2seq.json or model.safetensors is missing');
  let manifest: unknown;
  try {
    manifest = JSON.parse(strFromU8(manifestBytes));
  } catch {
    throw new S2sBundleError('The bundle is damaged: its seq2seq.json is not valid JSON');
  }
  if (!isObject(manifest) || manifest.format !== S2S_BUNDLE_FORMAT || manifest.version !== 1) throw new S2sBundleError('Not an ML Studio sequence-to-sequence bundle (version 1)');
  if (!isObject(manifest.info)) throw new S2sBundleError('The bundle is damaged: its seq2seq.json has no "info"');
  if (manifest.info.settings !== undefined && !isObject(manifest.info.settings)) throw new S2sBundleError('The bundle is damaged: its training settings are not readable');
  if (!isObject(manifest.config)) throw new S2sBundleError('The bundle is damaged: its seq2seq.json has no model config');
  const config = manifest.config as unknown as Seq2SeqConfig;
  const bad = validateSeq2SeqConfig(config) ?? (['t5', 'learned', 'sinusoidal'].includes(config.position) && ['rms', 'layer'].includes(config.norm) ? null : 'unknown position or norm kind');
  if (bad) throw new S2sBundleError(`The bundle's model config is not valid: ${bad}`);
  const vocab = manifest.vocab;
  if (!isObject(vocab) || !('source' in vocab) || !('target' in vocab)) throw new S2sBundleError('The bundle is damaged: its tokenizers are missing');
  let pair: PairVocab;
  let weights: Map<string, Float32Array>;
  try {
    pair = loadPairVocab(vocab as unknown as SavedPairVocab);
    weights = readWeights(readSafetensors(weightBytes).tensors, config, '');
  } catch (e) {
    throw new S2sBundleError(`The bundle is damaged: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (weights.size !== paramSpecs(config).length) throw new S2sBundleError('The bundle is damaged: some weights are missing');
  if (pair.size > config.vocabSize) throw new S2sBundleError(`The bundle is damaged: its tokenizers know ${pair.size} tokens but the model only ${config.vocabSize}`);
  return { model: createSeq2Seq(config, { weights }), manifest: manifest as unknown as BundleManifest, vocab: pair };
}

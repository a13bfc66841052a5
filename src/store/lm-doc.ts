/**
 * The language-model part of the saved project (`doc.lm`): settings, the current run's logs and
 * sample timeline, an imported model. Small JSON only: token ids and weights live in IndexedDB
 * (lmCorpora, lmCheckpoints), written by the LM worker.
 */
import {
  DEFAULT_GENERATE_SETTINGS, GPT_PRESETS, NANOGPT_CPU_PRESET, estimateMemory,
  type BackendChoice, type BackendName, type CorpusSummary, type GenerateSettings, type GptConfig, type GptPreset, type LmEvalPoint, type LmModelSettings, type LmTokenizerChoice, type LmTrainSettings,
} from '../core/jobs';
import type { LmReproduction, LmStampData } from '../core/jobs/lm-reproduce';
import type { ReproStamp } from '../core/bundle/stamp';

export type { LmModelSettings } from '../core/jobs';
export type LmPresetId = GptPreset['name'] | 'custom' | 'fine-tune';

export interface LmRun {
  id: string;
  corpusId: string;
  config: GptConfig;
  settings: LmTrainSettings;
  startedAt: number;
  status: 'running' | 'paused' | 'stopped' | 'done' | 'failed' | 'interrupted';
  step: number;
  /** Step of the last checkpoint in IndexedDB: training resumes from here after a reload or crash. */
  checkpointStep?: number;
  backend?: BackendName;
  /** Workers that shared each training step (WASM, data parallel); absent: one. */
  workers?: number;
  /** [step, training loss] (thinned to at most MAX_LOSS_POINTS). */
  losses: [number, number][];
  evals: LmEvalPoint[];
  /** Text generated from the fixed prompt and seed at each evaluation. */
  samples: { step: number; text: string }[];
  tokensPerSec?: number;
  problem?: string;
  /** The imported model this run continues (file name). */
  continues?: string;
  /** What it trained on, for its reproducibility stamp (absent for runs from before stamps). */
  stampData?: LmStampData;
  /** Set on a run made by "Reproduce": how it compares with the run it re-ran. */
  reproduction?: LmReproduction;
}

export interface LmImported {
  runId: string;
  fileName: string;
  config: GptConfig;
  step: number;
  format: 'studio' | 'hf';
  tokenizerKind: string;
  vocabSize: number;
  /** The bundle's reproducibility stamp, when it has one. */
  stamp?: ReproStamp;
  /** Its training log (ML Studio bundles): what Reproduce re-runs and compares with. */
  training?: LmImportedTraining;
}

export interface LmImportedTraining {
  config: GptConfig;
  settings: LmTrainSettings;
  losses: [number, number][];
  evals: LmEvalPoint[];
}

/** The training log of an imported bundle, when it is one (shallow checks: the file is untrusted). */
export function importedTraining(log: unknown): LmImportedTraining | undefined {
  if (!log || typeof log !== 'object') return undefined;
  const v = log as Record<string, unknown>;
  const obj = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x);
  if (!obj(v.config) || !obj(v.settings) || !Array.isArray(v.losses) || !Array.isArray(v.evals)) return undefined;
  const losses = (v.losses as unknown[]).filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number');
  const evals = (v.evals as unknown[]).filter((e): e is LmEvalPoint => obj(e) && typeof (e as LmEvalPoint).step === 'number' && typeof (e as LmEvalPoint).valLoss === 'number' && typeof (e as LmEvalPoint).trainLoss === 'number' && typeof (e as LmEvalPoint).perplexity === 'number');
  const settings = v.settings as LmTrainSettings;
  if (typeof settings.seed !== 'number') return undefined;
  return { config: v.config as GptConfig, settings, losses, evals };
}

export interface LmDoc {
  /** The language-model view is showing (instead of the pipeline). */
  open: boolean;
  /** Where the corpus came from: a built-in sample can be fetched again to re-tokenize after a reload. */
  source?: { kind: 'sample'; file: string; name: string } | { kind: 'files' };
  corpus?: CorpusSummary;
  tokenizer: LmTokenizerChoice;
  valFraction: number;
  preset: LmPresetId;
  model: LmModelSettings;
  settings: LmTrainSettings;
  backend: BackendChoice;
  /** The speed probe's measurement, for the model + batch + backend in `key`. */
  probe?: { key: string; backend: BackendName; workers?: number; msPerStep: number; tokensPerSec: number };
  run?: LmRun;
  imported?: LmImported;
  /** Train the imported model (its tokenizer and size) instead of a new one. */
  useImported?: boolean;
  generate: GenerateSettings & { prompt: string };
}

export const MAX_LOSS_POINTS = 1000;

/** The model panel's choices: the presets (core/lm/settings), then a size of one's own. */
export const LM_PRESETS: { id: LmPresetId; preset?: GptPreset; title: string }[] = [...GPT_PRESETS.map((p) => ({ id: p.name, preset: p, title: p.title })), { id: 'custom', title: 'Custom size' }];

export function defaultLmDoc(): LmDoc {
  return {
    open: false,
    tokenizer: { kind: 'char', vocabSize: 512 },
    valFraction: 0.1,
    preset: 'nanogpt-cpu',
    model: { ...NANOGPT_CPU_PRESET.model },
    settings: { ...NANOGPT_CPU_PRESET.train },
    backend: 'auto',
    generate: { prompt: 'The whale ', ...DEFAULT_GENERATE_SETTINGS },
  };
}

/** The model a run would train: the imported one when continuing it, else the settings with the corpus's vocabulary. */
export function lmConfig(lm: LmDoc): GptConfig | undefined {
  if (lm.useImported && lm.imported) return { ...lm.imported.config, dropout: lm.model.dropout };
  if (!lm.corpus) return undefined;
  return { ...lm.model, vocabSize: lm.corpus.vocabSize };
}

export function probeKey(config: GptConfig, s: LmTrainSettings, backend: BackendChoice): string {
  return JSON.stringify([config.vocabSize, config.blockSize, config.nLayer, config.nHead, config.nEmbd, config.bias, s.batchSize, s.gradAccumSteps, backend]);
}

export function lmMemory(config: GptConfig, s: LmTrainSettings) {
  return estimateMemory(config, Math.max(1, Math.floor(s.batchSize / Math.max(1, s.gradAccumSteps))));
}

/** Keeps every other point once the log is long (the chart needs the shape, not every step). */
export function thin(points: [number, number][]): [number, number][] {
  if (points.length <= MAX_LOSS_POINTS) return points;
  return points.filter((_, i) => i % 2 === 1 || i === points.length - 1);
}

/** A restored document may come from an older studio: fill what is missing. */
export function restoreLm(value: unknown): LmDoc | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const d = defaultLmDoc();
  const v = value as Partial<LmDoc>;
  return { ...d, ...v, settings: { ...d.settings, ...v.settings }, generate: { ...d.generate, ...v.generate }, model: { ...d.model, ...v.model } };
}

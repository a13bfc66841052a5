import type { TokenStats } from '../text';
/**
 * Sequence-to-sequence jobs (issue 15): what crosses between the main thread and the seq2seq
 * worker. The worker keeps the loaded pairs, the model and its latest checkpoint in memory and in
 * IndexedDB (worker/seq2seq-storage.ts); `restore` reads them back after a reload.
 */
import type { BackendChoice, BackendInfo } from './backends';
import type { Seq2SeqModelSettings, Seq2SeqTokenizerSettings, Seq2SeqTrainSettings } from '../seq2seq/settings';
import { SEQ2SEQ_PRESETS, countParams, estimateMemory, type Seq2SeqConfig } from '../seq2seq/config';
import { DEFAULT_TOKENIZERS, DEFAULT_TRAIN_SETTINGS } from '../seq2seq/settings';

export type { Seq2SeqModelSettings, Seq2SeqTokenizerSettings, Seq2SeqTrainSettings } from '../seq2seq/settings';
export { SEQ2SEQ_PRESETS, DEFAULT_TOKENIZERS, DEFAULT_TRAIN_SETTINGS };

export interface S2sDataInfo {
  fileName: string;
  columns: string[];
  rowCount: number;
  /** First rows, as text, for the column pickers. */
  preview: string[][];
}

export interface S2sSettings {
  sourceColumn: string;
  targetColumn: string;
  tokenizers: Seq2SeqTokenizerSettings;
  model: Seq2SeqModelSettings;
  train: Seq2SeqTrainSettings;
  backend: BackendChoice;
  /** Longest source / target in tokens (longer pairs are cut). */
  maxSourceLen: number;
  maxTargetLen: number;
  /** Test words decoded with beam search too (beam vs greedy), at most. */
  beamRows: number;
  beamWidth: number;
  lengthPenalty: number;
}

export function modelSettingsFromPreset(id: 'tiny' | 'small'): Seq2SeqModelSettings {
  const p = SEQ2SEQ_PRESETS.find((x) => x.id === id)!.model;
  return { preset: id, dModel: p.dModel, nHeads: p.nHeads, dKv: p.dKv, dFf: p.dFf, nEncoderLayers: p.nEncoderLayers, nDecoderLayers: p.nDecoderLayers, position: p.position, norm: p.norm, tieEmbeddings: p.tieEmbeddings, dropout: p.dropout };
}

export function defaultS2sSettings(sourceColumn = '', targetColumn = ''): S2sSettings {
  return {
    sourceColumn,
    targetColumn,
    tokenizers: DEFAULT_TOKENIZERS,
    model: modelSettingsFromPreset('tiny'),
    train: DEFAULT_TRAIN_SETTINGS,
    backend: 'auto',
    maxSourceLen: 24,
    maxTargetLen: 24,
    // 100 words keep the end of a run short (beam decodes one word at a time; 500 made the journeys'
    // short runs end minutes later); on 100 the difference is a few words, so the README's figures
    // are bench/_seq2seq-beam.ts's on the whole test split. Length penalty 1 (HF's default): on the
    // whole validation split of the default recipe it beats greedy and 0, 0.5 (README).
    beamRows: 100,
    beamWidth: 4,
    lengthPenalty: 1,
  };
}

/** The model config for a vocabulary size (what the worker builds and the size estimate shows). */
export function s2sConfig(s: S2sSettings, vocabSize: number): Seq2SeqConfig {
  const m = s.model;
  return {
    vocabSize, dModel: m.dModel, nHeads: m.nHeads, dKv: m.dKv, dFf: m.dFf, nEncoderLayers: m.nEncoderLayers, nDecoderLayers: m.nDecoderLayers,
    maxSourceLen: s.maxSourceLen, maxTargetLen: s.maxTargetLen, position: m.position, norm: m.norm, tieEmbeddings: m.tieEmbeddings,
    relBuckets: 32, relMaxDistance: 128, dropout: m.dropout, eps: m.norm === 'rms' ? 1e-6 : 1e-5,
  };
}

/** Parameters and training memory for the UI, with a typical vocabulary size before tokenizers exist. */
export function s2sSizeEstimate(s: S2sSettings, vocabSize = 100): { params: number; trainingMB: number } {
  const e = estimateMemory(s2sConfig(s, vocabSize), s.train.batchSize);
  return { params: countParams(s2sConfig(s, vocabSize)), trainingMB: e.trainingBytes / 2 ** 20 };
}

export interface S2sMetrics {
  rows: number;
  exactMatch: number;
  bleu: number;
  chrf: number;
  rouge1: number;
  rouge2: number;
  rougeL: number;
  /** Token (phoneme, word) error rate. */
  tokenErrorRate: number;
}

export interface S2sExample {
  source: string;
  reference: string;
  prediction: string;
  /** Edit distance in target tokens. */
  errors: number;
}

export interface S2sBeamComparison {
  rows: number;
  width: number;
  lengthPenalty: number;
  greedyExactMatch: number;
  beamExactMatch: number;
  greedyTokenErrorRate: number;
  beamTokenErrorRate: number;
  /** Mean log-probability of the chosen output per word (beam ≥ greedy under the model). */
  greedyLogProb: number;
  beamLogProb: number;
}

export interface S2sEvalPoint {
  step: number;
  trainLoss: number;
  valLoss: number;
}

export interface S2sTrainResult {
  steps: number;
  stopped: boolean;
  params: number;
  vocabSize: number;
  split: { train: number; validation: number; test: number };
  evals: S2sEvalPoint[];
  test: S2sMetrics;
  beam: S2sBeamComparison;
  worst: S2sExample[];
  tokensPerSec: number;
  backend: string;
  /** The side tokenizers for the workbench view (one when shared); the view keeps them out of the saved project. */
  sides?: S2sSideTokenizer[];
  /** What the run trained on, for its reproducibility stamp (core/jobs/seq2seq-reproduce.ts). */
  stampData?: S2sStampData;
}

export interface S2sStampData {
  /** SHA-256 of the training split's pairs (s2sPairsSha256). */
  pairsSha256: string;
  trainPairs: number;
}

export interface S2sSideTokenizer {
  side: 'source' | 'target' | 'shared';
  /** serializeTokenizer's JSON. */
  json: unknown;
  samples: string[];
  stats: TokenStats;
  maxLength: number;
}

export interface S2sGenerateResult {
  output: string;
  sourceTokens: string[];
  targetTokens: string[];
  /** [target step][source token] cross-attention, last decoder block, mean over heads. */
  cross: number[][];
  logProb: number;
  /** Beam search only: the other hypotheses, best first. */
  alternatives?: { output: string; score: number }[];
}

export interface S2sGenerateSettings {
  mode: 'greedy' | 'beam';
  width: number;
  lengthPenalty: number;
}

export type S2sRequest =
  | { type: 'load'; jobId: string; file: Blob; fileName: string }
  | { type: 'load-lines'; jobId: string; source: Blob; target: Blob; fileName: string }
  | { type: 'train'; jobId: string; settings: S2sSettings; resume: boolean }
  | { type: 'generate'; jobId: string; text: string; settings: S2sGenerateSettings }
  | { type: 'export'; jobId: string; info: Record<string, unknown>; format?: 'studio' | 'hf-t5' }
  | { type: 'probe'; jobId: string; settings: S2sSettings }
  | { type: 'import'; jobId: string; file: Blob }
  | { type: 'restore'; jobId: string; backend: BackendChoice }
  | { type: 'control'; jobId: string; target: string; action: 'pause' | 'resume' | 'stop' };

export interface S2sResults {
  load: S2sDataInfo;
  'load-lines': S2sDataInfo;
  train: S2sTrainResult;
  generate: S2sGenerateResult;
  export: Uint8Array;
  import: { info: Record<string, unknown>; params: number; sourceColumn?: string; targetColumn?: string };
  control: null;
  probe: S2sProbeResult;
  restore: S2sRestoreResult;
}

/** What a reload found in storage (each part absent when it was not stored or could not be read). */
export interface S2sRestoreResult {
  data?: S2sDataInfo;
  /** The model now in the worker: the one saved at the end of a run or an import, or else the latest checkpoint's. */
  model?: { params: number; from: 'model' | 'checkpoint' };
  /** Step of the stored checkpoint a run can resume from. */
  checkpointStep?: number;
}

/** A measured speed: timed training steps of the chosen model on the loaded pairs and backend (after one warm-up step). */
export interface S2sProbeResult {
  backend: string;
  steps: number;
  msPerStep: number;
  tokensPerSec: number;
}

/** What the worker stores for a reload (IndexedDB): the pairs, the model in use, the latest checkpoint. */
export type S2sStoredPart = 'data' | 'model' | 'checkpoint';

export type S2sEvent =
  | { type: 'progress'; jobId: string; label: string; done: number; total: number }
  | { type: 'backend'; jobId: string; info: BackendInfo }
  | { type: 'steps'; jobId: string; points: [number, number][]; tokensPerSec: number }
  | { type: 'eval'; jobId: string; point: S2sEvalPoint }
  | { type: 'checkpoint'; jobId: string; step: number }
  /** A storage write of `part`: problem says what was not saved, null when it was (clearing an older failure). */
  | { type: 'storage'; jobId: string; part: S2sStoredPart; problem: { message: string; hint: string } | null }
  | { type: 'token'; jobId: string; text: string }
  | { [K in keyof S2sResults]: { type: 'done'; jobId: string; request: K; result: S2sResults[K] } }[keyof S2sResults]
  | { type: 'failed'; jobId: string; problem: { message: string; hint?: string; code?: string } };

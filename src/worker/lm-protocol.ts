/**
 * The language-model worker's protocol. Every job ends in one `done` or `failed`. The worker
 * holds the corpus as token ids and the current model (both also in IndexedDB: lmCorpora and
 * lmCheckpoints), so requests carry ids (corpusId, runId), not megabytes.
 */
import type { GptConfig } from '../core/lm';
import type { Problem } from '../core/util/result';
import type { BackendChoice, BackendInfo } from './backend';

export type LmTokenizerKind = 'char' | 'bpe';

export interface LmTokenizerChoice {
  kind: LmTokenizerKind;
  /** BPE only: vocabulary size including the 256 bytes and <pad>. Characters keep every character seen. */
  vocabSize: number;
}

/** Where a corpus's tokenizer comes from: trained on it, or the one of a stored run (an imported model). */
export type LmTokenizerSource = { type: 'train'; choice: LmTokenizerChoice } | { type: 'run'; runId: string };

export interface CorpusFile {
  name: string;
  blob: Blob;
}

export interface CorpusSummary {
  corpusId: string;
  names: string[];
  chars: number;
  tokens: number;
  trainTokens: number;
  valTokens: number;
  vocabSize: number;
  tokenizerKind: LmTokenizerKind;
  charsPerToken: number;
  /** The first tokens of the corpus, as text pieces with their ids. */
  preview: { id: number; text: string }[];
}

/** What a training run needs besides the model config (nanoGPT names, camelCase). */
export interface LmTrainSettings {
  batchSize: number;
  gradAccumSteps: number;
  maxIters: number;
  learningRate: number;
  minLr: number;
  warmupIters: number;
  lrDecayIters: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
  gradClip: number;
  seed: number;
  /** Evaluate (validation loss + a sample) every this many steps, and at the last step. */
  evalEvery: number;
  /** Validation windows of blockSize tokens per evaluation (from the start of the validation part). */
  evalWindows: number;
  /** Save a checkpoint every this many steps (and on pause, stop and at the end). */
  checkpointEvery: number;
  samplePrompt: string;
  sampleTokens: number;
  sampleSeed: number;
}

export type TrainStart = { kind: 'fresh' } | { kind: 'resume' } | { kind: 'weights'; fromRunId: string };

export interface LmEvalPoint {
  step: number;
  /** Mean training loss of the steps since the previous evaluation. */
  trainLoss: number;
  valLoss: number;
  perplexity: number;
  bitsPerChar: number;
  tokensPerSec: number;
  lr: number;
  seconds: number;
}

export interface GenerateSettings {
  maxNewTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

export interface LmTrainOutcome {
  step: number;
  stoppedBy: 'iterations' | 'user' | 'nan';
  message?: string;
  backend: BackendInfo;
}

export interface LmProbeResult {
  backend: BackendInfo;
  msPerStep: number;
  tokensPerSec: number;
  steps: number;
}

export interface LmImportResult {
  config: GptConfig;
  step: number;
  tokenizerKind: string;
  vocabSize: number;
  /** The studio bundle's training log, when it has one. */
  log?: unknown;
  format: 'studio' | 'hf';
}

export type LmRequest =
  | { type: 'prepare'; jobId: string; corpusId: string; files: CorpusFile[]; tokenizer: LmTokenizerSource; valFraction: number }
  | { type: 'probe'; jobId: string; backend: BackendChoice; config: GptConfig; batchSize: number; gradAccumSteps: number }
  | { type: 'train'; jobId: string; runId: string; corpusId: string; backend: BackendChoice; config: GptConfig; settings: LmTrainSettings; start: TrainStart }
  | { type: 'generate'; jobId: string; runId: string; backend: BackendChoice; prompt: string; settings: GenerateSettings }
  | { type: 'export'; jobId: string; runId: string; format: 'studio' | 'hf'; manifest: Record<string, unknown>; log: unknown; readme: string }
  | { type: 'import'; jobId: string; runId: string; file: Blob; fileName: string }
  | { type: 'forget'; jobId: string; keepRunIds: string[] }
  | { type: 'control'; jobId: string; target: string; action: 'pause' | 'resume' | 'stop' };

export interface LmResults {
  prepare: CorpusSummary;
  probe: LmProbeResult;
  train: LmTrainOutcome;
  generate: { text: string; tokens: number; tokensPerSec: number };
  export: Uint8Array;
  import: LmImportResult;
  forget: null;
  control: null;
}

export type LmEvent =
  | { type: 'progress'; jobId: string; label: string; done: number; total: number }
  | { type: 'backend'; jobId: string; info: BackendInfo }
  /** Training losses read back since the last event: [step, loss] pairs; speed over that window. */
  | { type: 'steps'; jobId: string; points: [number, number][]; tokensPerSec: number; lr: number }
  | { type: 'eval'; jobId: string; point: LmEvalPoint; sample: string }
  | { type: 'checkpoint'; jobId: string; step: number }
  | { type: 'token'; jobId: string; text: string }
  | { [K in keyof LmResults]: { type: 'done'; jobId: string; request: K; result: LmResults[K] } }[keyof LmResults]
  | { type: 'failed'; jobId: string; problem: Problem };

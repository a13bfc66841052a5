/**
 * Language-model jobs as they cross between the UI and the LM worker: the corpus and its
 * tokenizer, how a run starts, what evaluations, probes, generation and imports report. The
 * settings themselves (model size, optimizer, run, presets) are declared once in core/lm/settings.
 */
import type { GptConfig } from '../lm/gpt-config';
import type { BackendInfo } from './backends';
import type { ReproStamp } from '../bundle/stamp';

export type { GptConfig, MemoryEstimate } from '../lm/gpt-config';
/** Sizes for the model panel (pure arithmetic: importing these loads no tfjs). */
export { countParams, estimateMemory } from '../lm/gpt-config';
export { GPT_PRESETS, NANOGPT_CPU_PRESET, SHAKESPEARE_GPU_PRESET, configFromPreset, fineTuneSettings } from '../lm/settings';
export type { GptPreset, LmModelSettings, LmOptimizerSettings, LmTrainSettings } from '../lm/settings';

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
  /**
   * SHA-256 (hex) of the corpus text as the model reads it: UTF-8, files in order, BOM dropped,
   * CRLF and CR as LF, and a blank line ("\n\n") after each file when there are several. The
   * stamp's data hash (absent for corpora prepared before stamps).
   */
  textSha256?: string;
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

/** The LM view's starting generation settings; the deploy predictor's defaults too, so a bare request generates as the studio does. */
export const DEFAULT_GENERATE_SETTINGS: GenerateSettings = { maxNewTokens: 300, temperature: 0.8, topK: 40, topP: 0.95, seed: 7 };

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
  /** The bundle's reproducibility stamp (stamp.json), when it has one. */
  stamp?: ReproStamp;
  format: 'studio' | 'hf';
}

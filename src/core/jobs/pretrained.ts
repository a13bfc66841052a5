/**
 * Pretrained-model jobs of the LM worker (issue 11): inspect dropped files (read whole, checked,
 * a speed probe; nothing becomes current), load the inspected model, generate from it.
 */
import type { FineTuneSettings } from '../lm/finetune';
import type { PretrainedCard } from '../lm/pretrained-card';
import type { BackendChoice, BackendInfo } from './backends';
import type { LmInspectResult } from './inspect';
import type { GenerateSettings } from './lm';

export type { PretrainedCard } from '../lm/pretrained-card';
export type { FineTuneSettings } from '../lm/finetune';

export interface PretrainedFileIn {
  /** Base name (a dropped folder's paths are flattened). */
  name: string;
  blob: Blob;
}

export interface PretrainedGenerateSettings extends GenerateSettings {
  /** Generation stops once the text contains this ('' = no stop string). */
  stop: string;
}

export type PretrainedRequest =
  | { type: 'pretrained-inspect'; jobId: string; files: PretrainedFileIn[] }
  | { type: 'pretrained-load'; jobId: string }
  | { type: 'pretrained-generate'; jobId: string; prompt: string; settings: PretrainedGenerateSettings }
  /**
   * A zip of the loaded model with its tokenizer files: a llama2.c v0 checkpoint (Llama), a Hugging
   * Face folder (fine-tuned weights, LoRA merged), or the PEFT adapter folder of a LoRA fine-tune.
   */
  | { type: 'pretrained-export'; jobId: string; format: PretrainedExportFormat }
  /** Fine-tunes the loaded model on a prepared corpus (its text re-encoded by the model's tokenizer); events as a train job's. */
  | { type: 'pretrained-finetune'; jobId: string; corpusId: string; backend: BackendChoice; settings: FineTuneSettings }
  /** The Transformer visualiser (issue 16 §3) for the loaded model and one text. */
  | { type: 'pretrained-look-inside'; jobId: string; text: string };

export interface PretrainedInspectResult {
  card: PretrainedCard;
  /** Measured: greedy steps from BOS on this device, in the worker. */
  probeTokensPerSec: number;
  files: string[];
}

export type PretrainedExportFormat = 'llama2c' | 'hf' | 'peft';

export interface PretrainedFineTuneResult {
  step: number;
  stoppedBy: 'iterations' | 'user' | 'nan';
  message?: string;
  backend: BackendInfo;
  /** Training and validation windows of the corpus in the model's tokens. */
  trainTokens: number;
  valTokens: number;
}

export interface PretrainedResults {
  'pretrained-inspect': PretrainedInspectResult;
  'pretrained-load': PretrainedCard;
  'pretrained-generate': { text: string; tokens: number; tokensPerSec: number; stoppedBy: string };
  'pretrained-export': Uint8Array;
  'pretrained-look-inside': LmInspectResult;
  'pretrained-finetune': PretrainedFineTuneResult;
}

export const DEFAULT_PRETRAINED_SETTINGS: PretrainedGenerateSettings = { maxNewTokens: 200, temperature: 0.8, topK: 40, topP: 0.95, seed: 7, stop: '' };

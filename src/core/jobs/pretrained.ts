/**
 * Pretrained-model jobs of the LM worker (issue 11): inspect dropped files (read whole, checked,
 * a speed probe; nothing becomes current), load the inspected model (also stored in IndexedDB),
 * generate from it, fine-tune it with checkpoints, and restore model and checkpoint after a reload.
 */
import type { FineTuneSettings } from '../lm/finetune';
import type { PretrainedCard } from '../lm/pretrained-card';
import type { BackendChoice, BackendInfo } from './backends';
import type { LmInspectResult } from './inspect';
import type { GenerateSettings, LmEvalPoint } from './lm';

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
  /** After a reload: the stored model becomes current again, with its fine-tune's latest checkpoint applied. */
  | { type: 'pretrained-restore'; jobId: string; backend: BackendChoice }
  | { type: 'pretrained-generate'; jobId: string; prompt: string; settings: PretrainedGenerateSettings }
  /**
   * A zip of the loaded model with its tokenizer files: a llama2.c v0 checkpoint (Llama), a Hugging
   * Face folder (fine-tuned weights, LoRA merged), or the PEFT adapter folder of a LoRA fine-tune.
   */
  | { type: 'pretrained-export'; jobId: string; format: PretrainedExportFormat }
  /** Fine-tunes the loaded model on a prepared corpus (its text re-encoded by the model's tokenizer); events as a train job's. */
  /** `resume`: continue the stored checkpoint's run (its settings; `settings` is then ignored) to its last step. */
  | { type: 'pretrained-finetune'; jobId: string; corpusId: string; backend: BackendChoice; settings: FineTuneSettings; resume?: boolean }
  /** The Transformer visualiser (issue 16 §3) for the loaded model and one text. */
  | { type: 'pretrained-look-inside'; jobId: string; text: string };

export interface PretrainedInspectResult {
  card: PretrainedCard;
  /** Measured: greedy steps from BOS on this device, in the worker. */
  probeTokensPerSec: number;
  files: string[];
}

/** A failed write to the browser's storage, for the page to word (storage full: store/persist.ts). */
export interface StorageFault {
  name: string;
  message: string;
}

export const storageFault = (e: unknown): StorageFault => ({
  name: e !== null && typeof e === 'object' && 'name' in e ? String(e.name) : 'Error',
  message: e instanceof Error ? e.message : String(e),
});

export interface PretrainedLoadResult {
  card: PretrainedCard;
  /** Set when the model could not be stored: it is then lost on reload. */
  notStored?: StorageFault;
}

/** A fine-tune's stored checkpoint: its run, where it is, and its curves and samples so far. */
export interface PretrainedCheckpointInfo {
  corpusId: string;
  settings: FineTuneSettings;
  step: number;
  log: { losses: [number, number][]; evals: LmEvalPoint[]; samples: { step: number; text: string }[] };
}

export interface PretrainedRestoreResult {
  /** Absent when nothing is stored. */
  card?: PretrainedCard;
  files?: string[];
  checkpoint?: PretrainedCheckpointInfo;
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
  /** The step of the latest stored checkpoint (the run resumes from it). */
  checkpointStep?: number;
  notStored?: StorageFault;
}

export interface PretrainedResults {
  'pretrained-inspect': PretrainedInspectResult;
  'pretrained-load': PretrainedLoadResult;
  'pretrained-restore': PretrainedRestoreResult;
  'pretrained-generate': { text: string; tokens: number; tokensPerSec: number; stoppedBy: string };
  'pretrained-export': Uint8Array;
  'pretrained-look-inside': LmInspectResult;
  'pretrained-finetune': PretrainedFineTuneResult;
}

export const DEFAULT_PRETRAINED_SETTINGS: PretrainedGenerateSettings = { maxNewTokens: 200, temperature: 0.8, topK: 40, topP: 0.95, seed: 7, stop: '' };

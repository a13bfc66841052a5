/**
 * The language-model worker's protocol. Every job ends in one `done` or `failed`. The worker
 * holds the corpus as token ids and the current model (both also in IndexedDB: lmCorpora and
 * lmCheckpoints), so requests carry ids (corpusId, runId), not megabytes.
 */
import type { Problem } from '../core/util/result';
import type { EmbeddingView, LmInspectResult } from '../core/jobs/inspect';
import type { PretrainedRequest, PretrainedResults, StorageFault } from '../core/jobs/pretrained';
import type { ReproStamp } from '../core/bundle/stamp';
import type { BackendChoice, BackendInfo, CorpusFile, CorpusSummary, GenerateSettings, GptConfig, LmEvalPoint, LmImportResult, LmProbeResult, LmTokenizerSource, LmTrainOutcome, LmTrainSettings, TrainStart } from '../core/jobs';

export type * from '../core/jobs/lm';

export type LmRequest =
  | { type: 'prepare'; jobId: string; corpusId: string; files: CorpusFile[]; tokenizer: LmTokenizerSource; valFraction: number }
  /** Times a few training steps of `config` with the run's settings (batch, micro-batches, optimizer). */
  | { type: 'probe'; jobId: string; backend: BackendChoice; config: GptConfig; settings: LmTrainSettings }
  | { type: 'train'; jobId: string; runId: string; corpusId: string; backend: BackendChoice; config: GptConfig; settings: LmTrainSettings; start: TrainStart }
  | { type: 'generate'; jobId: string; runId: string; backend: BackendChoice; prompt: string; settings: GenerateSettings }
  /** `stamp`: the run's reproducibility stamp, written as stamp.json (the readme already has its section). */
  | { type: 'export'; jobId: string; runId: string; format: 'studio' | 'hf'; manifest: Record<string, unknown>; log: unknown; readme: string; stamp?: ReproStamp }
  | { type: 'import'; jobId: string; runId: string; file: Blob; fileName: string }
  // Inside the model (lm-inspect.ts): the Transformer visualiser for one text; the token embeddings in 2-D.
  | { type: 'inspect'; jobId: string; runId: string; backend: BackendChoice; text: string }
  | { type: 'lm-embeddings'; jobId: string; runId: string; backend: BackendChoice }
  | { type: 'forget'; jobId: string; keepRunIds: string[] }
  // Drops every stored corpus but `corpusId` (none when absent): the old one once the project saved the new, or one cut off by a reload.
  | { type: 'keep-corpus'; jobId: string; corpusId?: string }
  | { type: 'control'; jobId: string; target: string; action: 'pause' | 'resume' | 'stop' }
  | PretrainedRequest;

export interface LmResults extends PretrainedResults {
  prepare: CorpusSummary;
  probe: LmProbeResult;
  train: LmTrainOutcome;
  generate: { text: string; tokens: number; tokensPerSec: number };
  export: Uint8Array;
  import: LmImportResult;
  inspect: LmInspectResult;
  'lm-embeddings': EmbeddingView;
  forget: null;
  'keep-corpus': null;
  control: null;
}

export type LmEvent =
  | { type: 'progress'; jobId: string; label: string; done: number; total: number }
  | { type: 'backend'; jobId: string; info: BackendInfo }
  /** Training losses read back since the last event: [step, loss] pairs; speed over that window. */
  | { type: 'steps'; jobId: string; points: [number, number][]; tokensPerSec: number; lr: number }
  | { type: 'eval'; jobId: string; point: LmEvalPoint; sample: string }
  /** `notStored`: the checkpoint is in memory only (the browser's storage refused it). */
  | { type: 'checkpoint'; jobId: string; step: number; notStored?: StorageFault }
  | { type: 'token'; jobId: string; text: string }
  | { [K in keyof LmResults]: { type: 'done'; jobId: string; request: K; result: LmResults[K] } }[keyof LmResults]
  | { type: 'failed'; jobId: string; problem: Problem };

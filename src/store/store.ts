/**
 * The one zustand store (architecture: "The store is the single source of truth").
 * `doc` is the saved project; everything else is transient UI state. Actions live in actions/.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Problem } from '../core/util/result';
import type { Recipe } from '../core/clean/recipe';
import type { TargetSummary } from '../core/data/target';
import type { DataClient, Progress } from '../worker/data-client';
import type { TextFileRef } from '../core/jobs';
import type { TrainClient, TrainHandle } from '../worker/train-client';
import type { BatchLog } from '../core/jobs';
import type { DeviceReport, BackendName } from '../core/jobs';
import { newProject, type ProjectDoc } from './project';
import type { LmClient } from '../worker/lm-client';
import type { LmTransient } from './actions/lm';
import type { S2sClient } from '../worker/seq2seq-client';
import type { S2sTransient } from './actions/seq2seq';
import type { CheckpointStore } from './checkpoints';

export interface ProjectPersistence {
  load(): Promise<unknown>;
  save(doc: ProjectDoc): Promise<void>;
  clear(): Promise<void>;
  /** A saved record that could not be restored, kept beside the project (survives its autosaves) until dismissed; absent: memory only. */
  keepUnreadable?(kept: UnreadableRecord | undefined): Promise<void>;
  loadUnreadable?(): Promise<unknown>;
}

export interface UnreadableRecord {
  reason: string;
  raw: unknown;
}

export interface Deps {
  data: DataClient;
  train: TrainClient;
  /** The language-model worker (absent in tests of the pipeline). */
  lm?: LmClient;
  /** The sequence-to-sequence worker (absent in tests of the pipeline). */
  s2s?: S2sClient;
  persistence: ProjectPersistence;
  /** Where tabular/text run checkpoints are kept across reloads (IndexedDB); absent: memory only. */
  checkpoints?: CheckpointStore;
  /** Fetches a built-in sample by URL (same origin). */
  fetchBlob: (url: string) => Promise<Blob>;
  newId: () => string;
  /** Makes another training worker's client, for experiments run in parallel (store/train-pool.ts); absent: one worker. */
  makeTrainClient?: () => TrainClient;
  /** Logical cores (navigator.hardwareConcurrency): how many training workers an experiment uses. */
  cores?: number;
}

export interface JobState extends Progress {
  kind: 'ingest' | 'clean' | 'restore';
}

export interface StudioState {
  doc: ProjectDoc;
  /** True until the saved project has been read back (or found absent). */
  restoring: boolean;
  job?: JobState;
  /** The last problem to show; the previous dataset stays loaded. */
  problem?: Problem & { fileName?: string };
  /** The file last offered, kept in memory so the user can re-read it with other options. */
  lastFile?: File | Blob;
  lastFileName?: string;
  /** Text files chosen or dropped, waiting for "one example per file or per line?". */
  pendingTexts?: { files: TextFileRef[]; name: string };
  history: { past: Recipe[]; future: Recipe[] };
  targetSummary?: { key: string; summary: TargetSummary };
  cleaning: boolean;
  encoding: boolean;
  /** The run in progress: its handle and the latest batch logs for the live chart. */
  live?: { runId: string; handle: TrainHandle; batches: BatchLog[]; startedAt: number; pausedMs: number };
  device?: { report: DeviceReport; auto: { name: BackendName; reason: string } };
  /**
   * This device's measured speed on the reference MLP (see core/jobs/speed-reference.ts) and, in `trees`,
   * per tree family the seconds and work (cart.ts units) of a default fit on reference data.
   */
  speed?: { backend: BackendName; samplesPerSecond: number; trees: Record<string, { seconds: number; work: number }> };
  /** The language-model view's live state (see actions/lm.ts). */
  lm?: LmTransient;
  /** The sequence-to-sequence view's live state (see actions/seq2seq.ts). */
  s2s?: S2sTransient;
  /** Set while autosave fails (storage full, storage gone); cleared by the next save that works. */
  saveFailure?: { message: string };
  /** A saved record that could not be restored: why, and the record as read, for download. */
  unrestored?: { reason: string; raw: unknown };
}

export type StudioStore = StoreApi<StudioState>;

export const initialState = (): StudioState => ({
  doc: newProject(),
  restoring: true,
  history: { past: [], future: [] },
  cleaning: false,
  encoding: false,
});

export function createStudioStore(): StudioStore {
  return createStore<StudioState>()(() => initialState());
}

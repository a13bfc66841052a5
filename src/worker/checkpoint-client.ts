/**
 * The main thread's client of tabular/text run checkpoints in IndexedDB (`trainCheckpoints`,
 * db.ts): written outside the project document, so autosave never carries weights.
 */
import { openStudioDB } from './db';
import type { TrainCheckpoint } from '../core/train/checkpoint';
import type { EpochLog } from '../core/jobs';

/**
 * A run's latest checkpoint and its curve up to the checkpoint's epoch (round): the project is
 * autosaved only every few seconds while a run trains, so after a reload the saved run can end
 * before its newer checkpoint, and Resume takes the epochs in between from here.
 */
export interface KeptCheckpoint {
  checkpoint: TrainCheckpoint;
  /** Absent in records written before curves were kept beside checkpoints. */
  epochs?: EpochLog[];
}

export interface CheckpointStore {
  save(runId: string, kept: KeptCheckpoint): Promise<void>;
  load(runId: string): Promise<KeptCheckpoint | undefined>;
  drop(runId: string): Promise<void>;
}

export const idbCheckpoints: CheckpointStore = {
  async save(runId, kept) {
    await (await openStudioDB()).put('trainCheckpoints', { runId, savedAt: Date.now(), ...kept });
  },
  async load(runId) {
    const r = await (await openStudioDB()).get('trainCheckpoints', runId);
    return r ? { checkpoint: r.checkpoint, ...(r.epochs ? { epochs: r.epochs } : {}) } : undefined;
  },
  async drop(runId) {
    await (await openStudioDB()).delete('trainCheckpoints', runId);
  },
};

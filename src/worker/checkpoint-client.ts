/**
 * The main thread's client of tabular/text run checkpoints in IndexedDB (`trainCheckpoints`,
 * db.ts): written outside the project document, so autosave never carries weights.
 */
import { openStudioDB } from './db';
import type { TrainCheckpoint } from '../core/train/checkpoint';

export interface CheckpointStore {
  save(runId: string, cp: TrainCheckpoint): Promise<void>;
  load(runId: string): Promise<TrainCheckpoint | undefined>;
  drop(runId: string): Promise<void>;
}

export const idbCheckpoints: CheckpointStore = {
  async save(runId, checkpoint) {
    await (await openStudioDB()).put('trainCheckpoints', { runId, savedAt: Date.now(), checkpoint });
  },
  async load(runId) {
    return (await (await openStudioDB()).get('trainCheckpoints', runId))?.checkpoint;
  },
  async drop(runId) {
    await (await openStudioDB()).delete('trainCheckpoints', runId);
  },
};

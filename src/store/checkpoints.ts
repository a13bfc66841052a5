/**
 * Where a tabular or text run's latest checkpoint (core/train/checkpoint.ts) waits until the run
 * ends: in memory (a worker killed mid-run: resumed at once) and, when the app gives a store, in
 * IndexedDB (an interrupted run resumed after a reload). Writes are latest-wins with one in
 * flight, so a checkpoint a second never queues up behind a slow disk.
 */
import type { Deps } from './store';
import type { CheckpointStore, KeptCheckpoint } from '../worker/checkpoint-client';

export type { CheckpointStore, KeptCheckpoint };

export interface CheckpointKeeper {
  keep(runId: string, kept: KeptCheckpoint): void;
  get(runId: string): Promise<KeptCheckpoint | undefined>;
  /** The run ended with a model (or was replaced): its checkpoint is no longer needed. */
  drop(runId: string): void;
  /** Resolves once every write asked for so far has been tried. */
  flushed(): Promise<void>;
}

export function createCheckpointKeeper(store?: CheckpointStore): CheckpointKeeper {
  const latest = new Map<string, KeptCheckpoint>();
  const writing = new Map<string, Promise<void>>();
  const queued = new Set<string>();

  function write(runId: string) {
    if (!store) return;
    if (writing.has(runId)) {
      queued.add(runId); // the newest is written when this write ends
      return;
    }
    const cp = latest.get(runId);
    if (!cp) return;
    const w = store
      .save(runId, cp)
      .catch(() => {}) // storage full or gone: the memory copy still serves a resume in this session
      .then(() => {
        writing.delete(runId);
        if (queued.delete(runId)) write(runId);
      });
    writing.set(runId, w);
  }

  return {
    keep(runId, kept) {
      latest.set(runId, kept);
      write(runId);
    },
    async get(runId) {
      return latest.get(runId) ?? (store ? await store.load(runId).catch(() => undefined) : undefined);
    },
    drop(runId) {
      latest.delete(runId);
      queued.delete(runId);
      if (store) void (writing.get(runId) ?? Promise.resolve()).then(() => store.drop(runId)).catch(() => {});
    },
    async flushed() {
      while (writing.size) await Promise.all(writing.values());
    },
  };
}

const keepers = new WeakMap<Deps, CheckpointKeeper>();

/** The one keeper of a studio (every action context of one store shares its deps). */
export function checkpointsOf(deps: Deps): CheckpointKeeper {
  let k = keepers.get(deps);
  if (!k) keepers.set(deps, (k = createCheckpointKeeper(deps.checkpoints)));
  return k;
}

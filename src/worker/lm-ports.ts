/**
 * What the LM handler (lm-handler.ts) needs from its surroundings: storage for corpora and
 * checkpoints (IndexedDB in the worker, memory in tests), backends and data-parallel peers.
 */
import type { GptConfig } from '../core/lm';
import type { GradPeer } from '../core/lm/data-parallel';
import type { BackendChoice, BackendInfo } from '../core/jobs';
import type { Problem } from '../core/util/result';
import type { StoredLmCheckpoint, StoredLmCorpus } from './db';
import { memoryPretrainedStorage, type PretrainedStorage } from './pretrained-storage';

export interface LmStorage {
  getCorpus(corpusId: string): Promise<StoredLmCorpus | undefined>;
  /**
   * Stores the corpus beside the current one: the page drops the old one (`keepCorpus`) once the
   * project it saved names the new one, so a reload before that still finds the corpus it names.
   */
  putCorpus(c: StoredLmCorpus): Promise<void>;
  /** Drops every corpus but `corpusId` (all when absent). */
  keepCorpus(corpusId: string | undefined): Promise<void>;
  getCheckpoint(runId: string): Promise<StoredLmCheckpoint | undefined>;
  putCheckpoint(c: StoredLmCheckpoint): Promise<void>;
  /** Drops the checkpoints of every run not listed. */
  keepCheckpoints(runIds: readonly string[]): Promise<void>;
  /** The loaded pretrained model and its fine-tune checkpoint (worker/pretrained-storage.ts). */
  readonly pretrained: PretrainedStorage;
}

export function memoryLmStorage(): LmStorage {
  const corpora = new Map<string, StoredLmCorpus>();
  const checkpoints = new Map<string, StoredLmCheckpoint>();
  return {
    pretrained: memoryPretrainedStorage(),
    getCorpus: async (id) => corpora.get(id),
    putCorpus: async (c) => void corpora.set(c.corpusId, c),
    keepCorpus: async (id) => {
      for (const k of [...corpora.keys()]) if (k !== id) corpora.delete(k);
    },
    getCheckpoint: async (id) => checkpoints.get(id),
    putCheckpoint: async (c) => void checkpoints.set(c.runId, c),
    keepCheckpoints: async (ids) => {
      for (const k of [...checkpoints.keys()]) if (!ids.includes(k)) checkpoints.delete(k);
    },
  };
}

/** Data-parallel peers held by one job; release(true) when one failed (they are then dropped). */
export interface PeerLease {
  peers: GradPeer[];
  release(failed?: boolean): void;
}

export interface LmBackends {
  start(choice: BackendChoice): Promise<BackendInfo>;
  /** Data-parallel peers for training this config on the started backend (none, or absent: train alone). */
  peers?(config: GptConfig, backend: BackendInfo): Promise<PeerLease>;
  /** Settles when the running backend's GPU is lost (worker/gpu-loss.ts `whenGpuLost`); absent: never. */
  lost?(): Promise<Problem>;
}

export const NO_PEERS: PeerLease = { peers: [], release: () => undefined };

/** The backend info with the number of workers that share each step (when more than one). */
export function withWorkers(info: BackendInfo, peers: readonly GradPeer[]): BackendInfo {
  return peers.length > 0 ? { ...info, workers: peers.length + 1 } : info;
}

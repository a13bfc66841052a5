/** For store tests of faults: training clients whose "worker" fails the way a real one does. */
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { createLmHandler } from '../worker/lm-handler';
import { memoryLmStorage } from '../worker/lm-ports';
import { createLmClient } from '../worker/lm-client';
import { gpuLosingWorkers } from '../worker/gpu-loss-test-workers';
import type { LmEvent } from '../worker/lm-protocol';
import { createStudio } from './studio';
import { NO_PERSISTENCE } from './test-studio';
import { WORKER_CRASHED } from '../worker/job-client';
import type { TrainClient } from '../worker/train-client';
import type { Problem } from '../core/util/result';
import type { CheckpointStore, KeptCheckpoint } from './checkpoints';
import { createRng } from '../core/util/rng';

/** 240 rows of two classes by quadrant (x·y > 0), seeded: the resume tests' table. */
export function quadrantCsv(): string {
  const rng = createRng(9);
  const lines = ['x,y,label'];
  for (let i = 0; i < 240; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x * y > 0 ? 'same' : 'other'}`);
  }
  return lines.join('\n');
}

/** The resume tests' settings: 8 epochs, no early stop, so every run has the same epochs to compare. */
export const RESUME_HP = { epochs: 8, learningRate: 0.02, seed: 3, earlyStopping: { enabled: false, patience: 5, restoreBest: true } };

/** The real in-process training client, whose "worker" dies after `epochs` epochs of its `nth` run (the first by default; as the bridge reports a dead worker). */
export function dyingTrainClient(epochs: number, nth = 1): TrainClient {
  const real = createInProcessTrainClient();
  let runs = 0;
  return {
    ...real,
    train(job, on) {
      if (++runs !== nth) return real.train(job, on);
      let died: (r: { ok: false; error: typeof WORKER_CRASHED }) => void = () => {};
      const death = new Promise<{ ok: false; error: typeof WORKER_CRASHED }>((r) => (died = r));
      let seen = 0;
      let dead = false;
      const handle = real.train(job, {
        ...on,
        checkpoint: (cp) => !dead && on.checkpoint?.(cp), // a dead worker sends nothing more
        epoch(log) {
          on.epoch?.(log);
          if (++seen === epochs) {
            dead = true;
            handle.stop();
            died({ ok: false, error: WORKER_CRASHED });
          }
        },
      });
      return { ...handle, result: Promise.race([death, handle.result]) };
    },
  };
}


/**
 * The real in-process client, whose first run reports a GPU backend and loses it after `epochs`
 * epochs (as train-handler reports a lost WebGL context); `jobs` records each job's backend choice.
 */
export function gpuLosingClient(epochs: number, backend: 'webgl' | 'webgpu' = 'webgl'): TrainClient & { jobs: string[] } {
  const real = createInProcessTrainClient();
  const jobs: string[] = [];
  return {
    ...real,
    jobs,
    train(job, on) {
      jobs.push(job.backend);
      if (jobs.length > 1) return real.train(job, on);
      let lost: (r: { ok: false; error: Problem }) => void = () => {};
      const loss = new Promise<{ ok: false; error: Problem }>((r) => (lost = r));
      let seen = 0;
      let gone = false;
      const handle = real.train(job, {
        ...on,
        backend: (info) => on.backend?.({ ...info, name: backend }),
        checkpoint: (cp) => !gone && on.checkpoint?.(cp),
        epoch(log) {
          if (gone) return;
          on.epoch?.(log);
          if (++seen === epochs) {
            gone = true;
            handle.stop();
            lost({ ok: false, error: { message: `The GPU stopped working during training: the ${backend === 'webgpu' ? 'WebGPU device' : 'WebGL context'} was lost.`, code: 'gpu-lost' } }); // as worker/gpu-loss.ts says it
          }
        },
      });
      return { ...handle, result: Promise.race([loss, handle.result]) };
    },
  };
}

/** The real in-process client whose first run throws `error` from deep in its training loop at epoch `epochs` (an allocation failing). */
export function throwingTrainClient(epochs: number, error: () => unknown): TrainClient {
  const real = createInProcessTrainClient();
  let runs = 0;
  return {
    ...real,
    train(job, on) {
      if (runs++ > 0) return real.train(job, on);
      let seen = 0;
      return real.train(job, {
        ...on,
        epoch(log) {
          on.epoch?.(log);
          if (++seen === epochs) throw error();
        },
      });
    },
  };
}

/** A checkpoint store in memory (IndexedDB's `trainCheckpoints` in the app), cloning as IndexedDB does; `saved` shows what it holds. */
export function memoryCheckpoints(): CheckpointStore & { saved: Map<string, KeptCheckpoint> } {
  const saved = new Map<string, KeptCheckpoint>();
  return { saved, save: async (id, cp) => void saved.set(id, structuredClone(cp)), load: async (id) => saved.get(id), drop: async (id) => void saved.delete(id) };
}

/**
 * The real in-process client whose first run goes silent after `epochs` epochs (rounds) and never
 * ends: the tab closing or reloading mid-run, as far as the studio that started it can tell.
 */
export function freezingTrainClient(epochs: number): TrainClient {
  const real = createInProcessTrainClient();
  let runs = 0;
  return {
    ...real,
    train(job, on) {
      if (runs++ > 0) return real.train(job, on);
      let seen = 0;
      let frozen = false;
      const handle = real.train(job, {
        ...on,
        checkpoint: (cp) => !frozen && on.checkpoint?.(cp),
        epoch(log) {
          if (frozen) return;
          on.epoch?.(log);
          if (++seen === epochs) {
            frozen = true;
            handle.stop();
          }
        },
      });
      return { ...handle, result: new Promise<never>(() => {}) };
    },
  };
}

/**
 * A studio whose LM workers run the real handler on a fake GPU that is lost when `loseWhen` first
 * holds (gpu-loss-test-workers.ts); `text` is what every sample fetch returns. The made workers
 * and the LM storage they share come back for the tests' checks.
 */
export function gpuLosingLmStudio(loseWhen: (e: LmEvent) => boolean, text: string) {
  const storage = memoryLmStorage();
  const { factory, made } = gpuLosingWorkers<LmEvent>((ports, post) => createLmHandler(ports, storage, post), loseWhen);
  let id = 0;
  const s = createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    lm: createLmClient(factory),
    persistence: NO_PERSISTENCE,
    fetchBlob: async () => new Blob([text]),
    newId: () => `id${id++}`,
  });
  return { s, made, storage };
}

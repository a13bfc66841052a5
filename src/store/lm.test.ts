import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createStudio } from './studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { createLmHandler } from '../worker/lm-handler';
import { memoryLmStorage, type LmStorage } from '../worker/lm-ports';
import { createLmClient } from '../worker/lm-client';
import type { LmRequest } from '../worker/lm-protocol';
import type { ProjectPersistence } from './store';

const device = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };
const cpu = {
  start: async () => {
    await tf.setBackend('cpu');
    return { name: 'cpu' as const, reason: 'test', device };
  },
};

/** A Worker stand-in running the LM handler on this thread (events delivered asynchronously, as postMessage does). */
function inProcessWorker(storage: LmStorage) {
  return () => {
    const w = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      onerror: null,
      onmessageerror: null,
      dead: false,
      trainJobs: [] as string[],
      // A terminated worker stops computing too: stop its training loops.
      terminate() {
        w.dead = true;
        for (const target of w.trainJobs) void handle({ type: 'control', jobId: `kill-${target}`, target, action: 'stop' });
      },
      postMessage(req: LmRequest) {
        if (req.type === 'train') w.trainJobs.push(req.jobId);
        void handle(req);
      },
    };
    const handle = createLmHandler(cpu, storage, (e) => setTimeout(() => !w.dead && w.onmessage?.({ data: e })));
    return w as unknown as Worker;
  };
}

const TEXT = Array.from({ length: 300 }, (_, i) => `the whale ${i % 5 === 0 ? 'dove' : 'swam'} away. `).join('');

function makeStudio(persistence: ProjectPersistence, storage: LmStorage) {
  let id = 0;
  return createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    lm: createLmClient(inProcessWorker(storage)),
    persistence,
    fetchBlob: async () => new Blob([TEXT]),
    newId: () => `id${id++}-${Math.random().toString(36).slice(2, 6)}`,
  });
}

function memoryPersistence(): ProjectPersistence & { saved?: unknown } {
  const p: ProjectPersistence & { saved?: unknown } = {
    load: async () => p.saved,
    save: async (doc) => void (p.saved = structuredClone(doc)),
    clear: async () => void (p.saved = undefined),
  };
  return p;
}

async function until(cond: () => boolean, ms = 20_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function tinyStudio(persistence: ProjectPersistence, storage: LmStorage) {
  const s = makeStudio(persistence, storage);
  await s.actions.restore();
  return s;
}

describe('language-model actions', () => {
  it('sample → tiny model → training fills the saved log; a reload resumes from the checkpoint; generation and export work', async () => {
    const persistence = memoryPersistence();
    const storage = memoryLmStorage();
    const s = await tinyStudio(persistence, storage);
    await s.actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' });
    const lm = () => s.store.getState().doc.lm!;
    expect(lm().open).toBe(true);
    expect(lm().corpus?.tokens).toBe(TEXT.length);
    s.actions.lmSetModel({ nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 });
    expect(lm().preset).toBe('custom');
    s.actions.lmSetSettings({ maxIters: 1000, batchSize: 4, learningRate: 1e-2, warmupIters: 2, evalEvery: 10, checkpointEvery: 10, evalWindows: 4, sampleTokens: 8 });
    const training = s.actions.lmStartTraining();
    await until(() => (lm().run?.checkpointStep ?? 0) >= 20);
    expect(lm().run!.evals.length).toBeGreaterThanOrEqual(2);
    expect(lm().run!.samples[0]!.step).toBe(10);
    expect(lm().run!.losses[0]![0]).toBe(1);
    await s.flush();

    // "Reload": a new studio (new worker) from the saved document and the same IndexedDB contents.
    const saved = structuredClone(persistence.saved) as { lm: { run: { checkpointStep: number; status: string } } };
    s.actions.lmStop();
    await training;
    const reloaded = memoryPersistence();
    reloaded.saved = { ...saved, lm: { ...saved.lm, run: { ...saved.lm.run, status: 'running' } } };
    const r = await tinyStudio(reloaded, storage);
    const rl = () => r.store.getState().doc.lm!;
    const from = rl().run!.checkpointStep!;
    expect(from).toBeGreaterThanOrEqual(20);
    r.actions.lmSetSettings({ maxIters: 1000 });
    const resumed = r.actions.lmResumeTraining();
    await until(() => (rl().run?.checkpointStep ?? 0) >= from + 10);
    expect(rl().run!.losses.every(([step], i, all) => i === 0 || step > all[i - 1]![0])).toBe(true);
    r.actions.lmStop();
    await resumed;
    expect(rl().run!.status).toBe('stopped');

    r.actions.lmSetGenerate({ prompt: 'the ', maxNewTokens: 10 });
    await r.actions.lmGenerate();
    expect(r.store.getState().lm!.gen!.text.length).toBeGreaterThan(0);
    const out = await r.actions.lmExport('studio');
    expect(out!.fileName).toMatch(/^moby-dick-gpt-1l16d\.zip$/);
  });

  it('a crashed worker resumes training from the last checkpoint on its own', async () => {
    const storage = memoryLmStorage();
    const s = await tinyStudio(memoryPersistence(), storage);
    await s.actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' });
    const lm = () => s.store.getState().doc.lm!;
    s.actions.lmSetModel({ nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 });
    s.actions.lmSetSettings({ maxIters: 40, batchSize: 4, evalEvery: 10, checkpointEvery: 10, evalWindows: 4, sampleTokens: 8 });
    const training = s.actions.lmStartTraining();
    await until(() => (lm().run?.checkpointStep ?? 0) >= 10);
    s.deps.lm!.simulateCrash();
    await training;
    expect(lm().run!.status).toBe('done');
    expect(lm().run!.step).toBe(40);
    expect(lm().run!.problem).toMatch(/resumed from the last checkpoint/);
  });

  it('a model the estimate says will not fit is refused before training, with a message', async () => {
    const s = await tinyStudio(memoryPersistence(), memoryLmStorage());
    await s.actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' });
    s.actions.lmSetBackend('wasm');
    s.actions.lmSetModel({ nLayer: 12, nHead: 12, nEmbd: 768, blockSize: 1024 });
    s.actions.lmSetSettings({ batchSize: 32, gradAccumSteps: 1 });
    await s.actions.lmStartTraining();
    expect(s.store.getState().doc.lm!.run).toBeUndefined();
    expect(s.store.getState().lm?.problem?.message).toMatch(/^This model needs about \d+\.\d GB of memory to train, more than WebAssembly can hold \(4 GB\): it would run out of memory\.$/);
  });

  it('"New project" stops a run still training in the worker; nothing of it lands in the new project', async () => {
    const storage = memoryLmStorage();
    const s = await tinyStudio(memoryPersistence(), storage);
    await s.actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' });
    s.actions.lmSetModel({ nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 });
    s.actions.lmSetSettings({ maxIters: 100_000, batchSize: 4, evalEvery: 10, checkpointEvery: 10, evalWindows: 4, sampleTokens: 8 });
    const training = s.actions.lmStartTraining();
    await until(() => (s.store.getState().doc.lm?.run?.checkpointStep ?? 0) >= 10);
    await s.actions.startNewProject();
    await training; // ends: the worker stopped the run
    await new Promise((r) => setTimeout(r, 50));
    expect(s.store.getState().doc.lm).toBeUndefined();
    expect(s.store.getState().lm?.live).toBeUndefined();
  });
});

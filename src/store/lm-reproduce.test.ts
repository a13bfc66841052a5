/**
 * A language-model run's reproducibility stamp and Reproduce, in process (real LM handler, cpu):
 * the stamp's data hash is the SHA-256 of the corpus text, the LM bundle carries it as stamp.json,
 * importing that bundle shows it, and Reproduce re-runs the same training to the same step with
 * bit-identical losses; a changed seed is not a reproduction.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createStudio } from './studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { createLmHandler } from '../worker/lm-handler';
import { memoryLmStorage } from '../worker/lm-ports';
import { createLmClient } from '../worker/lm-client';
import type { LmRequest } from '../worker/lm-protocol';
import { bundleStamp } from '../core/bundle/bundle-stamp';
import { loadPredictor } from '../deploy/predictor';
import { lmRunStamp } from './lm-stamp';

const device = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };
const cpu = { start: async () => (await tf.setBackend('cpu'), { name: 'cpu' as const, reason: 'test', device }) };

function inProcessWorker() {
  const storage = memoryLmStorage();
  return () => {
    const w = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      terminate() {},
      postMessage: (req: LmRequest) => void handle(req),
    };
    const handle = createLmHandler(cpu, storage, (e) => setTimeout(() => w.onmessage?.({ data: e })));
    return w as unknown as Worker;
  };
}

const TEXT = Array.from({ length: 300 }, (_, i) => `the whale ${i % 5 === 0 ? 'dove' : 'swam'} away. `).join('');

async function tinyRun() {
  let id = 0;
  const s = createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    lm: createLmClient(inProcessWorker()),
    persistence: { load: async () => undefined, save: async () => {}, clear: async () => {} },
    fetchBlob: async () => new Blob([TEXT]),
    newId: () => `id${id++}`,
  });
  await s.actions.restore();
  await s.actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' });
  s.actions.lmSetModel({ nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 });
  s.actions.lmSetSettings({ maxIters: 24, batchSize: 4, learningRate: 1e-2, warmupIters: 2, lrDecayIters: 24, evalEvery: 12, checkpointEvery: 12, evalWindows: 4, sampleTokens: 4 });
  await s.actions.lmStartTraining();
  return s;
}

describe('language-model reproducibility', () => {
  it('stamps the run (text hash, settings hash, seed, backend), exports it in the bundle, shows it on import, and Reproduce matches exactly on cpu', async () => {
    const s = await tinyRun();
    const lm = () => s.store.getState().doc.lm!;
    const run = lm().run!;
    expect(run.status).toBe('done');
    expect(lm().corpus!.textSha256).toBe(createHash('sha256').update(TEXT, 'utf8').digest('hex'));
    const stamp = lmRunStamp(run)!;
    expect(stamp).toMatchObject({ kind: 'lm', seed: run.settings.seed, dataSha256: lm().corpus!.textSha256, trainRows: lm().corpus!.trainTokens, backend: 'cpu', studioVersion: 'dev' });

    const out = await s.actions.lmExport('studio');
    const inBundle = bundleStamp(out!.bytes)!;
    expect({ ...inBundle, createdAt: '' }).toEqual({ ...stamp, createdAt: '' });
    // The deploy predictor (demo page, server kit) reads the same stamp from the LM bundle.
    const p = await loadPredictor(out!.bytes);
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.stamp).toEqual(inBundle);
    p.value.dispose();
    const hf = await s.actions.lmExport('hf');
    expect(bundleStamp(hf!.bytes)?.recipeSha256).toBe(stamp.recipeSha256);

    const id = await s.actions.lmReproduce();
    const again = lm().run!;
    expect(again.id).toBe(id);
    expect(again.id).not.toBe(run.id);
    const r = again.reproduction!;
    expect(r).toMatchObject({ of: run.id, metrics: 'exact', maxDiff: 0, tolerance: 0, dataMatches: true, recipeMatches: true, evalSteps: 2, lossSteps: 24 });
    expect(r.last!.step).toBe(24);
    expect(r.last!.again.valLoss).toBe(run.evals.at(-1)!.valLoss);
    expect(lmRunStamp(again)!.recipeSha256).toBe(stamp.recipeSha256);

    // Import the exported bundle into a fresh studio: the stamp is shown from the file.
    const t = await tinyRun();
    await t.actions.lmImport(new File([out!.bytes as BlobPart], 'whale.zip'));
    expect(t.store.getState().doc.lm!.imported!.stamp).toEqual(inBundle);
    // …and reproduces the bundle's own training on the same text (tokenized with the bundle's tokenizer).
    await t.actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' });
    await t.actions.lmReproduceImported();
    const imp = t.store.getState().doc.lm!.run!;
    expect(imp.continues).toBeUndefined(); // from scratch, not from the imported weights
    expect(imp.reproduction).toMatchObject({ ofLabel: 'whale.zip', metrics: 'exact', maxDiff: 0, dataMatches: true, recipeMatches: true, evalSteps: 2 });
    expect(imp.reproduction!.last!.again.valLoss).toBe(again.evals.at(-1)!.valLoss);
  }, 180_000);

  it('another seed gives another recipe hash and other losses; a run without a stamp is not reproduced, with a message', async () => {
    const s = await tinyRun();
    const lm = () => s.store.getState().doc.lm!;
    const first = lm().run!;
    // Another seed: a new run whose losses are compared with the first one's by hand.
    s.actions.lmSetSettings({ seed: first.settings.seed + 1 });
    await s.actions.lmStartTraining();
    const other = lm().run!;
    expect(lmRunStamp(other)!.recipeSha256).not.toBe(lmRunStamp(first)!.recipeSha256);
    expect(other.losses.some(([step, l]) => first.losses.find(([s2]) => s2 === step)?.[1] !== l)).toBe(true);
    // A run saved by a studio from before stamps (no stampData).
    s.store.setState((st) => ({ doc: { ...st.doc, lm: { ...st.doc.lm!, run: { ...other, stampData: undefined } } } }));
    expect(await s.actions.lmReproduce()).toBeUndefined();
    expect(s.store.getState().lm!.problem!.message).toMatch(/no reproducibility stamp/);
  }, 120_000);
});

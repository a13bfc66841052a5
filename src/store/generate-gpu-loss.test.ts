/**
 * A GPU lost while a model generates (issue 13), in the three playgrounds: the language model's,
 * the pretrained model's and the sequence-to-sequence one. The worker's generate job ends at once
 * with gpu-loss.ts's problem (it races the loss), the page replaces that worker (the clients'
 * `retireOn`), the fresh one reads the model back from storage on WebAssembly and generates again,
 * and the playground says so (store/actions/generate-fallback.ts). The "GPU" is TensorFlow.js's cpu
 * backend named webgl, lost on the first worker's first streamed token (gpu-loss-test-workers.ts);
 * each test awaits the store's own action, which ends when the generation does.
 */
import { describe, expect, it } from 'vitest';
import { createStudio } from './studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { createS2sClient } from '../worker/seq2seq-client';
import { createS2sHandler } from '../worker/seq2seq-handler';
import { memoryS2sStorage } from '../worker/seq2seq-storage';
import { gpuLosingWorkers, type FakeGpuWorker } from '../worker/gpu-loss-test-workers';
import type { S2sEvent } from '../core/jobs';
import { hfLlamaFolder } from '../core/lm/pretrained-test-files';
import { tinyLlama } from '../core/lm/llama-test-model';
import { asFiles, HELLO_TEXT } from '../worker/lm-test-jobs';
import { gpuLosingLmStudio } from './test-faults';

const NOTICE = /^The WebGL context was lost while generating; generation went on on WebAssembly\.$/;
const onToken = (e: { type: string }) => e.type === 'token';
const noPersistence = { load: async () => undefined, save: async () => undefined, clear: async () => undefined };
const backends = (made: FakeGpuWorker<unknown>[]) => made.map((w) => [w.backend, w.terminated]);
/** What a worker's last generate job answered. */
const answered = <E extends { type: string }>(w: FakeGpuWorker<E>) => w.events.filter((e) => e.type === 'done').at(-1) as unknown as { request: string; result: Record<string, unknown> };

const lmStudio = () => gpuLosingLmStudio(onToken, HELLO_TEXT);

describe('a GPU lost while the language model playground generates', { timeout: 90_000 }, () => {
  it('generates again on WebAssembly from the run checkpoint, on a fresh worker, and says so', async () => {
    const { s, made } = lmStudio();
    await s.actions.restore();
    await s.actions.lmUseSample({ file: 'hello.txt', name: 'Hello' });
    s.actions.lmSetBackend('webgl');
    s.actions.lmSetModel({ nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 });
    s.actions.lmSetSettings({ maxIters: 10, batchSize: 4, evalEvery: 10, checkpointEvery: 10, evalWindows: 2, sampleTokens: 4 });
    await s.actions.lmStartTraining();
    expect(s.store.getState().doc.lm!.run!.status).toBe('done');
    s.actions.lmSetGenerate({ prompt: 'he', maxNewTokens: 12, temperature: 0 });
    await s.actions.lmGenerate();
    const gen = s.store.getState().lm!.gen!;
    expect(s.store.getState().lm!.problem).toBeUndefined();
    expect(gen.notice).toMatch(NOTICE);
    expect(gen.running).toBe(false);
    expect(backends(made)).toEqual([['webgl', true], ['wasm', false]]);
    // The text is the fresh worker's, whole: nothing of the lost one is mixed in.
    expect(answered(made[1]!)).toMatchObject({ request: 'generate' });
    expect(gen.text).toBe(answered(made[1]!).result.text);
    expect(gen.text.length).toBeGreaterThan(0);
    expect(s.store.getState().doc.lm!.backend).toBe('webgl'); // "Run on" stays as the user chose it
  });
});

async function pretrainedStudio() {
  const { s, made, storage } = lmStudio();
  await s.actions.restore();
  await s.actions.lmUseSample({ file: 'hello.txt', name: 'Hello' });
  const { config, weights } = tinyLlama({ seqLen: 64 }, 9);
  await s.actions.pretrainedInspect(asFiles(hfLlamaFolder(config, weights)));
  await s.actions.pretrainedLoad();
  // A short fine-tune on the "GPU" starts the worker's backend on it (the playground generates on the worker's backend).
  s.actions.lmSetBackend('webgl');
  s.actions.pretrainedTuneSet({ method: 'lora', steps: 2, learningRate: 1e-2, contextLength: 16, batchSize: 2, evalEvery: 2, samplePrompt: 'hello', sampleTokens: 2 });
  await s.actions.pretrainedTuneStart();
  expect(s.store.getState().lm!.pretrainedTune!.outcome).toMatchObject({ step: 2 });
  s.actions.pretrainedSetPrompt('hello');
  s.actions.pretrainedSetSettings({ maxNewTokens: 12, temperature: 0 });
  return { s, made, storage };
}

describe('a GPU lost while the pretrained playground generates', { timeout: 90_000 }, () => {
  it('reads the stored model back on WebAssembly, generates again on a fresh worker, and says so', async () => {
    const { s, made } = await pretrainedStudio();
    const card = s.store.getState().lm!.pretrained!.loaded;
    await s.actions.pretrainedGenerate();
    const t = s.store.getState().lm!.pretrained!;
    expect(t.problem).toBeUndefined();
    expect(t.notice).toMatch(NOTICE);
    expect(backends(made)).toEqual([['webgl', true], ['wasm', false]]);
    expect(answered(made[1]!)).toMatchObject({ request: 'pretrained-generate' });
    expect(t.gen).toMatchObject({ running: false, text: answered(made[1]!).result.text });
    expect(t.gen!.text.length).toBeGreaterThan(0);
    expect(t.loaded).toEqual(card); // the loaded model stays
    expect(s.store.getState().lm!.pretrainedTune!.tunedSteps).toBe(2);
    expect(s.store.getState().doc.lm!.backend).toBe('webgl');
  });

  it('says why when the model is not stored to generate again from', async () => {
    const { s, made, storage } = await pretrainedStudio();
    await storage.pretrained.delete('model');
    await s.actions.pretrainedGenerate();
    const t = s.store.getState().lm!.pretrained!;
    expect(t.notice).toBeUndefined();
    expect(t.gen?.running).toBe(false);
    expect(t.problem?.message).toBe('The WebGL context was lost while generating, and generation could not go on on WebAssembly: the model is not stored in this browser.');
    expect(t.problem?.hint).toMatch(/Drop the checkpoint again/);
    expect(made.length).toBe(2);
  });
});

// Words and their letters spelled out (seq2seq-gpu-loss.test.ts's data).
const words = Array.from({ length: 80 }, (_, i) => `${'abcdefghij'[i % 10]}${'klmnopqrst'[(i * 3) % 10]}${'uvwxyz'[(i * 7) % 6]}${i}`);
const CSV = ['word,letters', ...words.map((w) => `${w},${w.split('').join(' ')}`)].join('\n');

async function s2sStudio() {
  const storage = memoryS2sStorage();
  const { factory, made } = gpuLosingWorkers<S2sEvent>((ports, post) => createS2sHandler(ports.start, post, storage, ports.lost), onToken);
  let id = 0;
  const s = createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    persistence: noPersistence,
    fetchBlob: async () => new Blob([CSV]),
    newId: () => `id${id++}`,
    s2s: createS2sClient(factory),
  });
  await s.actions.s2sLoadFile(new Blob([CSV]), 'letters.csv');
  const settings = s.store.getState().doc.seq2seq!.settings;
  s.actions.s2sSetSettings({ sourceColumn: 'word', targetColumn: 'letters', backend: 'webgl', train: { ...settings.train, maxIters: 4, evalInterval: 4, batchSize: 8, warmupIters: 1 }, beamRows: 2 });
  await s.actions.s2sTrain(false);
  expect(s.store.getState().doc.seq2seq!.run!.status).toBe('done');
  return { s, made, storage };
}

describe('a GPU lost while the sequence-to-sequence playground generates', { timeout: 90_000 }, () => {
  it('reads the stored model back on WebAssembly, generates again on a fresh worker, and says so', async () => {
    const { s, made } = await s2sStudio();
    await s.actions.s2sGenerate('abu0', { mode: 'greedy', width: 1, lengthPenalty: 0 });
    const t = s.store.getState().s2s!;
    expect(t.problem).toBeUndefined();
    expect(t.genNotice).toMatch(NOTICE);
    expect(t.generating).toBe(false);
    expect(backends(made)).toEqual([['webgl', true], ['wasm', false]]);
    expect(answered(made[1]!)).toMatchObject({ request: 'generate' });
    expect(t.output).toEqual(answered(made[1]!).result);
    expect(s.store.getState().doc.seq2seq!.run!.status).toBe('done'); // the run and its results stay
    expect(s.store.getState().doc.seq2seq!.settings.backend).toBe('webgl');
  });

  it('says why when no model is stored to generate again from', async () => {
    const { s, made, storage } = await s2sStudio();
    await storage.delete('model');
    await storage.delete('checkpoint');
    await s.actions.s2sGenerate('abu0', { mode: 'greedy', width: 1, lengthPenalty: 0 });
    const t = s.store.getState().s2s!;
    expect(t.genNotice).toBeUndefined();
    expect(t.problem?.message).toBe('The WebGL context was lost while generating, and generation could not go on on WebAssembly: the model is not stored in this browser.');
    expect(made.length).toBe(2);
  });
});

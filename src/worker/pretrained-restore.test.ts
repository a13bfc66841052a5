/**
 * Nothing lost (issue 11 §3): the LM worker stores the loaded pretrained model and its fine-tune's
 * checkpoints, and a fresh worker (a reloaded page) restores them — the same text from the model,
 * and a run interrupted at its step-10 checkpoint resumes to the same losses, evaluations, samples
 * and weights as the uninterrupted run. A full storage is reported, not fatal. Node, cpu backend.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultFineTune, type FineTuneSettings } from '../core/lm/finetune-settings';
import { hfLlamaFolder } from '../core/lm/pretrained-test-files';
import { tinyLlama } from '../core/lm/llama-test-model';
import { createGpt } from '../core/lm/gpt';
import { exportHf } from '../core/lm/hf';
import { trainTokenizer } from '../core/text';
import type { PretrainedFineTuneResult, PretrainedLoadResult, PretrainedRestoreResult } from '../core/jobs';
import type { PretrainedStoredKey, StoredPretrainedEntry } from './db';
import { asFiles, HELLO_TEXT, lmJobs } from './lm-test-jobs';
import { memoryLmStorage, type LmStorage } from './lm-ports';
import type { LmEvent, LmRequest } from './lm-protocol';
import type { PretrainedStorage } from './pretrained-storage';
const TEXT = HELLO_TEXT;
const greedy = { maxNewTokens: 12, temperature: 0, topK: 0, topP: 1, seed: 1, stop: '' };

const worker = lmJobs;

const prepare: Omit<Extract<LmRequest, { type: 'prepare' }>, 'jobId'> = { type: 'prepare', corpusId: 'c1', files: [{ name: 'hello.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 };

/** A run's record from its events: every step's loss, the evaluations (without timings) and samples. */
function record(events: LmEvent[]) {
  const losses = events.flatMap((e) => (e.type === 'steps' ? e.points : []));
  const evals = events.flatMap((e) => (e.type === 'eval' ? [{ ...e.point, seconds: 0, tokensPerSec: 0 }] : []));
  const samples = events.flatMap((e) => (e.type === 'eval' ? [e.sample] : []));
  return { losses, evals, samples };
}

/** Memory storage, with what the pretrained store held when the step-`at` checkpoint was written. */
function watched(at: number) {
  const base = memoryLmStorage();
  const inner = base.pretrained as PretrainedStorage & { entries: Map<PretrainedStoredKey, StoredPretrainedEntry> };
  let snapshot: Map<PretrainedStoredKey, StoredPretrainedEntry> | undefined;
  const pretrained: PretrainedStorage = {
    get: inner.get,
    delete: inner.delete,
    async put(e) {
      await inner.put(e);
      if (e.kind === 'finetune' && e.step === at) snapshot = new Map(inner.entries);
    },
  };
  // A reloaded page: the same corpora, and the pretrained store as it was at the checkpoint.
  const reloaded = (): LmStorage => ({ ...base, pretrained: { get: inner.get, put: inner.put, delete: inner.delete } });
  return {
    storage: { ...base, pretrained } as LmStorage,
    atCheckpoint(): LmStorage {
      if (!snapshot) throw new Error(`no checkpoint at step ${at}`);
      inner.entries.clear();
      for (const [k, v] of snapshot) inner.entries.set(k, v);
      return reloaded();
    },
    reloaded,
  };
}

async function resumesLikeUninterrupted(files: Map<string, Uint8Array>, settings: FineTuneSettings) {
  const w = watched(10);
  const first = worker(w.storage);
  await first({ type: 'pretrained-inspect', files: asFiles(files) });
  await first({ type: 'pretrained-load' });
  await first(prepare);
  const whole = await first<PretrainedFineTuneResult>({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings });
  expect(whole.result).toMatchObject({ step: 20, stoppedBy: 'iterations', checkpointStep: 20 });
  expect(whole.events.filter((e) => e.type === 'checkpoint').map((e) => e.type === 'checkpoint' && e.step)).toEqual([5, 10, 15, 20]);
  const uninterrupted = record(whole.events);
  const textAfter = (await first<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy })).result.text;
  const hfAfter = unzipSync((await first<Uint8Array>({ type: 'pretrained-export', format: 'hf' })).result);

  // Reload after the finished run: the model comes back fine-tuned, with its curves.
  const done = worker(w.reloaded());
  await expect(done({ type: 'pretrained-generate', prompt: 'hello', settings: greedy })).rejects.toThrow(/No pretrained model is loaded/);
  const back = await done<PretrainedRestoreResult>({ type: 'pretrained-restore', backend: 'auto' });
  expect(back.result.card?.params).toBeGreaterThan(0);
  expect(back.result.checkpoint).toMatchObject({ step: 20, corpusId: 'c1', settings });
  expect(back.result.checkpoint!.log.losses).toEqual(uninterrupted.losses);
  expect((await done<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy })).result.text).toBe(textAfter);

  // Reload with the page closed right after the step-10 checkpoint: resume to step 20.
  const second = worker(w.atCheckpoint());
  const restored = await second<PretrainedRestoreResult>({ type: 'pretrained-restore', backend: 'auto' });
  const ck = restored.result.checkpoint!;
  expect(ck.step).toBe(10);
  expect(ck.log.losses).toEqual(uninterrupted.losses.slice(0, 10));
  expect(ck.log.samples.map((x) => x.text)).toEqual(uninterrupted.samples.slice(0, 2));
  const other = { ...settings, learningRate: 0.5, steps: 3 }; // ignored on resume: the stored run's settings apply
  const rest = await second<PretrainedFineTuneResult>({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings: other, resume: true });
  expect(rest.result).toMatchObject({ step: 20, stoppedBy: 'iterations', checkpointStep: 20 });
  const resumed = record(rest.events);
  expect(resumed.losses).toEqual(uninterrupted.losses.slice(10));
  expect(resumed.evals).toEqual(uninterrupted.evals.slice(2));
  expect(resumed.samples).toEqual(uninterrupted.samples.slice(2));
  expect((await second<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy })).result.text).toBe(textAfter);
  expect(unzipSync((await second<Uint8Array>({ type: 'pretrained-export', format: 'hf' })).result)).toEqual(hfAfter);
}

describe('pretrained model storage and resume', () => {
  it('Llama, LoRA: restored after a reload, and resumed from step 10 it ends as the uninterrupted run', async () => {
    const { config, weights } = tinyLlama({ seqLen: 64 }, 9);
    const settings: FineTuneSettings = { ...defaultFineTune('llama'), targetModules: ['q_proj', 'v_proj'], steps: 20, learningRate: 1e-2, contextLength: 16, batchSize: 4, evalEvery: 5, samplePrompt: 'hello', sampleTokens: 6 };
    await resumesLikeUninterrupted(hfLlamaFolder(config, weights), settings);
  }, 120_000);

  it('GPT-2, full fine-tuning: the same', async () => {
    const tok = trainTokenizer([TEXT], { kind: 'bpe', vocabSize: 300, lowercase: false });
    const model = createGpt({ vocabSize: tok.vocab.size, blockSize: 32, nLayer: 1, nHead: 2, nEmbd: 16, bias: true, dropout: 0.1, gelu: 'tanh' }, 3);
    const hf = await exportHf(model);
    model.dispose();
    const json = tok.toHfJson();
    if (!json.ok) throw new Error(json.error.message);
    const enc = new TextEncoder();
    const files = new Map([['config.json', enc.encode(hf['config.json'])], ['model.safetensors', hf['model.safetensors']], ['tokenizer.json', enc.encode(JSON.stringify(json.value))]]);
    const settings: FineTuneSettings = { ...defaultFineTune('gpt2'), method: 'full', steps: 20, learningRate: 3e-3, contextLength: 16, batchSize: 4, evalEvery: 5, samplePrompt: 'hello', sampleTokens: 4 };
    await resumesLikeUninterrupted(files, settings);
  }, 120_000);

  it('a full storage is told (load and each checkpoint) and the work goes on in the tab', async () => {
    const quota = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const storage = memoryLmStorage();
    const full: LmStorage = { ...storage, pretrained: { ...storage.pretrained, put: quota } };
    const job = worker(full);
    const { config, weights } = tinyLlama({ seqLen: 64 }, 9);
    await job({ type: 'pretrained-inspect', files: asFiles(hfLlamaFolder(config, weights)) });
    const loaded = await job<PretrainedLoadResult>({ type: 'pretrained-load' });
    expect(loaded.result.notStored?.name).toBe('QuotaExceededError');
    await job(prepare);
    const settings: FineTuneSettings = { ...defaultFineTune('llama'), steps: 4, contextLength: 16, batchSize: 2, evalEvery: 2, sampleTokens: 2 };
    const tuned = await job<PretrainedFineTuneResult>({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings });
    expect(tuned.result).toMatchObject({ step: 4, stoppedBy: 'iterations' });
    expect(tuned.result.checkpointStep).toBeUndefined();
    expect(tuned.result.notStored?.name).toBe('QuotaExceededError');
    expect(tuned.events.filter((e) => e.type === 'checkpoint' && e.notStored).length).toBe(2);
    await expect(job({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings, resume: true })).rejects.toThrow(/no stored fine-tune/);
    // A new page finds nothing stored.
    expect((await worker(storage)<PretrainedRestoreResult>({ type: 'pretrained-restore', backend: 'auto' })).result).toEqual({});
  }, 60_000);
});

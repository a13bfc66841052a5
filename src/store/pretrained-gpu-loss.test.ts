/**
 * A GPU lost while a pretrained model fine-tunes (issue 13): the LM worker's fine-tune job ends at
 * once with gpu-loss.ts's problem (pretrained-finetune.ts races it), the page replaces that worker
 * (lm-client.ts `retireOn`), the fresh one reads the stored model and checkpoint back on
 * WebAssembly, and the run goes on from that checkpoint, or from its start before the first one.
 */
import { describe, expect, it } from 'vitest';
import type { LmEvent } from '../worker/lm-protocol';
import { hfLlamaFolder } from '../core/lm/pretrained-test-files';
import { tinyLlama } from '../core/lm/llama-test-model';
import { asFiles, HELLO_TEXT } from '../worker/lm-test-jobs';
import { gpuLosingLmStudio } from './test-faults';

async function fineTuneUntilLost(loseWhen: (e: LmEvent) => boolean, evalEvery: number) {
  const { s, made } = gpuLosingLmStudio(loseWhen, HELLO_TEXT);
  await s.actions.restore();
  await s.actions.lmUseSample({ file: 'hello.txt', name: 'Hello' });
  const { config, weights } = tinyLlama({ seqLen: 64 }, 9);
  await s.actions.pretrainedInspect(asFiles(hfLlamaFolder(config, weights)));
  await s.actions.pretrainedLoad();
  s.actions.lmSetBackend('webgl');
  s.actions.pretrainedTuneSet({ method: 'lora', steps: 20, learningRate: 1e-2, contextLength: 16, batchSize: 2, evalEvery, samplePrompt: 'hello', sampleTokens: 4 });
  await s.actions.pretrainedTuneStart();
  // The fallback's run is started by the first one's end: wait for it to end too.
  for (let i = 0; i < 400 && (s.store.getState().lm?.pretrainedTune?.live || !s.store.getState().lm?.pretrainedTune?.outcome); i++) await new Promise((r) => setTimeout(r, 25));
  return { t: s.store.getState().lm!.pretrainedTune!, made, backend: s.store.getState().doc.lm!.backend };
}

const after = (step: number) => (e: LmEvent) => e.type === 'steps' && e.points.some(([s]) => s >= step);
/** The first step a worker reported training. */
const firstStep = (events: LmEvent[]) => events.flatMap((e) => (e.type === 'steps' ? e.points.map(([step]) => step) : []))[0];

describe('a GPU lost while a pretrained model fine-tunes', () => {
  it('goes on on WebAssembly from the last checkpoint, on a fresh worker', async () => {
    const { t, made, backend } = await fineTuneUntilLost(after(7), 5);
    expect(t.problem).toBeUndefined();
    expect(t.notice).toMatch(/^The WebGL context was lost after step \d+; fine-tuning continued on WebAssembly from the last checkpoint \(step 5\)\.$/);
    expect(t.outcome).toMatchObject({ step: 20, stoppedBy: 'iterations' });
    expect(t.backend).toBe('wasm');
    expect(made.map((w) => [w.backend, w.terminated])).toEqual([['webgl', true], ['wasm', false]]);
    // The fresh worker's first step is the one after the checkpoint, and the curve has each step once.
    expect(firstStep(made[1]!.events)).toBe(6);
    expect(t.losses.map(([step]) => step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(backend).toBe('webgl'); // "Run on" stays as the user chose it
  });

  it('starts again on WebAssembly when no checkpoint was saved yet', async () => {
    const { t, made } = await fineTuneUntilLost(after(2), 50);
    expect(t.notice).toMatch(/^The WebGL context was lost after step \d+, before any checkpoint was saved; fine-tuning started again on WebAssembly\.$/);
    expect(t.outcome).toMatchObject({ step: 20 });
    expect(firstStep(made[1]!.events)).toBe(1);
    expect(made.length).toBe(2);
  });
});

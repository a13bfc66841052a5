/** * A GPU lost under a language-model run (issue 13): the LM worker's train job ends at once with
 * gpu-loss.ts's problem (lm-train.ts races it), the page replaces that worker (lm-client.ts
 * `retireOn`) and the run goes on by itself on WebAssembly, from its last checkpoint or from its
 * start. The "GPU" here is TensorFlow.js's CPU backend under the name webgl, and its loss a promise
 * the test resolves mid-run, as `whenGpuLost` does on a real `webglcontextlost`.
 */
import { describe, expect, it } from 'vitest';
import type { LmEvent } from '../worker/lm-protocol';
import { gpuLosingLmStudio } from './test-faults';

const TEXT = Array.from({ length: 300 }, (_, i) => `the whale ${i % 5 === 0 ? 'dove' : 'swam'} away. `).join('');


async function trainUntilLost(loseWhen: (e: LmEvent) => boolean, checkpointEvery: number) {
  const { s, made } = gpuLosingLmStudio(loseWhen, TEXT);
  await s.actions.restore();
  await s.actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' });
  s.actions.lmSetBackend('webgl');
  s.actions.lmSetModel({ nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 });
  s.actions.lmSetSettings({ maxIters: 40, batchSize: 4, evalEvery: 10, checkpointEvery, evalWindows: 4, sampleTokens: 8 });
  await s.actions.lmStartTraining();
  return { lm: s.store.getState().doc.lm!, made };
}

const after = (step: number) => (e: LmEvent) => e.type === 'steps' && e.points.some(([s]) => s >= step);

describe('a GPU lost while a language model trains', () => {
  it('goes on on WebAssembly from the last checkpoint, on a fresh worker', async () => {
    const { lm, made } = await trainUntilLost(after(14), 10);
    const run = lm.run!;
    expect(run.status).toBe('done');
    expect(run.step).toBe(40);
    expect(run.backend).toBe('wasm');
    expect(run.problem).toMatch(/^The WebGL context was lost after step \d+; training continued on WebAssembly from the last checkpoint \(step 10\)\.$/);
    expect(made.map((w) => [w.backend, w.terminated])).toEqual([['webgl', true], ['wasm', false]]);
    expect(run.losses.every(([step], i, all) => i === 0 || step > all[i - 1]![0])).toBe(true);
    expect(lm.backend).toBe('webgl'); // "Run on" stays as the user chose it
  });

  it('starts again on WebAssembly when no checkpoint was saved yet', async () => {
    const { lm, made } = await trainUntilLost(after(3), 1000);
    const run = lm.run!;
    expect(run.status).toBe('done');
    expect(run.step).toBe(40);
    expect(run.backend).toBe('wasm');
    expect(run.problem).toMatch(/^The WebGL context was lost after step \d+, before any checkpoint was saved; training started again on WebAssembly\.$/);
    expect(run.losses[0]![0]).toBe(1);
    expect(run.losses.every(([step], i, all) => i === 0 || step > all[i - 1]![0])).toBe(true);
    expect(made.length).toBe(2);
  });
});

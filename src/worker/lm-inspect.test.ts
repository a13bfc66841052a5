import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createLmHandler } from './lm-handler';
import { memoryLmStorage } from './lm-ports';
import type { LmEvent, LmRequest, LmTrainSettings } from './lm-protocol';
import type { EmbeddingView, LmInspectResult } from '../core/jobs/inspect';

const device = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };
const cpu = {
  start: async () => {
    await tf.setBackend('cpu');
    return { name: 'cpu' as const, reason: 'test', device };
  },
};
const TEXT = Array.from({ length: 300 }, (_, i) => `the whale ${i % 5 === 0 ? 'dove' : 'swam'} away. `).join('');
const settings: LmTrainSettings = {
  batchSize: 8, gradAccumSteps: 1, maxIters: 80, learningRate: 1e-2, minLr: 1e-3, warmupIters: 2, lrDecayIters: 80,
  beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1, seed: 3, evalEvery: 80, evalWindows: 4, checkpointEvery: 80,
  samplePrompt: 'the ', sampleTokens: 4, sampleSeed: 1,
};

describe('LM inspect and embedding jobs', () => {
  it('answer attention maps, top-20 next tokens, the logit lens and the token embeddings of a trained run', async () => {
    const events: LmEvent[] = [];
    const handle = createLmHandler(cpu, memoryLmStorage(), (e) => events.push(e));
    let n = 0;
    const job = async <T,>(req: Record<string, unknown>): Promise<T> => {
      const jobId = `j${n++}`;
      await handle({ ...req, jobId } as LmRequest);
      const end = events.filter((e) => e.jobId === jobId).at(-1)!;
      if (end.type === 'failed') throw new Error(end.problem.message);
      if (end.type !== 'done') throw new Error('no end');
      return end.result as T;
    };
    const summary = await job<{ vocabSize: number }>({ type: 'prepare', corpusId: 'c1', files: [{ name: 'w.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 });
    const config = { vocabSize: summary.vocabSize, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'exact' as const };
    await job({ type: 'train', runId: 'r1', corpusId: 'c1', backend: 'cpu', config, settings, start: { kind: 'fresh' } });

    const text = 'the whale swam away. the whale dove away. the whale swam';
    const r = await job<LmInspectResult>({ type: 'inspect', runId: 'r1', backend: 'cpu', text });
    expect(r.dropped).toBe(text.length - 32); // char tokens, the last blockSize kept
    const T = r.ids.length;
    expect(T).toBe(32);
    expect(r.nLayer).toBe(2);
    expect(r.nHead).toBe(2);
    expect(r.attention.length).toBe(2 * 2 * T * T);
    for (let row = 0; row < 4 * T; row++) {
      let s = 0;
      for (let k = 0; k < T; k++) s += r.attention[row * T + k]!;
      expect(Math.abs(s - 1)).toBeLessThan(1e-5);
    }
    expect(r.next).toHaveLength(T);
    expect(r.next[0]).toHaveLength(Math.min(20, summary.vocabSize));
    expect(r.lens).toHaveLength(3);
    // The last lens is the output: same best token as the next-token list at every position.
    r.lens[2]!.forEach((top, t) => expect(top[0]!.id).toBe(r.next[t]![0]!.id));
    const labels = new Map(r.labels);
    expect(r.ids.map((id) => labels.get(id)).join('')).toBe(text.slice(-32));
    // Trained on this text: after "the whale swa" the model expects "m".
    const at = text.slice(-32).lastIndexOf('swa') + 2;
    expect(labels.get(r.next[at]![0]!.id)).toBe('m');

    const e = await job<EmbeddingView>({ type: 'lm-embeddings', runId: 'r1', backend: 'cpu' });
    expect(e.points).toHaveLength(summary.vocabSize);
    const space = e.points.find((p) => p.text === ' ')!;
    const a = e.points.find((p) => p.text === 'a')!;
    expect(space.value).toBe([...TEXT].filter((c) => c === ' ').length);
    expect(a.value).toBe([...TEXT].filter((c) => c === 'a').length);
    expect(space.group).toBe('top 10 %');
    expect(e.explained[0]).toBeGreaterThan(e.explained[1]);
    expect(e.explained[0] + e.explained[1]).toBeLessThanOrEqual(1 + 1e-9);

    await expect(job({ type: 'inspect', runId: 'r1', backend: 'cpu', text: '' })).rejects.toThrow(/Type some text/);
  }, 240_000);
});

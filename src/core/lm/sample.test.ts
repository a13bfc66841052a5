import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { evaluate, evaluateBatches, batchAt } from './data';
import { createGpt } from './gpt';
import type { GptConfig } from './gpt-config';
import { KvCache } from './kv-cache';
import { generate, sampleFromLogits } from './sample';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: GptConfig = { vocabSize: 13, blockSize: 10, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, dropout: 0 };

describe('sampleFromLogits', () => {
  const logits = [0, 2, 1, 3, -1];
  it('is greedy at temperature 0, with top-k 1 and with a tiny top-p', () => {
    const rng = createRng(1);
    expect(sampleFromLogits(logits, { temperature: 0 }, rng)).toBe(3);
    for (let i = 0; i < 20; i++) expect(sampleFromLogits(logits, { topK: 1 }, rng)).toBe(3);
    for (let i = 0; i < 20; i++) expect(sampleFromLogits(logits, { topP: 0.01 }, rng)).toBe(3);
  });
  it('keeps only the top k, draws in proportion to softmax(logits / temperature), and is seeded', () => {
    const draw = (opts: Parameters<typeof sampleFromLogits>[1], n: number, seed: number) => {
      const rng = createRng(seed);
      const counts = new Array<number>(5).fill(0);
      for (let i = 0; i < n; i++) counts[sampleFromLogits(logits, opts, rng)]!++;
      return counts;
    };
    const k2 = draw({ topK: 2 }, 2000, 3);
    expect(k2[0]! + k2[2]! + k2[4]!).toBe(0);
    expect(k2[3]! / 2000).toBeCloseTo(Math.E / (Math.E + 1), 1); // e^3 / (e^3 + e^2)
    const t2 = draw({ temperature: 2 }, 4000, 4);
    const p = logits.map((l) => Math.exp(l / 2));
    const z = p.reduce((a, b) => a + b);
    t2.forEach((c, i) => expect(c / 4000).toBeCloseTo(p[i]! / z, 1));
    expect(draw({ topP: 0.9 }, 300, 7)).toEqual(draw({ topP: 0.9 }, 300, 7));
    expect(draw({ topP: 0.9 }, 300, 7)[4]).toBe(0); // 0.9 is reached before the least likely token
  });
});

describe('generation with a key/value cache', () => {
  it('incremental decoding gives the same logits as the full forward pass', () => {
    const m = createGpt(tiny, 3);
    const ids = [1, 5, 2, 8, 3, 3, 0, 12, 7];
    const full = m.forward(tf.tensor2d([ids], undefined, 'int32'));
    const cache = new KvCache(tiny.nLayer);
    const parts = [ids.slice(0, 4), ...ids.slice(4).map((i) => [i])]; // a prompt, then one token at a time
    const stepLogits: number[] = [];
    for (const part of parts) {
      const l = m.forward(tf.tensor2d([part], undefined, 'int32'), { cache });
      stepLogits.push(...l.dataSync());
      l.dispose();
    }
    expect(cache.length).toBe(ids.length);
    const expected = full.dataSync();
    expect(stepLogits.length).toBe(expected.length);
    stepLogits.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    cache.dispose();
    full.dispose();
    m.dispose();
  });

  it('streams tokens, equals uncached generation (also past the context), stops on a token or an abort, and leaks nothing', async () => {
    const m = createGpt(tiny, 4);
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const cached = await generate(m, [1, 2, 3], { maxNewTokens: 15, seed: 9, temperature: 0.8 }, (id, i) => seen.push(id + 100 * i));
    expect(cached.length).toBe(15);
    expect(seen).toEqual(cached.map((id, i) => id + 100 * i));
    const uncached = await generate(m, [1, 2, 3], { maxNewTokens: 15, seed: 9, temperature: 0.8, useCache: false });
    expect(uncached).toEqual(cached);
    const stop = cached[4]!;
    const stopped = await generate(m, [1, 2, 3], { maxNewTokens: 15, seed: 9, temperature: 0.8, stopToken: stop });
    expect(stopped[stopped.length - 1]).toBe(stop);
    expect(stopped.length).toBe(cached.indexOf(stop) + 1);
    const ac = new AbortController();
    const aborted = await generate(m, [1], { maxNewTokens: 50, seed: 1, signal: ac.signal }, (_, i) => {
      if (i === 2) ac.abort();
    });
    expect(aborted.length).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

describe('evaluation', () => {
  it('reports loss, perplexity = e^loss and bits per character = loss / ln 2, over non-overlapping windows', async () => {
    const m = createGpt(tiny, 5);
    const data = Uint8Array.from({ length: 45 }, (_, i) => (i * 7) % 13);
    const r = await evaluate(m, data, { batchSize: 3 });
    expect(r.tokens).toBe(40); // 4 windows of 10
    const { x, y } = batchAt(data, [0, 10, 20, 30], 10);
    const manual = m.loss(x, y);
    expect(r.loss).toBeCloseTo(manual.dataSync()[0]!, 5);
    expect(r.perplexity).toBeCloseTo(Math.exp(r.loss), 6);
    expect(r.bitsPerChar).toBeCloseTo(r.loss / Math.LN2, 6);
    const viaBatches = await evaluateBatches(m, [{ x, y }], 2);
    expect(viaBatches.bitsPerChar).toBeCloseTo(r.loss / Math.LN2 / 2, 5);
    tf.dispose([x, y, manual]);
    m.dispose();
  });
});

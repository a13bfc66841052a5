import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeInternals, lmInternals } from './inspect';
import { inspectionReport } from './inspect-report';
import { createLlama } from './llama';
import { tinyLlama } from './llama-test-model';
import { readLlama2c } from './llama2c';

const fixture = fileURLToPath(new URL('../../../../shared/fixtures/models/llama2c-stories260K/stories260K.bin', import.meta.url));

describe('Llama internals (Transformer visualiser)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  // Untied head and GQA (4 query heads over 2 kv heads), 3 layers.
  const { config, weights } = tinyLlama({ nLayers: 3, tiedEmbeddings: false }, 5);
  const ids = [1, 17, 250, 3, 99, 42, 42, 7, 120, 5, 64, 200];
  const T = ids.length;

  it('attention rows sum to 1 with zeros above the diagonal; shapes per layer', () => {
    const model = createLlama(config, weights);
    const x = lmInternals(model, ids);
    expect(x.attention).toHaveLength(3);
    expect(x.residuals).toHaveLength(4);
    expect(x.lens).toHaveLength(4);
    expect(x.residuals[0]!.shape).toEqual([T, config.dim]);
    expect(x.lens[0]!.shape).toEqual([T, config.vocabSize]);
    let offDiagonal = 0;
    for (const a of x.attention) {
      expect(a.shape).toEqual([4, T, T]);
      const v = a.dataSync();
      for (let r = 0; r < 4 * T; r++) {
        const q = r % T;
        let s = 0;
        for (let k = 0; k < T; k++) {
          s += v[r * T + k]!;
          if (k > q) expect(v[r * T + k]).toBe(0);
          else if (k < q) offDiagonal = Math.max(offDiagonal, v[r * T + k]!);
        }
        expect(s).toBeCloseTo(1, 5);
      }
    }
    // Not trivially diagonal: earlier positions get attention.
    expect(offDiagonal).toBeGreaterThan(0.05);
    // The embeddings row is the embedding table's row for the token.
    const e0 = x.residuals[0]!.dataSync();
    const emb = weights.get('model.embed_tokens.weight')!;
    expect(Array.from(e0.subarray(2 * config.dim, 3 * config.dim))).toEqual(Array.from(emb.subarray(250 * config.dim, 251 * config.dim)));
    disposeInternals(x);
  });

  it("the last layer's lens equals the model's logits (the cached step) within 1e-5", () => {
    const model = createLlama(config, weights);
    const x = lmInternals(model, ids);
    const lens = x.lens[3]!.dataSync();
    const real = createLlama(config, weights).forwardAll(ids);
    let maxDiff = 0;
    let scale = 0;
    real.forEach((row, t) => row.forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - lens[t * config.vocabSize + i]!));
      scale = Math.max(scale, Math.abs(v));
    }));
    expect(scale).toBeGreaterThan(0.5);
    expect(maxDiff).toBeLessThan(1e-5);
    // Earlier lenses differ from the output (the layers do something).
    const l1 = x.lens[1]!.dataSync();
    let d1 = 0;
    for (let i = 0; i < l1.length; i++) d1 = Math.max(d1, Math.abs(l1[i]! - lens[i]!));
    expect(d1).toBeGreaterThan(0.1);
    disposeInternals(x);
  });

  it('grouped-query heads: query heads sharing a kv head differ, MHA (nKv = nHeads) also works', async () => {
    const mha = tinyLlama({ nKvHeads: 4 }, 9);
    const x = lmInternals(createLlama(mha.config, mha.weights), ids.slice(0, 6));
    const report = await inspectionReport(ids.slice(0, 6), x);
    expect(report.nLayer).toBe(2);
    expect(report.nHead).toBe(4);
    expect(report.next).toHaveLength(6);
    expect(report.next[0]).toHaveLength(20);
    const real = createLlama(mha.config, mha.weights).forwardAll(ids.slice(0, 6));
    let best = 0;
    real[5]!.forEach((v, i) => { if (v > real[5]![best]!) best = i; });
    expect(report.next[5]![0]!.id).toBe(best);
    disposeInternals(x);
    const g = lmInternals(createLlama(config, weights), ids);
    const a = g.attention[0]!.dataSync();
    let d = 0; // heads 0 and 1 share kv head 0 but have their own queries
    for (let i = 0; i < T * T; i++) d = Math.max(d, Math.abs(a[i]! - a[T * T + i]!));
    expect(d).toBeGreaterThan(1e-3);
    disposeInternals(g);
  });

  it('rejects an empty or too long input', () => {
    const model = createLlama(config, weights);
    expect(() => model.internals([])).toThrow(/1 to 32 tokens/);
    expect(() => model.internals(Array.from({ length: 33 }, () => 1))).toThrow(/1 to 32 tokens/);
  });

  // The greedy story's first tokens (llama-golden.test.ts): BOS, "Once upon a time,".
  it.skipIf(!existsSync(fixture))('stories260K (8 query heads over 4 kv heads): the output lens is its logits and predicts the greedy story', async () => {
    const file = readLlama2c(readFileSync(fixture));
    const story = [1, 403, 407, 261, 378, 432, 383];
    const model = createLlama(file.config, file.weights);
    const x = model.internals(story.slice(0, 6));
    expect(x.attention[0]!.shape).toEqual([8, 6, 6]);
    const real = createLlama(file.config, file.weights).forwardAll(story.slice(0, 6));
    const lens = x.lens[5]!.dataSync();
    let maxDiff = 0;
    real.forEach((row, t) => row.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - lens[t * 512 + i]!)))));
    expect(maxDiff).toBeLessThan(1e-5);
    const report = await inspectionReport(story.slice(0, 6), x);
    expect(report.next.map((top) => top[0]!.id)).toEqual(story.slice(1));
    disposeInternals(x);
  });
});

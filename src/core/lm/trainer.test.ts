import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { sampleBatch } from './data';
import { createGpt } from './gpt';
import type { GptConfig } from './gpt-config';
import { createTrainer, lrAt, type TrainConfig } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: GptConfig = { vocabSize: 7, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, bias: true, dropout: 0 };
const tc: TrainConfig = { learningRate: 1e-2, minLr: 1e-3, warmupIters: 2, lrDecayIters: 20, beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1 };
const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 3 + (i % 5)) % 7);

describe('learning-rate schedule (torch_gpt.py lr_at)', () => {
  it('warms up linearly, follows the cosine and stays at minLr', () => {
    const c = { learningRate: 1e-3, minLr: 1e-4, warmupIters: 100, lrDecayIters: 2000 };
    expect(lrAt(0, c)).toBeCloseTo(1e-3 / 101, 12);
    expect(lrAt(99, c)).toBeCloseTo(1e-3 * 100 / 101, 12);
    expect(lrAt(100, c)).toBeCloseTo(1e-3, 12);
    expect(lrAt(1050, c)).toBeCloseTo(1e-4 + 0.5 * 0.9e-3, 12);
    expect(lrAt(2000, c)).toBeCloseTo(1e-4, 12);
    expect(lrAt(5000, c)).toBeCloseTo(1e-4, 12);
    expect(lrAt(500, { ...c, decayLr: false })).toBe(1e-3);
  });
});

describe('trainer', () => {
  it('gradient accumulation over 2 micro-batches takes the same step as the whole batch', async () => {
    const run = async (gradAccumSteps: number) => {
      const m = createGpt(tiny, 3);
      const t = createTrainer(m, { ...tc, gradAccumSteps });
      const rng = createRng(9);
      const losses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { x, y } = sampleBatch(data, 8, 4, rng);
        losses.push(await t.stepAsync(x, y));
        tf.dispose([x, y]);
      }
      const w = Array.from(m.params.get('h.0.mlp.c_fc.weight')!.dataSync());
      t.dispose();
      m.dispose();
      return { losses, w };
    };
    const one = await run(1);
    const two = await run(2);
    two.losses.forEach((l, i) => expect(l).toBeCloseTo(one.losses[i]!, 5));
    two.w.forEach((v, i) => expect(v).toBeCloseTo(one.w[i]!, 5));
  });

  it('decays only rank-2 weights (embeddings too by default, not with decayEmbeddings: false), never biases or LayerNorm', () => {
    const changed = (decayEmbeddings: boolean) => {
      const m = createGpt(tiny, 4);
      const before = new Map([...m.params].map(([k, v]) => [k, Array.from(v.dataSync())]));
      // Zero learning-rate Adam part is impossible (lr scales both); use zero gradients instead:
      // targets the model cannot affect do not exist, so compare one step at lr with wd=0 vs wd=0.5.
      const t0 = createTrainer(m, { ...tc, weightDecay: 0, decayEmbeddings });
      const m2 = createGpt(tiny, 4);
      const t1 = createTrainer(m2, { ...tc, weightDecay: 0.5, decayEmbeddings });
      const x = tf.tensor2d([[1, 2, 3, 4]], undefined, 'int32');
      const y = tf.tensor2d([[2, 3, 4, 5]], undefined, 'int32');
      t0.step(x, y).dispose();
      t1.step(x, y).dispose();
      const lr = lrAt(0, tc);
      const decayed = new Set<string>();
      for (const [k, v] of m.params) {
        const a = v.dataSync();
        const b = m2.params.get(k)!.dataSync();
        const w0 = before.get(k)!;
        // With decay, b = a − lr·wd·w0 exactly (decay applies to the pre-step weights).
        const isDecayed = w0.some((w, i) => Math.abs(b[i]! - (a[i]! - lr * 0.5 * w)) < 1e-7 && Math.abs(w) > 1e-3);
        if (isDecayed) decayed.add(k);
        else expect(Array.from(b)).toEqual(Array.from(a));
      }
      tf.dispose([x, y]);
      [t0, t1].forEach((t) => t.dispose());
      [m, m2].forEach((mm) => mm.dispose());
      return decayed;
    };
    expect([...changed(true)].sort()).toEqual(['h.0.attn.c_attn.weight', 'h.0.attn.c_proj.weight', 'h.0.mlp.c_fc.weight', 'h.0.mlp.c_proj.weight', 'wpe.weight', 'wte.weight']);
    expect([...changed(false)].sort()).toEqual(['h.0.attn.c_attn.weight', 'h.0.attn.c_proj.weight', 'h.0.mlp.c_fc.weight', 'h.0.mlp.c_proj.weight']);
  });

  it('learns: the loss on a repeating sequence falls, clipping reports the pre-clip norm, and no tensors leak', async () => {
    const m = createGpt(tiny, 5);
    const t = createTrainer(m, { ...tc, learningRate: 3e-2, lrDecayIters: 40 });
    const rng = createRng(2);
    let before = 0;
    let first = 0;
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const { x, y } = sampleBatch(data, 8, 4, rng);
      last = await t.stepAsync(x, y);
      tf.dispose([x, y]);
      if (i === 0) [first, before] = [last, tf.memory().numTensors]; // after step 1 the trainer holds its grad norm
    }
    expect(first).toBeGreaterThan(1.5);
    expect(last).toBeLessThan(0.7 * first);
    expect((await t.lastGradNorm())!).toBeGreaterThan(0);
    expect(t.stepCount).toBe(40);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    m.dispose();
  });
});

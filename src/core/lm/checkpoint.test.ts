import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { sampleBatch } from './data';
import { createGpt, type GptModel } from './gpt';
import type { GptConfig } from './gpt-config';
import { createTrainer, type GptTrainer, type TrainConfig } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Dropout on, so the model's rng state must be restored too.
const tiny: GptConfig = { vocabSize: 9, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, bias: true, dropout: 0.1 };
const tc: TrainConfig = { learningRate: 1e-2, minLr: 1e-3, warmupIters: 2, lrDecayIters: 10, beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1 };
const data = Uint8Array.from({ length: 200 }, (_, i) => (i * 5 + (i % 3)) % 9);

async function steps(_model: GptModel, trainer: GptTrainer, rng: ReturnType<typeof createRng>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const { x, y } = sampleBatch(data, 8, 3, rng);
    out.push(await trainer.stepAsync(x, y));
    tf.dispose([x, y]);
  }
  return out;
}

describe('checkpoints', () => {
  it('round-trip weights, Adam moments, step and rng states through bytes', async () => {
    const m = createGpt(tiny, 11);
    const t = createTrainer(m, tc);
    const rng = createRng(5);
    await steps(m, t, rng, 2);
    const bytes = await saveCheckpoint(m, t, { rngStates: { data: rng.state() } });
    const back = loadCheckpoint(bytes);
    expect(back.model.config).toEqual(m.config);
    expect(back.trainer!.stepCount).toBe(2);
    expect(back.trainer!.config).toEqual(tc);
    expect(back.rngStates).toEqual({ data: rng.state() });
    expect(back.model.rngState()).toBe(m.rngState());
    for (const [k, v] of m.params) expect(Array.from(back.model.params.get(k)!.dataSync())).toEqual(Array.from(v.dataSync()));
    const [a, b] = [await t.getState(), await back.trainer!.getState()];
    for (const [k, v] of a.expAvgSq) expect(Array.from(b.expAvgSq.get(k)!)).toEqual(Array.from(v));
    for (const [k, v] of a.expAvg) expect(Array.from(b.expAvg.get(k)!)).toEqual(Array.from(v));
    [t, back.trainer!].forEach((x) => x.dispose());
    [m, back.model].forEach((x) => x.dispose());
  });

  it('a run continued from a checkpoint gives the same losses as the uninterrupted run', async () => {
    const m = createGpt(tiny, 12);
    const t = createTrainer(m, tc);
    const uninterrupted = await steps(m, t, createRng(6), 6);
    t.dispose();
    m.dispose();

    const m1 = createGpt(tiny, 12);
    const t1 = createTrainer(m1, tc);
    const rng1 = createRng(6);
    const firstHalf = await steps(m1, t1, rng1, 3);
    const bytes = await saveCheckpoint(m1, t1, { rngStates: { data: rng1.state() } });
    t1.dispose();
    m1.dispose();
    const { model, trainer, rngStates } = loadCheckpoint(bytes);
    const secondHalf = await steps(model, trainer!, createRng(0, rngStates.data), 3);
    expect([...firstHalf, ...secondHalf]).toEqual(uninterrupted);
    trainer!.dispose();
    model.dispose();
  });

  it('refuses bytes that are not a checkpoint', async () => {
    const m = createGpt({ ...tiny, dropout: 0 }, 1);
    const bytes = await saveCheckpoint(m, null);
    const onlyModel = loadCheckpoint(bytes);
    expect(onlyModel.trainer).toBeNull();
    onlyModel.model.dispose();
    m.dispose();
    expect(() => loadCheckpoint(new Uint8Array(16))).toThrow();
  });
});

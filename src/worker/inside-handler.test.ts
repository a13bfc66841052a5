import { describe, expect, it } from 'vitest';
import { createInProcessTrainClient } from './in-process-client';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { createRng } from '../core/util/rng';
import type { InsideGroup, TrainData } from '../core/jobs';

/** Class = x0 > 0; x1 is noise: a neural model must lean on x0 only. */
function rows(n: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    x[2 * i] = (c ? 1.5 : -1.5) + (rng.next() - 0.5);
    x[2 * i + 1] = rng.next() * 4 - 2;
    y[i] = c;
  }
  return { x, y, n };
}
const data = (): TrainData => ({ features: 2, classes: 2, labels: ['neg', 'pos'], task: 'classification', train: rows(200, 1), validation: rows(40, 2), test: rows(60, 3) });
const groups: InsideGroup[] = [
  { name: 'signal', start: 0, width: 1, hold: 'median', axis: { center: 0, scale: 1 } },
  { name: 'noise', start: 1, width: 1, hold: 'median', axis: { center: 0, scale: 1 } },
];

describe('inside job through the training worker handler (a neural model, tfjs cpu)', () => {
  it('a trained logistic regression: shuffling the signal column costs accuracy, the noise column nothing; the boundary splits at x0 = 0', async () => {
    const client = createInProcessTrainClient();
    const trained = await client.train({ type: 'train', backend: 'cpu', family: 'logistic-regression', params: {}, hp: { ...DEFAULT_HYPERPARAMS, epochs: 30, learningRate: 0.1 }, data: data() }, {}).result;
    if (!trained.ok) throw new Error(trained.error.message);
    const model = trained.value.model;
    const progress: number[] = [];
    const imp = await client.inside({ type: 'inside', family: 'logistic-regression', model, task: 'classification', classes: 2, groups, job: { kind: 'importance', repeats: 5, seed: 0 }, data: data() }, (d, t) => progress.push(d / t));
    if (!imp.ok || imp.value.kind !== 'importance') throw new Error('importance failed');
    const [signal, noise] = imp.value.result.features;
    expect(imp.value.result.baseline).toBeGreaterThan(0.95);
    expect(signal!.mean).toBeGreaterThan(0.3);
    expect(Math.abs(noise!.mean)).toBeLessThan(0.05);
    expect(progress.at(-1)).toBe(1);
    const b = await client.inside({ type: 'inside', family: 'logistic-regression', model, task: 'classification', classes: 2, groups, job: { kind: 'boundary', a: 0, b: 1, steps: 10 }, data: data() }, () => {});
    if (!b.ok || b.value.kind !== 'boundary') throw new Error('boundary failed');
    // Cells left of x0 = 0 are "neg", right of it "pos" (whatever x1).
    const cls = b.value.cells.cls!;
    for (let j = 0; j < 10; j++) {
      expect(cls[j * 10]).toBe(0);
      expect(cls[j * 10 + 9]).toBe(1);
    }
  });
});

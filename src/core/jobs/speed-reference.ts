/**
 * A short speed test of this device: the reference MLP (20 → 64 → 32 → 3, batch 32) trained on a
 * seeded synthetic dataset. The same data and model are what `npm run bench -- tabular` times,
 * so the Model step's estimates and the benchmark speak of the same thing.
 */
import { createRng } from '../util/rng';
import type { TrainData } from './training';

export const REFERENCE_MLP = { family: 'mlp', params: { hiddenLayers: [64, 32], activation: 'relu', dropout: 0, l2: 0 } } as const;

/** n rows × 20 features, 3 classes from a seeded random linear rule. */
export function referenceData(n: number): TrainData {
  const f = 20;
  const rng = createRng(7);
  const w = Array.from({ length: 3 * f }, () => rng.next() * 2 - 1);
  const part = (rows: number) => {
    const x = new Float32Array(rows * f);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      const s = [0, 0, 0];
      for (let j = 0; j < f; j++) {
        const v = rng.next() * 2 - 1;
        x[i * f + j] = v;
        for (let k = 0; k < 3; k++) s[k]! += v * w[k * f + j]!;
      }
      y[i] = s.indexOf(Math.max(...s));
    }
    return { x, y, n: rows };
  };
  return { features: f, classes: 3, labels: ['a', 'b', 'c'], task: 'classification', train: part(n), validation: part(256), test: part(256) };
}

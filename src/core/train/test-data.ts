/** Tiny seeded datasets for the training tests. */
import { createRng } from '../util/rng';
import type { NeuralData } from './types';

function gauss(rng: { next(): number }): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function split(x: Float32Array, y: Float32Array, f: number, nVal: number, task: NeuralData['task'], classes: number): NeuralData {
  const n = y.length - nVal;
  return { xTrain: x.slice(0, n * f), yTrain: y.slice(0, n), xVal: x.slice(n * f), yVal: y.slice(n), features: f, task, classes };
}

/** Two Gaussian blobs around (−2, −2) and (2, 2): linearly separable. */
export function blobs(n: number, seed: number, nVal = Math.floor(n / 4)): NeuralData {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    y[i] = c;
    x[i * 2] = (c ? 2 : -2) + 0.7 * gauss(rng);
    x[i * 2 + 1] = (c ? 2 : -2) + 0.7 * gauss(rng);
  }
  return split(x, y, 2, nVal, 'classification', 2);
}

/** XOR: class 1 when x and y have different signs; not linearly separable. */
export function xor(n: number, seed: number, nVal = Math.floor(n / 4)): NeuralData {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.next() * 2 - 1;
    const b = rng.next() * 2 - 1;
    x[i * 2] = a;
    x[i * 2 + 1] = b;
    y[i] = a * b < 0 ? 1 : 0;
  }
  return split(x, y, 2, nVal, 'classification', 2);
}

/** y = 2x + 1 + small noise, x in [−1, 1]. */
export function line(n: number, seed: number, noise = 0.05, nVal = Math.floor(n / 4)): NeuralData {
  const rng = createRng(seed);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.next() * 2 - 1;
    y[i] = 2 * x[i]! + 1 + noise * gauss(rng);
  }
  return split(x, y, 1, nVal, 'regression', 1);
}

/**
 * Known test functions of global optimisation (Surjanovic & Bingham's library), for the tests
 * and the bench: the strategies must find their minima.
 */
import type { Point, SearchSpace } from './space';
import type { Strategy } from './strategies';

/** Branin–Hoo on x ∈ [−5, 10], y ∈ [0, 15]; global minimum 0.397887 at three points. */
export function branin(x: number, y: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
}

export const BRANIN_SPACE: SearchSpace = [
  { kind: 'float', key: 'x', low: -5, high: 10, log: false },
  { kind: 'float', key: 'y', low: 0, high: 15, log: false },
];

const H_A = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const H_P = [
  [0.3689, 0.117, 0.2673],
  [0.4699, 0.4387, 0.747],
  [0.1091, 0.8732, 0.5547],
  [0.03815, 0.5743, 0.8828],
];
const H_ALPHA = [1, 1.2, 3, 3.2];

/** Hartmann 3-D on [0, 1]³; global minimum −3.86278 at (0.114614, 0.555649, 0.852547). */
export function hartmann3(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 3; j++) e += H_A[i]![j]! * (x[j]! - H_P[i]![j]!) ** 2;
    s += H_ALPHA[i]! * Math.exp(-e);
  }
  return -s;
}

export const HARTMANN3_SPACE: SearchSpace = ['x1', 'x2', 'x3'].map((key) => ({ kind: 'float' as const, key, low: 0, high: 1, log: false }));

/** Trials a strategy needs until f ≤ target (cap + 1 when it never gets there). */
export function trialsToTarget(strategy: Strategy, f: (p: Point) => number, target: number, cap: number): number {
  const obs: { point: Point; score: number }[] = [];
  for (let i = 1; i <= cap; i++) {
    const p = strategy.suggest(obs);
    if (!p) return cap + 1;
    const v = f(p);
    if (v <= target) return i;
    obs.push({ point: p, score: -v });
  }
  return cap + 1;
}

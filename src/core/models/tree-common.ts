import { Matrix } from 'ml-matrix';
import type { TaskKind } from '../data/schema';

/** Row-major n × f floats as the ml-matrix the mljs trees read. */
export function toMatrix(x: Float32Array, n: number, f: number): Matrix {
  const m = new Matrix(n, f);
  for (let r = 0; r < n; r++) for (let c = 0; c < f; c++) m.set(r, c, x[r * f + c]!);
  return m;
}

/** Labels as plain integers (classification) or numbers; K defaults to the largest label + 1. */
export function prepareTargets(y: ArrayLike<number>, task: TaskKind, classes?: number): { y: number[]; outputs: number } {
  const out = Array.from(y);
  if (task === 'regression') return { y: out, outputs: 1 };
  let max = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (!Number.isInteger(v) || v < 0) throw new Error(`y[${i}] = ${v} is not a class index`);
    if (v > max) max = v;
  }
  return { y: out, outputs: Math.max(classes ?? 0, max + 1) };
}

/** Nodes of a binary tree of the given depth (root = depth 0), at most. */
export const maxNodes = (depth: number): number => 2 ** (Math.min(depth, 30) + 1) - 1;

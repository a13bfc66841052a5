import type { TaskKind } from '../data/schema';
import { oneHot } from './cart';

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

/**
 * Targets for `growTree`: one-hot classes (W = K, leaves become class shares) or the values
 * (W = 1, leaves become means).
 */
export function cartTargets(yIn: ArrayLike<number>, task: TaskKind, classes?: number): { targets: Float64Array; W: number } {
  const { y, outputs } = prepareTargets(yIn, task, classes);
  return task === 'classification' ? { targets: oneHot(y, outputs), W: outputs } : { targets: Float64Array.from(y), W: 1 };
}

/** Nodes of a binary tree of the given depth (root = depth 0), at most. */
export const maxNodes = (depth: number): number => 2 ** (Math.min(depth, 30) + 1) - 1;

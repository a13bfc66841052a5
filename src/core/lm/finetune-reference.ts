/**
 * Test helper: runs reference/finetune_reference.py (plain PyTorch, float64) on a model's weights and
 * a batch; `hasTorch` is false where /usr/bin/python3 has no torch (the tests then skip).
 */
import { spawnSync } from 'node:child_process';

const PY = '/usr/bin/python3';
export const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const SCRIPT = new URL('./reference/finetune_reference.py', import.meta.url).pathname;

export interface ReferenceLora {
  r: number;
  alpha: number;
  modules: string[];
  A: Record<string, number[]>;
  B: Record<string, number[]>;
}

export interface ReferenceRequest {
  family: 'llama' | 'gpt2';
  config: object;
  weights: ReadonlyMap<string, { data: ArrayLike<number>; shape: readonly number[] }>;
  ids: number[][];
  targets: number[][];
  lora?: ReferenceLora;
}

export interface ReferenceResult {
  logits: number[];
  loss: number;
  grads: Record<string, number[]>;
}

export function torchReference(r: ReferenceRequest): ReferenceResult {
  const weights: Record<string, number[]> = {};
  const shapes: Record<string, readonly number[]> = {};
  for (const [n, t] of r.weights) {
    weights[n] = Array.from(t.data);
    shapes[n] = t.shape;
  }
  const input = JSON.stringify({ family: r.family, config: r.config, weights, shapes, ids: r.ids, targets: r.targets, lora: r.lora ?? null });
  const run = spawnSync(PY, [SCRIPT], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as ReferenceResult;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

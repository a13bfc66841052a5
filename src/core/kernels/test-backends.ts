/**
 * Test helpers: start the wasm backend in Node with the studio kernels (as the training worker
 * does), run the same computation on two backends, compare within a tolerance.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'vitest';
import { createRng } from '../util/rng';
import { registerStudioKernels } from './index';

let wasmReady = false;

/** Points tfjs at the .wasm files in node_modules and registers the studio kernels. */
export function setupWasm(): void {
  if (wasmReady) return;
  wasmReady = true;
  const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${wasmDir}/`);
  registerStudioKernels();
}

/** Runs fn on a backend and reads every result back (tensors disposed). */
export async function on(backend: 'cpu' | 'wasm', fn: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; values: number[] }[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const res = list.map((t) => ({ shape: t.shape.slice(), values: Array.from(t.dataSync()) }));
  tf.dispose(list);
  return res;
}

export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (rng.next() * 2 - 1) * scale;
  return v;
}

/** |a − b| ≤ tol · max(1, |b|) elementwise, same shapes. */
export function expectClose(actual: { shape: number[]; values: number[] }[], expected: { shape: number[]; values: number[] }[], tol = 1e-5): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  actual.forEach((a, k) => {
    const e = expected[k]!;
    expect(a.shape).toEqual(e.shape);
    expect(a.values.length).toBe(e.values.length);
    a.values.forEach((v, i) => {
      const w = e.values[i]!;
      const err = Math.abs(v - w) / Math.max(1, Math.abs(w));
      if (!(err <= tol)) throw new Error(`tensor ${k} element ${i}: ${v} vs ${w} (relative error ${err})`);
      worst = Math.max(worst, err);
    });
  });
  return worst;
}

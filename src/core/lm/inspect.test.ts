import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGpt } from './gpt';
import { exportHf, importHf } from './hf';
import { disposeInternals, gptInternals, lmInternals, type LmInternals } from './inspect';
import { inspectionReport, topTokens } from './inspect-report';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'gpt-tiny');
const script = path.join(here, '..', '..', '..', 'scripts', 'reference', 'gpt_internals.py');
const PY = '/usr/bin/python3';
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/** A random GPT with biases, 3 layers, 4 heads, written as a Hugging Face folder for the reference. */
async function randomModelDir() {
  const model = createGpt({ vocabSize: 29, blockSize: 16, nLayer: 3, nHead: 4, nEmbd: 16, bias: true, dropout: 0 }, 7);
  // Larger weights than the N(0, 0.02) init, so the attention is far from uniform.
  for (const v of model.params.values()) v.assign(tf.mul(v, 20));
  const files = await exportHf(model);
  const dir = mkdtempSync(path.join(tmpdir(), 'gpt-internals-'));
  writeFileSync(path.join(dir, 'config.json'), files['config.json']);
  writeFileSync(path.join(dir, 'model.safetensors'), files['model.safetensors']);
  return { model, dir };
}

describe('LM internals (Transformer visualiser)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('attention rows sum to 1 and are causal; the last logit lens is the model output', async () => {
    const { model } = await randomModelDir();
    const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
    const x = lmInternals(model, ids);
    expect(x.attention).toHaveLength(3);
    expect(x.residuals).toHaveLength(4);
    expect(x.lens).toHaveLength(4);
    const T = ids.length;
    for (const a of x.attention) {
      expect(a.shape).toEqual([4, T, T]);
      const v = a.dataSync();
      for (let r = 0; r < 4 * T; r++) {
        const q = r % T;
        let s = 0;
        for (let k = 0; k < T; k++) {
          s += v[r * T + k]!;
          if (k > q) expect(v[r * T + k]).toBe(0);
        }
        expect(Math.abs(s - 1)).toBeLessThan(1e-5);
      }
    }
    const real = model.forward(tf.tensor2d([ids], [1, T], 'int32'));
    expect(maxDiff(x.lens[3]!.dataSync(), real.dataSync())).toBeLessThan(1e-5);
    // An earlier layer's lens is something else (the check above could not pass by accident).
    expect(maxDiff(x.lens[1]!.dataSync(), real.dataSync())).toBeGreaterThan(1e-2);
    const report = await inspectionReport(ids, x);
    const realTop = topTokens(real.dataSync() as Float32Array, T, 29, 20);
    expect(report.next).toEqual(realTop);
    expect(report.next[0]).toHaveLength(20);
    expect(report.lens).toHaveLength(4);
    expect(report.attention.length).toBe(3 * 4 * T * T);
    real.dispose();
    disposeInternals(x);
    model.dispose();
  });

  it('topTokens: softmax probabilities, best first, ties by smaller id', () => {
    const logits = Float32Array.from([0, Math.log(3), 0, Math.log(3), Math.log(2)]);
    const top = topTokens(logits, 1, 5, 3)[0]!;
    expect(top.map((t) => t.id)).toEqual([1, 3, 4]);
    expect(top[0]!.p).toBeCloseTo(3 / 10, 6);
    expect(top[2]!.p).toBeCloseTo(2 / 10, 6);
  });

  const compare = (x: LmInternals, dir: string, ids: number[]) => {
    const run = spawnSync(PY, [script, dir, ids.join(',')], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.status, run.stderr).toBe(0);
    const ref = JSON.parse(run.stdout) as Record<'attention' | 'residuals' | 'lens', number[][][]>;
    const diffs = {
      attention: Math.max(...x.attention.map((a, l) => maxDiff(a.dataSync(), ref.attention[l]!.flat(2)))),
      residuals: Math.max(...x.residuals.map((r, l) => maxDiff(r.dataSync(), ref.residuals[l]!.flat()))),
      lens: Math.max(...x.lens.map((r, l) => maxDiff(r.dataSync(), ref.lens[l]!.flat()))),
    };
    console.log('internals vs torch.nn.MultiheadAttention:', JSON.stringify(diffs));
    expect(diffs.attention).toBeLessThan(1e-4);
    expect(diffs.residuals).toBeLessThan(1e-4);
    expect(diffs.lens).toBeLessThan(1e-4);
  };

  it.skipIf(!hasTorch)('matches PyTorch on the gpt-tiny fixture (attention, residuals, logit lens to 1e-4)', () => {
    const model = importHf(readFileSync(path.join(fixture, 'config.json'), 'utf8'), readFileSync(path.join(fixture, 'model.safetensors')));
    const ids = [3, 1, 4, 1, 5, 9, 2, 6];
    const x = gptInternals(model, ids);
    compare(x, fixture, ids);
    disposeInternals(x);
    model.dispose();
  });

  it.skipIf(!hasTorch)('matches PyTorch on a random GPT with biases, 3 layers, 4 heads', async () => {
    const { model, dir } = await randomModelDir();
    const ids = [0, 28, 5, 5, 17, 3, 9, 11, 2, 20, 1, 7, 7, 14];
    const x = gptInternals(model, ids);
    compare(x, dir, ids);
    disposeInternals(x);
    model.dispose();
  });

  if (!hasTorch) it('skips the PyTorch comparison: /usr/bin/python3 has no torch', () => expect(hasTorch).toBe(false));
});

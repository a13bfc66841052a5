/**
 * The forward pass, the label-smoothed loss and every gradient against the plain-PyTorch
 * reference (fixtures/t5_reference.py, float64), for the T5 options and the alternatives.
 * Skips when /usr/bin/python3 has no torch.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import type { Seq2SeqConfig } from './config';
import { createSeq2Seq } from './model';

const PY = '/usr/bin/python3';
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const SCRIPT = new URL('./fixtures/t5_reference.py', import.meta.url).pathname;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base: Seq2SeqConfig = {
  vocabSize: 13, dModel: 16, nHeads: 2, dKv: 8, dFf: 24, nEncoderLayers: 2, nDecoderLayers: 2,
  maxSourceLen: 40, maxTargetLen: 40, position: 't5', norm: 'rms', tieEmbeddings: true,
  relBuckets: 8, relMaxDistance: 20, dropout: 0, eps: 1e-6,
};

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function compare(config: Seq2SeqConfig, S: number, T: number) {
  const model = createSeq2Seq(config, { seed: 5 });
  const rng = createRng(9);
  const B = 3;
  // Source rows end in padding of different lengths (row 0 unpadded); targets too.
  const src = Array.from({ length: B }, (_, b) => Array.from({ length: S }, (_, j) => (j < S - 2 * b ? 3 + rng.int(config.vocabSize - 3) : 0)));
  const tgtOut = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, j) => (j < T - b ? 1 + rng.int(config.vocabSize - 1) : 0)));
  const tgtIn = tgtOut.map((r) => [0, ...r.slice(0, -1)]);
  const tgtWeight = tgtOut.map((r, b) => r.map((_, j) => (j < T - b ? 1 : 0)));
  const batch = { src: tf.tensor2d(src, undefined, 'int32'), tgtIn: tf.tensor2d(tgtIn, undefined, 'int32'), tgtOut: tf.tensor2d(tgtOut, undefined, 'int32'), tgtWeight: tf.tensor2d(tgtWeight) };
  const smoothing = 0.1;
  const names = [...model.params.keys()];
  const vars = names.map((n) => model.params.get(n)!);
  const { value, grads } = tf.variableGrads(() => model.loss(batch, smoothing), vars);
  const logits = model.forward(batch.src, batch.tgtIn);
  const weights: Record<string, number[]> = {};
  const shapes: Record<string, number[]> = {};
  for (const n of names) {
    weights[n] = Array.from(await model.params.get(n)!.data());
    shapes[n] = model.params.get(n)!.shape;
  }
  const req = { config, weights, shapes, src, tgt_in: tgtIn, tgt_out: tgtOut, tgt_weight: tgtWeight, smoothing };
  const run = spawnSync(PY, [SCRIPT], { input: JSON.stringify(req), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(run.stderr);
  const ref = JSON.parse(run.stdout) as { logits: number[]; loss: number; grads: Record<string, number[]> };
  expect(maxAbs(await logits.data(), ref.logits)).toBeLessThan(1e-4);
  expect(Math.abs((await value.data())[0]! - ref.loss)).toBeLessThan(1e-5);
  for (const n of names) {
    const g = await grads[model.params.get(n)!.name]!.data();
    expect(maxAbs(g, ref.grads[n]!), n).toBeLessThan(1e-4);
  }
  tf.dispose([logits, value, ...Object.values(grads), ...Object.values(batch)]);
  model.dispose();
}

describe.skipIf(!hasTorch)('encoder–decoder against plain PyTorch', () => {
  it('T5 options: relative position bias (long enough for the log buckets), RMSNorm, tied head', async () => {
    await compare(base, 24, 18);
  });
  it('learned positions, LayerNorm, separate head', async () => {
    await compare({ ...base, position: 'learned', norm: 'layer', tieEmbeddings: false, eps: 1e-5 }, 7, 6);
  });
  it('sinusoidal positions', async () => {
    await compare({ ...base, position: 'sinusoidal', nEncoderLayers: 1, nDecoderLayers: 3 }, 9, 5);
  });
});

describe.skipIf(!hasTorch)('Hugging Face T5 export', () => {
  it('the exported [out, in] weights give the same logits in the reference read with nn.Linear layout; config names the T5 fields', async () => {
    const { hfT5Config, hfT5Tensors } = await import('./hf-export');
    const config = { ...base, tieEmbeddings: false };
    const model = createSeq2Seq(config, { seed: 4 });
    const weights = new Map<string, { data: Float32Array; shape: number[] }>();
    for (const [n, v] of model.params) weights.set(n, { data: (await v.data()) as Float32Array, shape: v.shape });
    const hf = new Map(hfT5Tensors(config, weights));
    expect(hf.get('lm_head.weight')!.shape).toEqual([config.vocabSize, config.dModel]);
    expect(hf.get('encoder.block.0.layer.0.SelfAttention.q.weight')!.shape).toEqual([config.nHeads * config.dKv, config.dModel]);
    expect(hfT5Config(config)).toMatchObject({ model_type: 't5', d_model: 16, d_kv: 8, num_layers: 2, feed_forward_proj: 'relu', tie_word_embeddings: false });
    const src = [[3, 4, 5, 6, 0]];
    const tgtOut = [[7, 8, 1]];
    const tgtIn = [[0, 7, 8]];
    const logits = await model.forward(tf.tensor2d(src, undefined, 'int32'), tf.tensor2d(tgtIn, undefined, 'int32')).data();
    const req = {
      config, hf_layout: true, smoothing: 0, src, tgt_in: tgtIn, tgt_out: tgtOut, tgt_weight: [[1, 1, 1]],
      weights: Object.fromEntries([...hf].map(([n, t]) => [n, Array.from(t.data as Float32Array)])),
      shapes: Object.fromEntries([...hf].map(([n, t]) => [n, t.shape])),
    };
    const run = spawnSync(PY, [SCRIPT], { input: JSON.stringify(req), encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(run.stderr);
    expect(maxAbs(logits, (JSON.parse(run.stdout) as { logits: number[] }).logits)).toBeLessThan(1e-4);
    expect(() => hfT5Tensors({ ...config, position: 'learned' }, weights)).toThrow(/T5 options/);
    model.dispose();
  });
});

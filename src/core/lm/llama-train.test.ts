/**
 * The trainable Llama (llama-train.ts) against the typed-array inference (llama.ts) and against
 * plain PyTorch autograd (reference/finetune_reference.py; skips without torch).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { hasTorch, maxAbsDiff, torchReference } from './finetune-reference';
import { createLlama } from './llama';
import type { LlamaConfig } from './llama-config';
import { tinyLlama } from './llama-test-model';
import { createLlamaTrain } from './llama-train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function batch(config: LlamaConfig, B: number, T: number, seed: number): { ids: number[][]; targets: number[][] } {
  const rng = createRng(seed);
  const row = () => Array.from({ length: T + 1 }, () => rng.int(config.vocabSize));
  const rows = Array.from({ length: B }, row);
  return { ids: rows.map((r) => r.slice(0, T)), targets: rows.map((r) => r.slice(1)) };
}

const variants: [string, Partial<LlamaConfig>][] = [
  ['grouped-query attention, tied head', {}],
  ['multi-head attention, separate head', { nKvHeads: 4, tiedEmbeddings: false }],
];

describe('trainable Llama', () => {
  it.each(variants)('logits equal llama.ts step by step (%s)', async (_, over) => {
    const { config, weights } = tinyLlama(over, 3);
    const model = createLlamaTrain(config, weights);
    const { ids } = batch(config, 2, 11, 4);
    const logits = model.forward(tf.tensor2d(ids, undefined, 'int32'));
    const ours = (await logits.array()) as number[][][];
    for (const [b, row] of ids.entries()) {
      const ref = createLlama(config, weights).forwardAll(row);
      for (let t = 0; t < row.length; t++) expect(maxAbsDiff(ours[b]![t]!, ref[t]!)).toBeLessThan(1e-4);
    }
    logits.dispose();
    model.dispose();
  });

  it('keeps no tensors after a forward pass and a gradient', () => {
    const { config, weights } = tinyLlama({}, 2);
    const model = createLlamaTrain(config, weights);
    const { ids, targets } = batch(config, 2, 8, 1);
    const x = tf.tensor2d(ids, undefined, 'int32');
    const y = tf.tensor2d(targets, undefined, 'int32');
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => model.loss(x, y, { training: true }), [...model.params.values()]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe.skipIf(!hasTorch)('trainable Llama against plain PyTorch', () => {
  it.each(variants)('logits, loss and every gradient (%s)', async (_, over) => {
    const { config, weights } = tinyLlama(over, 5);
    const model = createLlamaTrain(config, weights);
    const { ids, targets } = batch(config, 3, 9, 7);
    const x = tf.tensor2d(ids, undefined, 'int32');
    const y = tf.tensor2d(targets, undefined, 'int32');
    const names = [...model.params.keys()];
    const { value, grads } = tf.variableGrads(() => model.loss(x, y, { training: true }), names.map((n) => model.params.get(n)!));
    const logits = model.forward(x);
    const shaped = new Map([...model.params].map(([n, v]) => [n, { data: weights.get(n)!, shape: v.shape }]));
    const ref = torchReference({ family: 'llama', config, weights: shaped, ids, targets });
    expect(maxAbsDiff(await logits.data(), ref.logits)).toBeLessThan(1e-4);
    expect(Math.abs((await value.data())[0]! - ref.loss)).toBeLessThan(1e-5);
    for (const n of names) expect(maxAbsDiff(await grads[model.params.get(n)!.name]!.data(), ref.grads[n]!), n).toBeLessThan(1e-4);
    tf.dispose([x, y, value, logits, ...Object.values(grads)]);
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { textTransformer } from './text-transformer';
import { textHybrid } from './text-hybrid';
import { pooledRepresentation, textInternals } from './text-inspect';

const L = 10;
const ids = Float32Array.from([5, 9, 2, 17, 3, 3, 0, 0, 0, 0]); // 6 real tokens, then pads

/** Plain-JS attention of the first block from its weights (LayerNorm, q·kᵀ/√dh, pad keys out, softmax): independent of tfjs ops. */
function firstBlockAttention(model: tf.LayersModel, heads: number): number[][][] {
  const w = (layer: tf.layers.Layer, name: string) => {
    const v = layer.weights.find((x) => x.originalName.endsWith(name))!;
    return { values: v.read().dataSync(), shape: v.shape as number[] };
  };
  const emb = model.layers[0]!;
  const table = w(emb, 'embeddings');
  const pos = w(emb, 'positions');
  const d = table.shape[1]!;
  const real = [...ids].flatMap((v, i) => (v > 0 ? [i] : []));
  const x = real.map((i) => Array.from({ length: d }, (_, c) => table.values[ids[i]! * d + c]! + pos.values[i * d + c]!));
  const block = model.layers[1]!;
  const g = w(block, 'ln1_gamma').values;
  const b = w(block, 'ln1_beta').values;
  const K = w(block, 'qkv_kernel').values; // [d, 3d]
  const B = w(block, 'qkv_bias').values;
  const xn = x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / d;
    const vr = row.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
    return row.map((v, c) => ((v - mean) / Math.sqrt(vr + 1e-5)) * g[c]! + b[c]!);
  });
  const proj = (row: number[], off: number) => Array.from({ length: d }, (_, o) => row.reduce((s, v, c) => s + v * K[c * 3 * d + off + o]!, B[off + o]!));
  const q = xn.map((r) => proj(r, 0));
  const k = xn.map((r) => proj(r, d));
  const dh = d / heads;
  return Array.from({ length: heads }, (_, h) =>
    q.map((qi) => {
      const s = k.map((kj) => {
        let dot = 0;
        for (let c = h * dh; c < (h + 1) * dh; c++) dot += qi[c]! * kj[c]!;
        return dot / Math.sqrt(dh);
      });
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m));
      const z = e.reduce((a, v) => a + v, 0);
      return e.map((v) => v / z);
    }),
  );
}

describe('inside a text classifier', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const fam of [textTransformer, textHybrid] as const) {
    it(`${fam.id}: attention rows sum to 1 over the real tokens; the last class lens is the prediction`, async () => {
      const params = { ...fam.defaultParams, embeddingDim: 16, heads: 4, blocks: 2, ffDim: 32, dropout: 0 } as never;
      const model = fam.build(params, L, 3, 'classification', 11, { vocabSize: 20 });
      const r = await textInternals(model, ids);
      expect(r.positions).toEqual([0, 1, 2, 3, 4, 5]);
      expect(r.nHead).toBe(4);
      expect(r.attention).toHaveLength(2);
      for (const a of r.attention) {
        expect(a.length).toBe(4 * 6 * 6);
        for (let row = 0; row < 24; row++) expect(Math.abs(a.subarray(row * 6, row * 6 + 6).reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
      }
      expect(r.lens).toHaveLength(3); // before the blocks, after block 1, after block 2
      const pred = (model.predict(tf.tensor2d(ids, [1, L])) as tf.Tensor).dataSync();
      r.lens[2]!.forEach((v, c) => expect(v).toBeCloseTo(pred[c]!, 6));
      r.lens.forEach((p) => expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5));
      if (fam.id === 'text-transformer') {
        const ref = firstBlockAttention(model, 4);
        let diff = 0;
        ref.forEach((hm, h) => hm.forEach((row, i) => row.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - r.attention[0]![(h * 6 + i) * 6 + j]!))))));
        expect(diff).toBeLessThan(1e-5);
      }
      const pooled = await pooledRepresentation(model, Float32Array.from([...ids, ...ids.map((v) => (v ? (v + 1) % 20 : 0))]), 2, L);
      expect(pooled.dim).toBe(16);
      expect(pooled.values.length).toBe(32);
      model.dispose();
    });
  }
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DECODER_START_ID, EOS_ID, type Seq2SeqConfig } from './config';
import { beamDecode, beamSearch, greedyBatch, greedyDecode, type BeamStepper } from './decode';
import { createSeq2Seq } from './model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cfg: Seq2SeqConfig = {
  vocabSize: 9, dModel: 16, nHeads: 2, dKv: 8, dFf: 32, nEncoderLayers: 2, nDecoderLayers: 2,
  maxSourceLen: 12, maxTargetLen: 12, position: 't5', norm: 'rms', tieEmbeddings: true,
  relBuckets: 8, relMaxDistance: 16, dropout: 0, eps: 1e-6,
};

/** A stepper from a table: next-token probabilities given the prefix (ids after the start token). */
function tableStepper(V: number, probs: (prefix: readonly number[]) => number[]): BeamStepper {
  let prefixes: number[][] = [[]];
  return {
    vocabSize: V,
    async step(last, parents) {
      if (parents) prefixes = parents.map((p, i) => [...prefixes[p]!, last[i]!]);
      else if (last[0] !== DECODER_START_ID) prefixes = prefixes.map((p, i) => [...p, last[i]!]);
      const out = new Float32Array(prefixes.length * V);
      prefixes.forEach((p, r) => probs(p).forEach((q, v) => (out[r * V + v] = Math.log(q))));
      return out;
    },
  };
}

describe('beam search', () => {
  it('finds a sequence greedy misses: greedy takes 3 (p .6) then can only end at p .3; 4 (p .4) ends at p .95', async () => {
    const V = 6;
    const probs = (p: readonly number[]): number[] => {
      if (p.length === 0) return [0, 0, 0, 0.6, 0.4, 0];
      if (p[0] === 3 && p.length === 1) return [0, 0.3, 0, 0.2, 0.25, 0.25];
      if (p[0] === 4 && p.length === 1) return [0, 0.95, 0, 0.05, 0, 0];
      return [0, 1, 0, 0, 0, 0];
    };
    const greedy = await beamSearch(tableStepper(V, probs), { width: 1, maxLen: 5, lengthPenalty: 1 });
    const beam = await beamSearch(tableStepper(V, probs), { width: 2, maxLen: 5, lengthPenalty: 1 });
    expect(greedy[0]!.ids).toEqual([3, EOS_ID]);
    expect(greedy[0]!.logProb).toBeCloseTo(Math.log(0.6 * 0.3), 6);
    expect(beam[0]!.ids).toEqual([4, EOS_ID]);
    expect(beam[0]!.logProb).toBeCloseTo(Math.log(0.4 * 0.95), 6);
    expect(beam[0]!.logProb).toBeGreaterThan(greedy[0]!.logProb);
  });
  it('length penalty: with lengthPenalty 0 the short hypothesis wins, with a large one the long one', async () => {
    const V = 5;
    const probs = (p: readonly number[]): number[] => {
      if (p.length === 0) return [0, 0.5, 0, 0.5, 0];
      if (p.length < 4) return [0, 0.1, 0, 0.9, 0];
      return [0, 1, 0, 0, 0];
    };
    const short = await beamSearch(tableStepper(V, probs), { width: 3, maxLen: 8, lengthPenalty: 0 });
    const long = await beamSearch(tableStepper(V, probs), { width: 3, maxLen: 8, lengthPenalty: 3 });
    expect(short[0]!.ids).toEqual([EOS_ID]);
    expect(long[0]!.ids.length).toBeGreaterThan(1);
  });
});

describe('decoding the model', () => {
  it('the KV-cached steps give the same logits as one full teacher-forced pass', async () => {
    const model = createSeq2Seq(cfg, { seed: 3 });
    const src = [4, 5, 6, 7, 3];
    const greedy = await greedyDecode(model, src, 6);
    const tgtIn = [DECODER_START_ID, ...greedy.ids.slice(0, -1)];
    const full = model.forward(tf.tensor2d([src], undefined, 'int32'), tf.tensor2d([tgtIn], undefined, 'int32'));
    const lp = tf.logSoftmax(full);
    const data = await lp.data();
    let sum = 0;
    greedy.ids.forEach((id, t) => (sum += data[t * cfg.vocabSize + id]!));
    expect(greedy.logProb).toBeCloseTo(sum, 4);
    // and every step's choice is the full pass's argmax (pad excluded)
    const arg = await tf.argMax(tf.slice(full, [0, 0, 1], [1, -1, -1]), -1).data();
    greedy.ids.forEach((id, t) => expect(id).toBe(arg[t]! + 1));
    tf.dispose([full, lp]);
    model.dispose();
  });
  it('beam width 1 is greedy; batched greedy agrees with one-by-one; wider beams score at least as well', async () => {
    const model = createSeq2Seq(cfg, { seed: 8 });
    const sources = [[3, 4, 5], [6, 7, 8, 3, 4, 5, 6], [5]];
    const batched = await greedyBatch(model, sources, 8);
    for (const [i, s] of sources.entries()) {
      const g = await greedyDecode(model, s, 8);
      expect(batched[i]).toEqual(g.ids);
      const [b1] = await beamDecode(model, s, { width: 1, maxLen: 8, lengthPenalty: 1 });
      expect(b1!.ids).toEqual(g.ids);
      expect(b1!.logProb).toBeCloseTo(g.logProb, 5);
      const [b4] = await beamDecode(model, s, { width: 4, maxLen: 8, lengthPenalty: 0 });
      expect(b4!.logProb).toBeGreaterThanOrEqual(g.logProb - 1e-5);
    }
    model.dispose();
  });
  it('collects one cross-attention row per generated token, each summing to 1 over the source', async () => {
    const model = createSeq2Seq(cfg, { seed: 2 });
    const g = await greedyDecode(model, [3, 4, 5, 6], 5, { cross: true });
    expect(g.cross).toHaveLength(g.ids.length);
    for (const row of g.cross!) {
      expect(row).toHaveLength(4);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    model.dispose();
  });
});

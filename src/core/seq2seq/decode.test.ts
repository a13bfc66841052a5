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

/** Every output of up to maxLen ids (ended by the end token, or maxLen ids without it) with its log-probability from one full teacher-forced pass each (no cache). */
async function allOutputs(model: ReturnType<typeof createSeq2Seq>, src: number[], maxLen: number): Promise<{ ids: number[]; logProb: number }[]> {
  const V = model.config.vocabSize;
  const out: { ids: number[]; logProb: number }[] = [];
  const visit = async (prefix: number[]) => {
    const ended = prefix.at(-1) === EOS_ID;
    if (ended || prefix.length === maxLen) {
      const logits = model.forward(tf.tensor2d([src], undefined, 'int32'), tf.tensor2d([[DECODER_START_ID, ...prefix.slice(0, -1)]], undefined, 'int32'));
      const lp = tf.logSoftmax(logits);
      const data = await lp.data();
      tf.dispose([logits, lp]);
      out.push({ ids: prefix, logProb: prefix.reduce((a, id, t) => a + data[t * V + id]!, 0) });
      return;
    }
    for (let tok = 1; tok < V; tok++) await visit([...prefix, tok]);
  };
  await visit([]);
  return out;
}

describe('beam search against exhaustive search', () => {
  // Vocabulary 5 (pad, end, unknown, 2 tokens), up to 4 ids: 40 ended outputs + 81 unended ones.
  const small: Seq2SeqConfig = { ...cfg, vocabSize: 5 };
  for (const lengthPenalty of [0, 1, 2]) {
    it(`a beam wide enough to keep every prefix returns the exact ranking (length penalty ${lengthPenalty}); cached scores equal full passes`, async () => {
      const model = createSeq2Seq(small, { seed: 11 + lengthPenalty });
      // Sharper than a fresh model's near-uniform output, so that ranks are far apart.
      for (const [name, v] of model.params) if (name === 'shared.weight') v.assign(tf.mul(v, 6));
      const src = [3, 4, 3, 2];
      const maxLen = 4;
      const exact = (await allOutputs(model, src, maxLen))
        .map((o) => ({ ...o, score: o.logProb / o.ids.length ** lengthPenalty }))
        .sort((a, b) => b.score - a.score);
      const width = 125; // ≥ every live prefix (27 · 4 expansions at the last step) and every output (121)
      const beam = await beamDecode(model, src, { width, maxLen, lengthPenalty });
      expect(beam.length).toBe(exact.length);
      beam.forEach((h, i) => {
        expect(h.ids).toEqual(exact[i]!.ids);
        expect(h.logProb).toBeCloseTo(exact[i]!.logProb, 4);
        expect(h.score).toBeCloseTo(exact[i]!.score, 4);
      });
      // Narrow beams: every hypothesis's cached score equals its full pass (the cache was reordered right),
      // width 1 is greedy, and width 3's best is never worse than greedy's.
      const byIds = new Map(exact.map((o) => [o.ids.join(','), o]));
      for (const w of [1, 2, 3]) {
        for (const h of await beamDecode(model, src, { width: w, maxLen, lengthPenalty })) expect(h.logProb).toBeCloseTo(byIds.get(h.ids.join(','))!.logProb, 4);
      }
      const greedy = await greedyDecode(model, src, maxLen);
      const [b1] = await beamDecode(model, src, { width: 1, maxLen, lengthPenalty });
      expect(b1!.ids).toEqual(greedy.ids);
      model.dispose();
    });
  }
  it('HF stopping goes on past the first `width` ends while a live beam could still win; early stopping does not', async () => {
    // Width 2, length penalty 1. Ending at once: log .5 = −0.69 (greedy's answer). Via 3 then end:
    // (log .3 + log .5) / 2 = −0.95: two ends, so early stopping returns −0.69. But the live beam
    // 4 4 (log .2 + log .98 = −1.63, −0.81 per token) beats −0.95 and ends at p 1: −1.63 / 3 = −0.54.
    const V = 5;
    const probs = (p: readonly number[]): number[] => {
      if (p.length === 0) return [0, 0.5, 0, 0.3, 0.2];
      if (p.length === 1 && p[0] === 3) return [0, 0.5, 0, 0, 0.5];
      if (p.length === 1 && p[0] === 4) return [0, 0.02, 0, 0, 0.98];
      return [0, 1, 0, 0, 0];
    };
    const early = await beamSearch(tableStepper(V, probs), { width: 2, maxLen: 5, lengthPenalty: 1, earlyStopping: true });
    expect(early[0]!.ids).toEqual([EOS_ID]);
    const hf = await beamSearch(tableStepper(V, probs), { width: 2, maxLen: 5, lengthPenalty: 1 });
    expect(hf[0]!.ids).toEqual([4, 4, EOS_ID]);
    expect(hf[0]!.score).toBeCloseTo(Math.log(0.2 * 0.98) / 3, 6);
    // and 3 4 then end, −1.90 / 3 = −0.63, also beats ending at once
    expect(hf[1]!.ids).toEqual([3, 4, EOS_ID]);
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

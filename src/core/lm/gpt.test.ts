import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGpt } from './gpt';
import { countParams, estimateMemory, paramSpecs, type GptConfig } from './gpt-config';
import { NANOGPT_CPU_PRESET, SHAKESPEARE_GPU_PRESET, configFromPreset } from './settings';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: GptConfig = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, dropout: 0 };
const ids = (rows: number[][]) => tf.tensor2d(rows, undefined, 'int32');

describe('parameter counts (nanoGPT get_num_params)', () => {
  it('counts the reference CPU model (torch_gpt.py prints 811,904 for 81 symbols)', () => {
    const c = configFromPreset(NANOGPT_CPU_PRESET, 81);
    expect(countParams(c, { nonEmbedding: false })).toBe(811_904);
    expect(countParams(c)).toBe(811_904 - 64 * 128);
  });
  it('counts the Shakespeare GPU model as nanoGPT does (10.65 M, bias=False)', () => {
    const c = configFromPreset(SHAKESPEARE_GPU_PRESET, 65);
    expect(countParams(c)).toBe(10_646_784);
  });
  it('estimates memory: 4 bytes per weight, ×6 with gradients and Adam, activations growing with the batch', () => {
    const c = configFromPreset(NANOGPT_CPU_PRESET, 81);
    const e = estimateMemory(c, 12);
    expect(e.params).toBe(811_904);
    expect(e.weightBytes).toBe(4 * 811_904);
    expect(e.optimizerBytes).toBe(6 * e.weightBytes);
    expect(e.trainingBytes).toBe(e.optimizerBytes + e.activationBytes);
    expect(estimateMemory(c, 24).activationBytes).toBe(2 * e.activationBytes);
    expect(e.activationBytes / 2 ** 20).toBeGreaterThan(10); // ~27 MB: 4 layers × 17·B·T·C + B·H·T² + logits
    expect(e.activationBytes / 2 ** 20).toBeLessThan(60);
  });

  it('matches the sizes of the variables actually created', () => {
    for (const bias of [true, false]) {
      const m = createGpt({ ...tiny, bias });
      const total = [...m.params.values()].reduce((s, v) => s + v.size, 0);
      expect(total).toBe(countParams({ ...tiny, bias }, { nonEmbedding: false }));
      expect([...m.params.keys()]).toEqual(paramSpecs({ ...tiny, bias }).map((p) => p.name));
      m.dispose();
    }
  });
});

describe('gpt forward and loss', () => {
  it('initialises like nanoGPT: seeded, std 0.02, scaled residual projections, LayerNorm 1, bias 0', () => {
    const cfg = { ...tiny, nEmbd: 64, vocabSize: 200 };
    const a = createGpt(cfg, { seed: 3 });
    const b = createGpt(cfg, { seed: 3 });
    const std = (n: string) => tf.tidy(() => tf.moments(a.params.get(n)!).variance.sqrt().dataSync()[0]!);
    expect(a.params.get('wte.weight')!.dataSync()).toEqual(b.params.get('wte.weight')!.dataSync());
    expect(std('wte.weight')).toBeCloseTo(0.02, 3);
    expect(std('h.0.mlp.c_fc.weight')).toBeCloseTo(0.02, 3);
    expect(std('h.1.attn.c_proj.weight')).toBeCloseTo(0.02 / Math.sqrt(4), 3);
    expect([...a.params.get('h.0.ln_1.weight')!.dataSync()].every((v) => v === 1)).toBe(true);
    expect([...a.params.get('h.0.attn.c_attn.bias')!.dataSync()].every((v) => v === 0)).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('gives logits [B, T, V], a loss near ln V at init, and equals a softmax cross-entropy', () => {
    const m = createGpt(tiny, { seed: 1 });
    const x = ids([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]]);
    const y = ids([[2, 3, 4, 5, 6], [4, 3, 2, 1, 0]]);
    const logits = m.forward(x);
    expect(logits.shape).toEqual([2, 5, 11]);
    const loss = m.loss(x, y).dataSync()[0]!;
    expect(loss).toBeCloseTo(Math.log(11), 1);
    const ref = tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y.reshape([10]), 11).toFloat(), logits.reshape([10, 11])).dataSync()[0]!);
    expect(loss).toBeCloseTo(ref, 5);
    tf.dispose([x, y, logits]);
    m.dispose();
  });

  it('is causal: a later token never changes earlier logits', () => {
    const m = createGpt(tiny, { seed: 2 });
    const a = m.forward(ids([[1, 2, 3, 4, 5, 6]]));
    const b = m.forward(ids([[1, 2, 3, 9, 9, 9]]));
    const first = (t: tf.Tensor) => Array.from(t.slice([0, 0, 0], [1, 3, 11]).dataSync());
    expect(first(b)).toEqual(first(a));
    expect(Array.from(b.dataSync())).not.toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
    m.dispose();
  });

  it('applies seeded dropout only in training, and has gradients for every parameter without leaks', () => {
    const m = createGpt({ ...tiny, dropout: 0.3 }, { seed: 4 });
    const m2 = createGpt({ ...tiny, dropout: 0.3 }, { seed: 4 });
    const x = ids([[1, 2, 3, 4]]);
    const y = ids([[2, 3, 4, 5]]);
    const read = (t: tf.Scalar) => {
      const v = t.dataSync()[0]!;
      t.dispose();
      return v;
    };
    const before = tf.memory().numTensors;
    const evalLoss = read(m.loss(x, y));
    const trainLoss = read(m.loss(x, y, { training: true }));
    expect(read(m2.loss(x, y, { training: true }))).toBe(trainLoss);
    expect(trainLoss).not.toBe(evalLoss);
    const { value, grads } = tf.variableGrads(() => m.loss(x, y, { training: true }));
    expect(Object.keys(grads).length).toBe(m.params.size);
    for (const g of Object.values(grads)) expect(Number.isFinite(tf.tidy(() => g.norm().dataSync()[0]))).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    m.dispose();
    m2.dispose();
  });

  it('refuses sequences longer than the context', () => {
    const m = createGpt(tiny);
    const x = ids([[0, 1, 2, 3, 4, 5, 6, 7, 8]]);
    expect(() => m.forward(x)).toThrow(/context length 8/);
    x.dispose();
    m.dispose();
  });
});

/**
 * LoRA (lora.ts) on the trainable Llama and the GPT: an untouched adapter changes nothing, only the
 * adapters train, merging reproduces the adapted model, and the forward pass, loss and adapter
 * gradients equal PEFT's definition written out in plain PyTorch (skips without torch).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { hasTorch, maxAbsDiff, torchReference } from './finetune-reference';
import { createGpt } from './gpt';
import type { GptConfig } from './gpt-config';
import { tinyLlama } from './llama-test-model';
import { createLlamaTrain } from './llama-train';
import { applyLora, countLoraParams, matchesTarget, type LoraBase } from './lora';
import { readSafetensors, toFloat32 } from './safetensors';
import { createTrainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const gptConfig: GptConfig = { vocabSize: 40, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'tanh' };

function rows(vocab: number, B: number, T: number, seed: number) {
  const rng = createRng(seed);
  const all = Array.from({ length: B }, () => Array.from({ length: T + 1 }, () => rng.int(vocab)));
  return { ids: all.map((r) => r.slice(0, T)), targets: all.map((r) => r.slice(1)) };
}

const llamaBase = () => {
  const { config, weights } = tinyLlama({}, 4);
  return { base: createLlamaTrain(config, weights) as LoraBase, config, weights, vocab: config.vocabSize };
};
const gptBase = () => {
  const base = createGpt(gptConfig, 3);
  return { base: base as LoraBase, config: gptConfig, vocab: gptConfig.vocabSize };
};

/** Random lora_B values (PEFT starts them at 0, where lora_A's gradient is 0 too). */
function randomB(base: LoraBase, targets: string[], r: number): Map<string, Float32Array> {
  const probe = applyLora(base, { r, alpha: 1, targetModules: targets, seed: 1 });
  const rng = createRng(11);
  const out = new Map<string, Float32Array>();
  for (const [n, v] of probe.params) if (n.endsWith('lora_B.weight')) out.set(n, Float32Array.from({ length: v.size }, () => rng.next() - 0.5));
  probe.dispose();
  return out;
}

const families = [
  ['Llama', llamaBase, ['q_proj', 'v_proj', 'down_proj']],
  ['GPT-2', gptBase, ['c_attn', 'c_proj']],
] as const;

describe('LoRA', () => {
  it('matches target modules as PEFT does (name or dotted suffix)', () => {
    expect(matchesTarget('transformer.h.0.attn.c_proj', ['c_proj'])).toBe(true);
    expect(matchesTarget('transformer.h.0.mlp.c_proj', ['c_proj'])).toBe(true);
    expect(matchesTarget('transformer.h.0.attn.c_proj', ['mlp.c_proj'])).toBe(false);
    expect(matchesTarget('model.layers.3.self_attn.q_proj', ['q_proj'])).toBe(true);
    expect(matchesTarget('model.layers.3.self_attn.xq_proj', ['q_proj'])).toBe(false);
  });

  it.each(families)('%s: a fresh adapter leaves the logits as they were; only adapter variables are trained', async (_, make, targets) => {
    const { base, vocab } = make();
    const { ids, targets: ys } = rows(vocab, 2, 8, 1);
    const x = tf.tensor2d(ids, undefined, 'int32');
    const y = tf.tensor2d(ys, undefined, 'int32');
    const before = await base.forward(x).data();
    const baseWeights = new Map([...base.params].map(([n, v]) => [n, v.dataSync().slice()]));
    const lora = applyLora(base, { r: 4, alpha: 8, targetModules: [...targets], seed: 2 });
    expect(maxAbsDiff(await lora.forward(x).data(), before)).toBe(0);
    expect([...lora.params.keys()].every((n) => /\.lora_[AB]\.weight$/.test(n))).toBe(true);
    expect([...lora.params.values()].reduce((n, v) => n + v.size, 0)).toBe(countLoraParams(base, { r: 4, targetModules: [...targets] }));
    const trainer = createTrainer(lora, { learningRate: 1e-2, minLr: 1e-2, warmupIters: 0, lrDecayIters: 100, beta1: 0.9, beta2: 0.95, weightDecay: 0, gradClip: 1, decayLr: false });
    const losses: number[] = [];
    for (let i = 0; i < 25; i++) losses.push(await trainer.stepAsync(x, y));
    expect(losses.at(-1)!).toBeLessThan(losses[0]! - 0.1);
    for (const [n, v] of base.params) expect(maxAbsDiff(v.dataSync(), baseWeights.get(n)!), n).toBe(0);
    // Merged weights in a fresh, unadapted model give the adapted model's logits.
    const adapted = await lora.forward(x).data();
    const merged = await lora.merged();
    for (const [n, v] of base.params) v.assign(tf.tensor(merged.get(n)!, v.shape));
    lora.dispose();
    expect(base.adapter).toBeNull();
    expect(maxAbsDiff(await base.forward(x).data(), adapted)).toBeLessThan(1e-5);
    trainer.dispose();
    base.dispose();
  });

  it('writes adapter_model.safetensors with PEFT tensor names and shapes', async () => {
    const { base } = llamaBase();
    const lora = applyLora(base, { r: 2, alpha: 4, targetModules: ['q_proj'], seed: 1 });
    const file = readSafetensors(await lora.adapterSafetensors());
    expect([...file.tensors.keys()].sort()).toEqual(['base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight', 'base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight', 'base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight', 'base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight']);
    expect(file.tensors.get('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight')!.shape).toEqual([2, 16]);
    expect(file.tensors.get('base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight')!.shape).toEqual([16, 2]);
    const a = toFloat32(file.tensors.get('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight')!);
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(16));
    expect(lora.adapterConfig('stories260K')).toMatchObject({ peft_type: 'LORA', r: 2, lora_alpha: 4, target_modules: ['q_proj'], fan_in_fan_out: false });
    lora.dispose();
    base.dispose();
  });
});

describe.skipIf(!hasTorch)('LoRA against plain PyTorch (PEFT definitions)', () => {
  it.each(families)('%s: logits, loss and the gradients of lora_A and lora_B', async (_, make, targets) => {
    const { base, config, vocab } = make();
    const r = 3;
    const lora = applyLora(base, { r, alpha: 6, targetModules: [...targets], seed: 5 }, randomB(base, [...targets], r));
    const { ids, targets: ys } = rows(vocab, 2, 7, 3);
    const x = tf.tensor2d(ids, undefined, 'int32');
    const y = tf.tensor2d(ys, undefined, 'int32');
    const names = [...lora.params.keys()];
    const { value, grads } = tf.variableGrads(() => lora.loss(x, y, { training: true }), names.map((n) => lora.params.get(n)!));
    const logits = lora.forward(x);
    const weights = new Map([...base.params].map(([n, v]) => [n, { data: v.dataSync(), shape: v.shape }]));
    const A: Record<string, number[]> = {};
    const B: Record<string, number[]> = {};
    const toParam = (path: string) => (path.startsWith('transformer.') ? path.slice('transformer.'.length) : path);
    for (const m of lora.modules) {
      A[toParam(m)] = Array.from(lora.params.get(`${m}.lora_A.weight`)!.dataSync());
      B[toParam(m)] = Array.from(lora.params.get(`${m}.lora_B.weight`)!.dataSync());
    }
    const family = 'family' in base && base.family === 'llama' ? 'llama' : 'gpt2';
    const ref = torchReference({ family, config, weights, ids, targets: ys, lora: { r, alpha: 6, modules: lora.modules.map(toParam), A, B } });
    expect(maxAbsDiff(await logits.data(), ref.logits)).toBeLessThan(1e-4);
    expect(Math.abs((await value.data())[0]! - ref.loss)).toBeLessThan(1e-5);
    for (const n of names) {
      const refName = toParam(n);
      expect(maxAbsDiff(await grads[lora.params.get(n)!.name]!.data(), ref.grads[refName]!), n).toBeLessThan(1e-4);
    }
    tf.dispose([x, y, value, logits, ...Object.values(grads)]);
    lora.dispose();
    base.dispose();
  });
});

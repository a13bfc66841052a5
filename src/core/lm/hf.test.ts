import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGpt } from './gpt';
import type { GptConfig } from './gpt-config';
import { exportHf, gptConfigFromHf, importHf, readWeights } from './hf';
import { readSafetensors, toFloat32, writeSafetensors } from './safetensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny: GptConfig = { vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'exact' };
const x = () => tf.tensor2d([[1, 2, 3, 4, 5, 6]], undefined, 'int32');

describe('Hugging Face GPT-2 export/import', () => {
  it('writes a GPT-2 config.json and GPT-2 tensor names in Conv1D [in, out] layout, and reads them back to the same logits', async () => {
    const m = createGpt(tiny, 5);
    const files = await exportHf(m);
    const cfg = JSON.parse(files['config.json']) as Record<string, unknown>;
    expect(cfg).toMatchObject({ model_type: 'gpt2', n_embd: 16, n_layer: 2, n_head: 2, n_positions: 8, vocab_size: 11, activation_function: 'gelu', tie_word_embeddings: true });
    const st = readSafetensors(files['model.safetensors']);
    expect(st.metadata.get('format')).toBe('pt');
    expect(st.tensors.get('h.0.attn.c_attn.weight')!.shape).toEqual([16, 48]);
    expect(st.tensors.get('h.1.mlp.c_proj.weight')!.shape).toEqual([64, 16]);
    expect(st.tensors.has('lm_head.weight')).toBe(false);
    const back = importHf(files['config.json'], files['model.safetensors']);
    const a = m.forward(x());
    const b = back.forward(x());
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
    m.dispose();
    back.dispose();
  });

  it('exports a bias-free model with zero biases (HF GPT-2 always has them) and the same logits', async () => {
    const m = createGpt({ ...tiny, bias: false, gelu: 'tanh' }, 6);
    const files = await exportHf(m);
    expect(JSON.parse(files['config.json']).activation_function).toBe('gelu_new');
    expect([...toFloat32(readSafetensors(files['model.safetensors']).tensors.get('h.0.ln_1.bias')!)].every((v) => v === 0)).toBe(true);
    const back = importHf(files['config.json'], files['model.safetensors']);
    expect(back.config.bias).toBe(true);
    expect(back.config.gelu).toBe('tanh');
    const a = m.forward(x());
    const b = back.forward(x());
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
    m.dispose();
    back.dispose();
  });

  it('accepts transformer.-prefixed names, a tied lm_head and old mask buffers; refuses an untied head and wrong shapes', async () => {
    const m = createGpt(tiny, 7);
    const w = readWeights(m);
    const files = await exportHf(m);
    const tensors: [string, { data: Float32Array; shape: number[] }][] = [...m.params].map(([k, v]) => [`transformer.${k}`, { data: w.get(k)!, shape: v.shape }]);
    tensors.push(['lm_head.weight', { data: w.get('wte.weight')!, shape: [11, 16] }]);
    tensors.push(['transformer.h.0.attn.bias', { data: new Float32Array(64), shape: [1, 1, 8, 8] }]);
    const back = importHf(files['config.json'], writeSafetensors(tensors));
    expect(Array.from(back.params.get('h.1.mlp.c_fc.weight')!.dataSync())).toEqual(Array.from(w.get('h.1.mlp.c_fc.weight')!));
    back.dispose();
    const untied = tensors.map(([k, t]) => [k, k === 'lm_head.weight' ? { ...t, data: t.data.map((v) => v + 1) } : t] as [string, typeof t]);
    expect(() => importHf(files['config.json'], writeSafetensors(untied))).toThrow(/untied/);
    const wrong = JSON.parse(files['config.json']) as Record<string, unknown>;
    wrong.n_embd = 32;
    wrong.n_head = 2;
    expect(() => importHf(wrong, files['model.safetensors'])).toThrow(/shape/);
    expect(() => gptConfigFromHf({ ...JSON.parse(files['config.json']), model_type: 'llama' })).toThrow(/gpt2/);
    expect(() => gptConfigFromHf({ ...JSON.parse(files['config.json']), activation_function: 'relu' })).toThrow(/activation/);
    m.dispose();
  });
});

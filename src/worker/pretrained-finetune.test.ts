/**
 * Fine-tuning a loaded pretrained Llama through the LM worker's handler (in process, cpu backend):
 * LoRA on a prepared corpus with falling loss, generation afterwards from the fine-tuned weights,
 * the HF export re-imported with identical logits, and the PEFT adapter folder applied to the base
 * weights in plain PyTorch with the same logits (skips without torch).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultFineTune, type FineTuneSettings } from '../core/lm/finetune-settings';
import { hasTorch, maxAbsDiff } from '../core/lm/finetune-reference';
import { readPretrained } from '../core/lm/pretrained';
import { hfLlamaFolder } from '../core/lm/pretrained-test-files';
import { createLlama } from '../core/lm/llama';
import { tinyLlama } from '../core/lm/llama-test-model';
import { createGpt } from '../core/lm/gpt';
import { exportHf } from '../core/lm/hf';
import { readSafetensors } from '../core/lm/safetensors';
import { trainTokenizer } from '../core/text';
import { asFiles, HELLO_TEXT, lmJobs } from './lm-test-jobs';
import { memoryLmStorage } from './lm-ports';
const TEXT = HELLO_TEXT;

const setup = () => lmJobs(memoryLmStorage());

const greedy = { maxNewTokens: 12, temperature: 0, topK: 0, topP: 1, seed: 1, stop: '' };

describe('fine-tuning a pretrained Llama in the LM worker', () => {
  it('LoRA lowers the loss, generation uses the result, and the exports reload with the same logits', async () => {
    const job = setup();
    const { config, weights } = tinyLlama({ seqLen: 64 }, 9);
    const base = hfLlamaFolder(config, weights);
    await job({ type: 'pretrained-inspect', files: asFiles(base) });
    await job({ type: 'pretrained-load' });
    await job({ type: 'prepare', corpusId: 'c1', files: [{ name: 'hello.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 });
    const before = await job<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy });
    const settings: FineTuneSettings = { ...defaultFineTune('llama'), targetModules: ['q_proj', 'v_proj', 'down_proj'], steps: 30, learningRate: 1e-2, contextLength: 32, evalEvery: 15, samplePrompt: 'hello', sampleTokens: 8 };
    const tuned = await job<{ step: number; stoppedBy: string }>({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings });
    expect(tuned.result).toMatchObject({ step: 30, stoppedBy: 'iterations' });
    const losses = tuned.events.flatMap((e) => (e.type === 'steps' ? e.points.map(([, l]) => l) : []));
    expect(losses).toHaveLength(30);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 0.5);
    const evals = tuned.events.filter((e) => e.type === 'eval');
    expect(evals.map((e) => e.type === 'eval' && e.point.step)).toEqual([15, 30]);
    const after = await job<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy });
    expect(after.result.text).not.toBe(before.result.text);

    // The HF folder (LoRA merged) reloads with the logits the worker's model has.
    const hf = unzipSync((await job<Uint8Array>({ type: 'pretrained-export', format: 'hf' })).result);
    const reloaded = readPretrained(new Map(Object.entries(hf)));
    const ids = reloaded.tokenizer.encode('hello world');
    const merged = reloaded.llama!.weights;
    expect(maxAbsDiff(merged.get('model.layers.0.mlp.gate_proj.weight')!, weights.get('model.layers.0.mlp.gate_proj.weight')!)).toBe(0); // not adapted
    expect(maxAbsDiff(merged.get('model.layers.0.self_attn.q_proj.weight')!, weights.get('model.layers.0.self_attn.q_proj.weight')!)).toBeGreaterThan(1e-4);
    const again = await job<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy });
    await job({ type: 'pretrained-inspect', files: asFiles(new Map(Object.entries(hf))) });
    await job({ type: 'pretrained-load' });
    const fromExport = await job<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy });
    expect(fromExport.result.text).toBe(again.result.text);

    // The re-imported model has no adapter of its own.
    await expect(job({ type: 'pretrained-export', format: 'peft' })).rejects.toThrow(/no LoRA adapter/);
    if (!hasTorch) return;
    // The adapter folder of the fine-tune, applied to the base weights in plain PyTorch.
    await job({ type: 'pretrained-inspect', files: asFiles(base) });
    await job({ type: 'pretrained-load' });
    await job({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings: { ...settings, steps: 10 } });
    const adapter = unzipSync((await job<Uint8Array>({ type: 'pretrained-export', format: 'peft' })).result);
    expect(Object.keys(adapter).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors', 'tokenizer.json']);
    const ours = readPretrained(new Map(Object.entries(unzipSync((await job<Uint8Array>({ type: 'pretrained-export', format: 'hf' })).result))));
    const dir = mkdtempSync(join(tmpdir(), 'peft-'));
    for (const [sub, files] of [['base', base], ['adapter', new Map(Object.entries(adapter))]] as const) {
      spawnSync('mkdir', ['-p', join(dir, sub)]);
      for (const [n, b] of files) writeFileSync(join(dir, sub, n), b);
    }
    const script = new URL('../core/lm/reference/peft_apply.py', import.meta.url).pathname;
    const run = spawnSync('/usr/bin/python3', [script, join(dir, 'base'), join(dir, 'adapter'), ...ids.map(String)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(run.stderr);
    const ref = JSON.parse(run.stdout) as { logits: number[][] };
    const logits = createLlama(ours.llama!.config, ours.llama!.weights).forwardAll(ids);
    for (let t = 0; t < ids.length; t++) expect(maxAbsDiff(logits[t]!, ref.logits[t]!)).toBeLessThan(1e-4);
  }, 60_000);

  it('GPT-2: LoRA on c_attn, the merged HF export reloads with the same text, the adapter has PEFT names', async () => {
    const job = setup();
    const tok = trainTokenizer([TEXT], { kind: 'bpe', vocabSize: 300, lowercase: false });
    const model = createGpt({ vocabSize: tok.vocab.size, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'tanh' }, 3);
    const hf = await exportHf(model);
    model.dispose();
    const json = tok.toHfJson();
    if (!json.ok) throw new Error(json.error.message);
    const enc = new TextEncoder();
    const base = new Map([['config.json', enc.encode(hf['config.json'])], ['model.safetensors', hf['model.safetensors']], ['tokenizer.json', enc.encode(JSON.stringify(json.value))]]);
    await job({ type: 'pretrained-inspect', files: asFiles(base) });
    await job({ type: 'pretrained-load' });
    await job({ type: 'prepare', corpusId: 'c1', files: [{ name: 'hello.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 });
    const settings: FineTuneSettings = { ...defaultFineTune('gpt2'), steps: 20, learningRate: 1e-2, contextLength: 16, evalEvery: 20, sampleTokens: 4 };
    const tuned = await job<{ step: number }>({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings });
    const losses = tuned.events.flatMap((e) => (e.type === 'steps' ? e.points.map(([, l]) => l) : []));
    expect(losses.slice(-3).reduce((a, b) => a + b, 0)).toBeLessThan(losses.slice(0, 3).reduce((a, b) => a + b, 0));
    const after = await job<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy });
    const adapter = unzipSync((await job<Uint8Array>({ type: 'pretrained-export', format: 'peft' })).result);
    expect(JSON.parse(new TextDecoder().decode(adapter['adapter_config.json']))).toMatchObject({ target_modules: ['c_attn'], fan_in_fan_out: true });
    expect([...readSafetensors(adapter['adapter_model.safetensors']!).tensors.keys()]).toContain('base_model.model.transformer.h.1.attn.c_attn.lora_B.weight');
    const merged = unzipSync((await job<Uint8Array>({ type: 'pretrained-export', format: 'hf' })).result);
    await job({ type: 'pretrained-inspect', files: asFiles(new Map(Object.entries(merged))) });
    await job({ type: 'pretrained-load' });
    const again = await job<{ text: string }>({ type: 'pretrained-generate', prompt: 'hello', settings: greedy });
    expect(again.result.text).toBe(after.result.text);
  }, 60_000);

  it('full fine-tuning changes every weight; a bad setting or a missing model is refused with a message', async () => {
    const job = setup();
    await expect(job({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings: defaultFineTune('llama') })).rejects.toThrow(/No pretrained model is loaded/);
    const { config, weights } = tinyLlama({ seqLen: 64 }, 9);
    await job({ type: 'pretrained-inspect', files: asFiles(hfLlamaFolder(config, weights)) });
    await job({ type: 'pretrained-load' });
    await job({ type: 'prepare', corpusId: 'c1', files: [{ name: 'hello.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 });
    await expect(job({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings: { ...defaultFineTune('llama'), contextLength: 65 } })).rejects.toThrow(/2 to 64 tokens/);
    const settings: FineTuneSettings = { ...defaultFineTune('llama'), method: 'full', steps: 6, learningRate: 1e-3, contextLength: 16, evalEvery: 6 };
    await job({ type: 'pretrained-finetune', corpusId: 'c1', backend: 'auto', settings });
    await expect(job({ type: 'pretrained-export', format: 'peft' })).rejects.toThrow(/no LoRA adapter/);
    const tuned = readPretrained(new Map(Object.entries(unzipSync((await job<Uint8Array>({ type: 'pretrained-export', format: 'hf' })).result))));
    for (const [name, w] of weights) expect(maxAbsDiff(tuned.llama!.weights.get(name)!, w), name).toBeGreaterThan(0);
  }, 60_000);
});

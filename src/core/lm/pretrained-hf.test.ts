/**
 * Hugging Face folders generated here (Llama in F32/F16/BF16, sharded; the studio's own GPT-2
 * export) give the logits of a plain-PyTorch forward pass (reference/pretrained_reference.py) within
 * 1e-4. The PyTorch part skips when /usr/bin/python3 has no torch; the rest always runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainTokenizer } from '../text';
import { createGpt } from './gpt';
import { exportHf } from './hf';
import { llamaTensorSpecs } from './llama-config';
import { tinyLlama } from './llama-test-model';
import { readLlama2c, writeLlama2c } from './llama2c';
import { readPretrained, type LoadedPretrained } from './pretrained';
import { hfLlamaFolder, safetensorsOf, toBf16, toF16 } from './pretrained-test-files';

const script = fileURLToPath(new URL('./reference/pretrained_reference.py', import.meta.url));
const hasTorch = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dir = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'pretrained-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function torchLogits(files: Map<string, Uint8Array>, ids: number[], name: string): number[][] {
  const folder = join(dir, name);
  execFileSync('mkdir', ['-p', folder]);
  for (const [n, b] of files) writeFileSync(join(folder, n), b);
  const out = execFileSync('/usr/bin/python3', [script, folder, ...ids.map(String)], { encoding: 'utf8' });
  return (JSON.parse(out) as { logits: number[][] }).logits;
}

async function ourLogits(m: LoadedPretrained, ids: number[]): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  for (let pos = 0; pos < ids.length; pos++) rows.push((await m.model.step(ids[pos]!, pos)).slice());
  return rows;
}

const maxDiff = (a: ArrayLike<number>[], b: ArrayLike<number>[]) => {
  let m = 0;
  a.forEach((row, t) => { for (let i = 0; i < row.length; i++) m = Math.max(m, Math.abs(row[i]! - b[t]![i]!)); });
  return m;
};

const IDS = [1, 300, 17, 263, 5, 299, 42, 270];

describe('Hugging Face Llama folders', () => {
  it('reads the card, and the same weights give the same logits in every dtype within rounding', async () => {
    const { config, weights } = tinyLlama({ tiedEmbeddings: false });
    const f32 = readPretrained(hfLlamaFolder(config, weights, 'F32'));
    expect(f32.card).toMatchObject({ family: 'llama', layers: 2, heads: 4, kvHeads: 2, dim: 16, vocabSize: 300, source: 'Hugging Face safetensors (F32)' });
    const ref = await ourLogits(f32, IDS.map((i) => i % 300));
    for (const dtype of ['F16', 'BF16'] as const) {
      const m = readPretrained(hfLlamaFolder(config, weights, dtype));
      expect(m.card.source).toContain(dtype);
      expect(maxDiff(await ourLogits(m, IDS.map((i) => i % 300)), ref)).toBeLessThan(dtype === 'F16' ? 0.02 : 0.2);
    }
  });

  it('a sharded folder (index + 3 shards) is the same model as one file', async () => {
    const { config, weights } = tinyLlama();
    const one = readPretrained(hfLlamaFolder(config, weights));
    const three = readPretrained(hfLlamaFolder(config, weights, 'F32', 3));
    expect(three.card.source).toContain('3 shards');
    const ids = IDS.map((i) => i % 300);
    expect(maxDiff(await ourLogits(three, ids), await ourLogits(one, ids))).toBe(0);
  });

  it('tokenizer.json SentencePiece BPE: ▁ for spaces, merges by rank, byte fallback', () => {
    const { config, weights } = tinyLlama();
    const { tokenizer: tok } = readPretrained(hfLlamaFolder(config, weights));
    const ids = tok.encode('hello world');
    expect(ids).toEqual([1, 259 + 12, 259 + 17]); // <s> ▁hello ▁world
    const withBytes = tok.encode('hé');
    expect(withBytes).toEqual([1, 259 + 0, 259 + 1, 0xc3 + 3, 0xa9 + 3]);
    expect(tok.decode(withBytes)).toBe('hé');
    expect(tok.decode(ids)).toBe('hello world');
  });

  it.skipIf(!hasTorch)('Llama logits match plain PyTorch within 1e-4 (F32, F16, BF16, tied and untied, GQA)', async () => {
    for (const [tied, dtype] of [[false, 'F32'], [true, 'F16'], [false, 'BF16']] as const) {
      const { config, weights } = tinyLlama({ tiedEmbeddings: tied }, 7);
      const files = hfLlamaFolder(config, weights, dtype);
      const ids = IDS.map((i) => i % 300);
      const ours = await ourLogits(readPretrained(files), ids);
      expect(maxDiff(ours, torchLogits(files, ids, `llama-${dtype}`)), `${dtype} tied=${tied}`).toBeLessThan(1e-4);
    }
  });

  it.skipIf(!hasTorch)('a llama2.c checkpoint read by the studio is the HF model PyTorch runs (RoPE pairs permuted right)', async () => {
    const { config, weights } = tinyLlama({}, 11);
    const read = readLlama2c(writeLlama2c(config, weights, 0));
    const files = hfLlamaFolder(read.config, read.weights);
    const ids = [1, 20, 30, 40, 50];
    const ours = await ourLogits(readPretrained(files), ids);
    expect(maxDiff(ours, torchLogits(files, ids, 'from-llama2c'))).toBeLessThan(1e-4);
  });
});

async function gpt2Folder(): Promise<Map<string, Uint8Array>> {
  const texts = ['the quick brown fox jumps over the lazy dog', 'hello world, hello studio'];
  const tok = trainTokenizer(texts, { kind: 'bpe', vocabSize: 300, lowercase: false });
  const model = createGpt({ vocabSize: tok.vocab.size, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'tanh' }, 3);
  const hf = await exportHf(model);
  model.dispose();
  const json = tok.toHfJson();
  if (!json.ok) throw new Error(json.error.message);
  const enc = new TextEncoder();
  return new Map([['config.json', enc.encode(hf['config.json'])], ['model.safetensors', hf['model.safetensors']], ['tokenizer.json', enc.encode(JSON.stringify(json.value))]]);
}

describe('Hugging Face GPT-2 folders (the studio export)', () => {
  it('loads with its byte-level BPE tokenizer and generates through the cache', async () => {
    const m = readPretrained(await gpt2Folder());
    expect(m.card).toMatchObject({ family: 'gpt2', layers: 2, heads: 2, dim: 16, contextLength: 16 });
    const ids = m.tokenizer.encode('hello world');
    expect(m.tokenizer.decode(ids)).toBe('hello world');
    const stepped = await ourLogits(m, ids);
    expect(stepped[0]!.length).toBe(m.card.vocabSize);
    m.model.dispose?.();
  });

  it.skipIf(!hasTorch)('logits match plain PyTorch within 1e-4', async () => {
    const files = await gpt2Folder();
    const m = readPretrained(files);
    const ids = [5, 70, 80, 120, 33, 2];
    expect(maxDiff(await ourLogits(m, ids), torchLogits(files, ids, 'gpt2'))).toBeLessThan(1e-4);
    m.model.dispose?.();
  });
});

describe('what the studio refuses, and why', () => {
  const { config, weights } = tinyLlama();
  const enc = new TextEncoder();
  const folder = () => hfLlamaFolder(config, weights);

  it('unknown model_type names what it runs', () => {
    const f = folder();
    f.set('config.json', enc.encode(JSON.stringify({ model_type: 't5', architectures: ['T5ForConditionalGeneration'] })));
    expect(() => readPretrained(f)).toThrow(/model_type "t5", which the studio cannot run\. It runs "llama" \(LlamaForCausalLM\), "gpt2"/);
  });

  it('missing tensors and wrong shapes are listed by name', () => {
    const shapes = new Map(llamaTensorSpecs(config).map((t) => [t.name, t.shape]));
    const kept = [...weights].filter(([n]) => n !== 'model.layers.1.mlp.up_proj.weight');
    const f = folder();
    f.set('model.safetensors', safetensorsOf(kept.map(([n, w]) => [n, w, n === 'model.layers.0.self_attn.q_proj.weight' ? [w.length] : shapes.get(n)!]), 'F32'));
    expect(() => readPretrained(f)).toThrow(/model\.layers\.0\.self_attn\.q_proj\.weight has shape \[256\], config\.json implies \[16, 16\]; model\.layers\.1\.mlp\.up_proj\.weight is missing/);
  });

  it('a pickle .bin, a truncated file, a missing shard and a lone safetensors are refused', () => {
    const pickle = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(() => readPretrained(new Map([['pytorch_model.bin', pickle]]))).toThrow(/PyTorch pickle/);
    const withPickle = folder();
    withPickle.delete('model.safetensors');
    withPickle.set('pytorch_model.bin', pickle);
    expect(() => readPretrained(withPickle)).toThrow(/pickle weights .* does not read/);
    const cut = folder();
    cut.set('model.safetensors', cut.get('model.safetensors')!.subarray(0, 5000));
    expect(() => readPretrained(cut)).toThrow(/model\.safetensors: .*truncated or damaged/);
    const sharded = hfLlamaFolder(config, weights, 'F32', 2);
    sharded.delete('model-00002-of-00002.safetensors');
    expect(() => readPretrained(sharded)).toThrow(/model-00002-of-00002\.safetensors is missing/);
    expect(() => readPretrained(new Map([['model.safetensors', folder().get('model.safetensors')!]]))).toThrow(/without its config\.json/);
    expect(() => readPretrained(new Map([['model.gguf', new Uint8Array(8)]]))).toThrow(/not supported/);
    const noTok = folder();
    noTok.delete('tokenizer.json');
    expect(() => readPretrained(noTok)).toThrow(/no tokenizer\.json/);
  });

  it('a llama2.c checkpoint needs its tokenizer.bin', () => {
    expect(() => readPretrained(new Map([['model.bin', writeLlama2c(config, weights, 0)]]))).toThrow(/no tokenizer came with it/);
  });

  it('rounding helpers: f16 and bf16 of exact values', () => {
    expect(toF16(1)).toBe(0x3c00);
    expect(toF16(-2)).toBe(0xc000);
    expect(toF16(65504)).toBe(0x7bff);
    expect(toBf16(1)).toBe(0x3f80);
    expect(toBf16(-0.5)).toBe(0xbf00);
  });
});

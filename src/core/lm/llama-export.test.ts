import { describe, expect, it } from 'vitest';
import { llamaHfFiles, llamaLlama2cFile } from './llama-export';
import { tinyLlama } from './llama-test-model';
import { writeLlama2cTokenizer } from './llama2c-tokenizer';
import { readPretrained } from './pretrained';
import { hfLlamaFolder } from './pretrained-test-files';

const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ...Array.from({ length: 41 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(1 + Math.floor(i / 26)))];
const tokBin = writeLlama2cTokenizer(pieces, pieces.map((_, i) => -i));

async function logits(files: Map<string, Uint8Array>, ids: number[]) {
  const m = readPretrained(files);
  const rows: number[][] = [];
  for (let p = 0; p < ids.length; p++) rows.push([...(await m.model.step(ids[p]!, p))]);
  return rows;
}

describe('Llama export', () => {
  const { config, weights } = tinyLlama({ tiedEmbeddings: false }, 3);
  const ids = [1, 260, 17, 299];

  it('llama2.c → HF folder (with its tokenizer.bin) → llama2.c: identical logits and identical bytes', async () => {
    const original = llamaLlama2cFile(config, weights);
    const fromBin = readPretrained(new Map([['model.bin', original], ['tok.bin', tokBin]]));
    const hf = llamaHfFiles(fromBin.llama!.config, fromBin.llama!.weights);
    hf.set('tok.bin', tokBin);
    const again = readPretrained(hf);
    expect(again.card.source).toBe('Hugging Face safetensors (F32)');
    expect(again.tokenizer.description).toContain('tokenizer.bin');
    expect(await logits(hf, ids)).toEqual(await logits(new Map([['model.bin', original], ['tok.bin', tokBin]]), ids));
    expect(llamaLlama2cFile(again.llama!.config, again.llama!.weights)).toEqual(original);
  });

  it('HF folder → HF export re-imports with identical logits', async () => {
    const folder = hfLlamaFolder(config, weights);
    const m = readPretrained(folder);
    const out = llamaHfFiles(m.llama!.config, m.llama!.weights);
    out.set('tokenizer.json', folder.get('tokenizer.json')!);
    expect(await logits(out, ids)).toEqual(await logits(folder, ids));
  });
});

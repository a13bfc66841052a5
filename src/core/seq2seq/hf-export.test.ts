import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { deserializeTokenizer } from '../text';
import { readSafetensors, toFloat32 } from '../lm/safetensors';
import type { Seq2SeqConfig } from './config';
import { hfT5Unavailable, writeHfT5Zip } from './hf-export';
import { createSeq2Seq } from './model';
import { trainPairVocab } from './vocab';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const words = ['cat', 'dog', 'bird', 'cattle', 'doge'];
const sounds = ['K AE T', 'D AO G', 'B ER D', 'K AE T AH L', 'D OW JH'];

function config(vocabSize: number, over: Partial<Seq2SeqConfig> = {}): Seq2SeqConfig {
  return {
    vocabSize, dModel: 16, nHeads: 2, dKv: 8, dFf: 32, nEncoderLayers: 1, nDecoderLayers: 1,
    maxSourceLen: 12, maxTargetLen: 12, position: 't5', norm: 'rms', tieEmbeddings: false,
    relBuckets: 8, relMaxDistance: 16, dropout: 0, eps: 1e-6, ...over,
  };
}

describe('Hugging Face T5 zip', () => {
  it('holds config.json, model.safetensors and tokenizer.json; the weights read back equal ([out, in] Linear layout) and the tokenizers give the model ids', async () => {
    const vocab = trainPairVocab(words, sounds, { kind: 'char', vocabSize: 100, lowercase: true }, { kind: 'word', vocabSize: 100, lowercase: false });
    const model = createSeq2Seq(config(vocab.size), { seed: 3 });
    const files = unzipSync(await writeHfT5Zip(model, vocab));
    expect(Object.keys(files).sort()).toEqual(['config.json', 'model.safetensors', 'target_tokenizer.json', 'tokenizer.json']);

    const cfg = JSON.parse(strFromU8(files['config.json']!)) as Record<string, unknown>;
    expect(cfg.architectures).toEqual(['T5ForConditionalGeneration']);
    expect(cfg.vocab_size).toBe(vocab.size);

    const st = readSafetensors(files['model.safetensors']!);
    expect(st.tensors.size).toBe(model.params.size);
    for (const [name, v] of model.params) {
      const ours = (await v.data()) as Float32Array;
      const t = st.tensors.get(name)!;
      const back = toFloat32(t);
      const linear = v.shape.length === 2 && name !== 'shared.weight' && !name.includes('relative_attention_bias');
      if (!linear) {
        expect(t.shape, name).toEqual(v.shape);
        expect(Array.from(back), name).toEqual(Array.from(ours));
      } else {
        const [nIn, nOut] = v.shape as [number, number];
        expect(t.shape, name).toEqual([nOut, nIn]);
        for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) expect(back[j * nIn + i]).toBe(ours[i * nOut + j]);
      }
    }

    const src = deserializeTokenizer(JSON.parse(strFromU8(files['tokenizer.json']!)));
    const tgt = deserializeTokenizer(JSON.parse(strFromU8(files['target_tokenizer.json']!)));
    if (!src.ok || !tgt.ok) throw new Error(`tokenizer.json did not read back: ${!src.ok ? src.error.message : ''} ${!tgt.ok ? tgt.error.message : ''}`);
    for (const w of [...words, 'tac']) expect(src.value.ids(w), w).toEqual(vocab.encodeSource(w));
    for (const s of sounds) expect(tgt.value.encode(s, { addSpecialTokens: true }).ids, s).toEqual([...vocab.encodeTarget(s), 1]);
    model.dispose();
  });

  it('one tokenizer.json when the sides share a tokenizer', async () => {
    const vocab = trainPairVocab(words, sounds, { kind: 'char', vocabSize: 100, lowercase: false }, 'shared');
    const model = createSeq2Seq(config(vocab.size, { tieEmbeddings: true }), { seed: 1 });
    const files = unzipSync(await writeHfT5Zip(model, vocab));
    expect(Object.keys(files).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    model.dispose();
  });

  it('is refused, with the reason, without the T5 options', async () => {
    expect(hfT5Unavailable({ position: 'learned', norm: 'rms' })).toMatch(/relative position bias/);
    expect(hfT5Unavailable({ position: 't5', norm: 'layer' })).toMatch(/RMSNorm/);
    expect(hfT5Unavailable({ position: 't5', norm: 'rms' })).toBeNull();
    const vocab = trainPairVocab(words, sounds, { kind: 'char', vocabSize: 100, lowercase: false }, 'shared');
    const model = createSeq2Seq(config(vocab.size, { norm: 'layer' }), { seed: 1 });
    await expect(writeHfT5Zip(model, vocab)).rejects.toThrow(/RMSNorm/);
    model.dispose();
  });
});

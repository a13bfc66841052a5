/**
 * Golden: greedy generation of Karpathy's stories260K from BOS matches what llama2.c's
 * `./run stories260K.bin -z tok512.bin -t 0.0` prints (../shared/fixtures/models/README.md).
 * Skips when the shared fixtures folder is absent (the project's own tests generate checkpoints).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLlama } from './llama';
import { readLlama2c } from './llama2c';
import { readLlama2cTokenizer } from './llama2c-tokenizer';
import { generatePretrained } from './pretrained-generate';

const dir = fileURLToPath(new URL('../../../../shared/fixtures/models/llama2c-stories260K/', import.meta.url));
const present = existsSync(`${dir}stories260K.bin`) && existsSync(`${dir}tok512.bin`);

describe.skipIf(!present)('stories260K golden (llama2.c run.c, temperature 0)', () => {
  it('reads the v0 header and generates the documented story word for word', async () => {
    const file = readLlama2c(readFileSync(`${dir}stories260K.bin`));
    expect(file.version).toBe(0);
    expect(file.config).toMatchObject({ dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKvHeads: 4, vocabSize: 512, seqLen: 512, tiedEmbeddings: true });
    const tok = readLlama2cTokenizer(readFileSync(`${dir}tok512.bin`), file.config.vocabSize);
    expect(tok.maxTokenLength).toBe(7);
    const model = createLlama(file.config, file.weights);
    const out = await generatePretrained(model, tok, [tok.bosId], { maxNewTokens: 200, temperature: 0, yieldEvery: 0 });
    expect(out.ids.slice(0, 6)).toEqual([403, 407, 261, 378, 432, 383]);
    expect(out.text.startsWith('Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.')).toBe(true);
  });

  it('round-trips its own text through the tokenizer', () => {
    const file = readLlama2c(readFileSync(`${dir}stories260K.bin`));
    const tok = readLlama2cTokenizer(readFileSync(`${dir}tok512.bin`), file.config.vocabSize);
    const text = 'Once upon a time, there was a little girl named Lily.';
    const ids = tok.encode(text);
    expect(ids[0]).toBe(1);
    expect(ids.length).toBeLessThan(text.length);
    expect(tok.decode(ids)).toBe(text);
  });
});

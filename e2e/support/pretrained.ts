import { writeLlama2c } from '../../src/core/lm/llama2c';
import { writeLlama2cTokenizer } from '../../src/core/lm/llama2c-tokenizer';
import { tinyLlama } from '../../src/core/lm/llama-test-model';

/** A small llama2.c checkpoint made here, with a byte-fallback tokenizer.bin, as files for the picker. */
export function generatedLlama() {
  const { config, weights } = tinyLlama({ vocabSize: 262, seqLen: 64 });
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ' ', 'a', 'b'];
  return [{ name: 'model.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2c(config, weights, 1)) }, { name: 'tokenizer.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2cTokenizer(pieces, new Array<number>(262).fill(0))) }];
}

/**
 * The studio's llama2.c reader + Llama forward against bench/c/llama_ref.c (our plain C forward
 * pass after run.c, which reads the v0 file as it is: interleaved RoPE pairs, no permutation), on
 * a generated GQA checkpoint with a separate classifier. Skips when gcc is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLlama } from './llama';
import { readLlama2c, writeLlama2c } from './llama2c';
import { tinyLlama } from './llama-test-model';

const source = fileURLToPath(new URL('../../../bench/c/llama_ref.c', import.meta.url));
const hasGcc = !spawnSync('gcc', ['--version']).error;

describe.skipIf(!hasGcc)('llama2.c v0 against our C reference', () => {
  it('logits of every position agree within 1e-4', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llama-c-'));
    try {
      const exe = join(dir, 'llama_ref');
      execFileSync('gcc', ['-O2', '-o', exe, source, '-lm']);
      const { config, weights } = tinyLlama({ tiedEmbeddings: false }, 5);
      const bin = join(dir, 'model.bin');
      writeFileSync(bin, writeLlama2c(config, weights, 0));
      const ids = [1, 42, 7, 299, 100, 3];
      const c = execFileSync(exe, [bin, '--logits', ...ids.map(String)], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(' ').map(Number));
      const read = readLlama2c(writeLlama2c(config, weights, 0));
      const ours = createLlama(read.config, read.weights).forwardAll(ids);
      let max = 0;
      ours.forEach((row, t) => row.forEach((v, i) => (max = Math.max(max, Math.abs(v - c[t]![i]!)))));
      expect(c.length).toBe(ids.length);
      expect(max).toBeLessThan(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

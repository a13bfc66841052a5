/**
 * The WebAssembly SIMD Llama step (core/kernels/llama-step.ts) against the typed-array step of llama.ts on
 * generated checkpoints: same logits within 1e-5 (relative to the largest logit of the position, at
 * least 1) at every position, untied and tied heads, grouped-query attention, and shapes whose rows, widths and
 * head size are not multiples of four (the kernels' scalar tails).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { llamaKernelsFailure, setLlamaKernelsEnabled } from '../kernels/llama-step';
import { createLlama } from './llama';
import type { LlamaConfig } from './llama-config';
import { tinyLlama } from './llama-test-model';

function bothPaths(over: Partial<LlamaConfig>, seed: number) {
  const { config, weights } = tinyLlama(over, seed);
  setLlamaKernelsEnabled(false);
  const js = createLlama(config, weights);
  setLlamaKernelsEnabled(true);
  const wasm = createLlama(config, weights);
  return { config, js, wasm };
}

/** Largest |a−b| / max(1, maxᵢ|bᵢ|) over every position's logits, feeding both the same tokens. */
function worstDifference(over: Partial<LlamaConfig>, seed: number, ids: number[]): number {
  const { js, wasm } = bothPaths(over, seed);
  expect(js.stepPath).toBe('js');
  expect(wasm.stepPath, llamaKernelsFailure() ?? '').toBe('wasm');
  let worst = 0;
  ids.forEach((id, pos) => {
    const a = wasm.step(id, pos).slice();
    const b = js.step(id, pos);
    let size = 1;
    for (let i = 0; i < b.length; i++) size = Math.max(size, Math.abs(b[i]!));
    for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / size);
  });
  return worst;
}

const tokens = (n: number, vocab: number) => Array.from({ length: n }, (_, i) => (i * 37 + 11) % vocab);

describe('Llama step on WebAssembly SIMD', () => {
  afterEach(() => setLlamaKernelsEnabled(true));

  it('equals the typed-array step within 1e-5: stories260K shape (GQA, tied head)', () => {
    const over = { dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKvHeads: 4, vocabSize: 512, seqLen: 96, headDim: 8 };
    expect(worstDifference(over, 260, tokens(96, 512))).toBeLessThan(1e-5);
  });

  it('equals the typed-array step within 1e-5: untied head, widths and head size not multiples of 4', () => {
    const over = { dim: 30, hiddenDim: 45, nLayers: 2, nHeads: 5, nKvHeads: 5, headDim: 6, vocabSize: 101, seqLen: 23, tiedEmbeddings: false };
    expect(worstDifference(over, 7, tokens(23, 101))).toBeLessThan(1e-5);
  });

  it('equals the typed-array step within 1e-5: more query heads per kv head, head size ≠ dim / heads', () => {
    const over = { dim: 24, hiddenDim: 64, nLayers: 3, nHeads: 6, nKvHeads: 2, headDim: 12, vocabSize: 77, seqLen: 40 };
    expect(worstDifference(over, 3, tokens(40, 77))).toBeLessThan(1e-5);
  });

  it('follows a different history to different logits (the cache is per model)', () => {
    const { wasm } = bothPaths({}, 5);
    const { wasm: other } = bothPaths({}, 5);
    wasm.step(3, 0);
    other.step(4, 0);
    expect(Array.from(wasm.step(9, 1))).not.toEqual(Array.from(other.step(9, 1)));
  });
});

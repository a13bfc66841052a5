import { describe, expect, it } from 'vitest';
import { estimateMemory } from './gpt-config';
import { CPU_BACKEND_MAX_BYTES, fitProblem } from './fit';

const GB = 2 ** 30;

describe('will a language model fit (fit.ts)', () => {
  it('refuses over 4 GB on WebAssembly or plain JavaScript, not on a GPU backend', () => {
    expect(fitProblem(CPU_BACKEND_MAX_BYTES, 'wasm')).toBeUndefined();
    expect(fitProblem(5 * GB, 'wasm')).toEqual({
      message: 'This model needs about 5.0 GB of memory to train, more than WebAssembly can hold (4 GB): it would run out of memory.',
      hint: 'Make the model smaller (fewer layers, a smaller embedding or context) or lower the batch size. A GPU backend (WebGPU or WebGL) is not bound by this limit.',
    });
    expect(fitProblem(5 * GB, 'cpu')).toBeDefined();
    expect(fitProblem(5 * GB, 'webgpu')).toBeUndefined();
  });

  it("refuses more than the device's reported memory, unless the figure is the browser's cap (8)", () => {
    expect(fitProblem(3 * GB, 'webgpu', 2)?.message).toBe('This model needs about 3.0 GB of memory to train, more than this device reports (2 GB): it would run out of memory.');
    expect(fitProblem(1.5 * GB, 'webgpu', 2)).toBeUndefined();
    expect(fitProblem(12 * GB, 'webgpu', 8)).toBeUndefined();
  });

  it('a GPT-2-small-sized model at batch 32 × 1024 does not fit on wasm; the nanoGPT CPU preset size does', () => {
    const gpt2 = estimateMemory({ nLayer: 12, nHead: 12, nEmbd: 768, blockSize: 1024, vocabSize: 50257, dropout: 0, bias: true }, 32);
    expect(gpt2.trainingBytes).toBeGreaterThan(CPU_BACKEND_MAX_BYTES);
    expect(fitProblem(gpt2.trainingBytes, 'wasm')).toBeDefined();
    const small = estimateMemory({ nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, vocabSize: 80, dropout: 0, bias: true }, 12);
    expect(fitProblem(small.trainingBytes, 'wasm')).toBeUndefined();
  });
});

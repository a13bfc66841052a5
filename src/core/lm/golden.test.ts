import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { goldenDiffs } from './golden-check';

describe('GPT against the PyTorch reference (fixtures/gpt-tiny), cpu backend', () => {
  it('gives the same logits (exact and tanh GELU), loss and gradients to 1e-4', async () => {
    await tf.setBackend('cpu');
    const d = goldenDiffs();
    console.log('golden diffs (cpu):', JSON.stringify(d));
    expect(d.gradCount).toBe(2 + 2 * 12 + 2);
    expect(d.logitsExact).toBeLessThan(1e-4);
    expect(d.logitsTanh).toBeLessThan(1e-4);
    expect(d.loss).toBeLessThan(1e-5);
    expect(d.grad).toBeLessThan(1e-5);
  });
});

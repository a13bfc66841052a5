import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { goldenDiffs, goldenTrainDiffs } from './golden-check';

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

  it('takes the same three AdamW steps (weight decay groups, clipping, warmup/cosine lr) as torch.optim.AdamW', async () => {
    const d = await goldenTrainDiffs();
    console.log('golden train diffs (cpu):', JSON.stringify(d));
    expect(d.losses).toBeLessThan(1e-5);
    expect(d.gradNorms).toBeLessThan(1e-4);
    expect(d.weights).toBeLessThan(1e-5);
  });
});

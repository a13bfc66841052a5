import { describe, expect, it } from 'vitest';
import { gptTrainFlopsPerToken } from './gpt-flops';

describe('GPT training FLOPs per token', () => {
  it('counts the nanoGPT CPU config by hand: 4 layers, C 128, T 64, 81 characters', () => {
    // Per layer 12·128² + 2·64·128 = 196608 + 16384 = 212992 multiply-adds; ×4 = 851968; head
    // 128·81 = 10368; forward 862336 multiply-adds = 1724672 FLOPs; training 3× = 5174016.
    expect(gptTrainFlopsPerToken({ nLayer: 4, nEmbd: 128, vocabSize: 81, blockSize: 64 })).toBe(5174016);
  });

  it("equals nanoGPT's 6N + 12·L·C·T with N the matMul weights (12·L·C² + V·C)", () => {
    const c = { nLayer: 6, nEmbd: 384, vocabSize: 65, blockSize: 256 };
    const N = 12 * c.nLayer * c.nEmbd ** 2 + c.vocabSize * c.nEmbd;
    expect(gptTrainFlopsPerToken(c)).toBe(6 * N + 12 * c.nLayer * c.nEmbd * c.blockSize);
  });
});

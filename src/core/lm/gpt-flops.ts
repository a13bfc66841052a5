/**
 * FLOPs of one GPT training step per token, by nanoGPT's `estimate_mfu` convention (PaLM appendix
 * B): the matMuls only, 2 FLOPs a multiply-add, backward twice forward, attention over the whole
 * context T. Forward per layer: q/k/v 3C², output projection C², MLP 4C² + 4C² multiply-adds, and
 * q·kᵀ plus att·v 2·T·C; then the output head C·V. nanoGPT's 6N + 12·L·C·T counts the same, plus
 * the few bias and LayerNorm parameters in N. Used for `bench: gpt-gflops` (bench/gpt.ts).
 */
import type { GptConfig } from './gpt-config';

export function gptTrainFlopsPerToken(c: Pick<GptConfig, 'nLayer' | 'nEmbd' | 'vocabSize' | 'blockSize'>, T = c.blockSize): number {
  const C = c.nEmbd;
  const layerMacs = 12 * C * C + 2 * T * C;
  const forwardMacs = c.nLayer * layerMacs + C * c.vocabSize;
  return 3 * 2 * forwardMacs;
}

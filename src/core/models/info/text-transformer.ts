import { encoderAndHeadParams, vocabSizeOf } from './counts';
import { blocksField, dropoutField, embeddingDimField, ffDimField, headsField } from './text-fields';
import { defineInfo } from '../types';

export type TextTransformerParams = { embeddingDim: number; heads: number; blocks: number; ffDim: number; dropout: number };

/**
 * A small transformer encoder: token embedding + learned position embedding → `blocks` pre-LN
 * blocks (multi-head self-attention that ignores pads, GELU feed-forward) → mean over the real
 * tokens → LayerNorm → task head.
 */
export const textTransformerInfo = defineInfo<TextTransformerParams>({
  kind: 'neural',
  id: 'text-transformer',
  label: 'Transformer encoder',
  card: {
    summary: 'Every word piece looks at every other one and decides which matter to it ("attention"), over a few rounds; the result is averaged and classified. The idea behind BERT and GPT, in miniature.',
    goodFor: 'Texts where meaning depends on how words relate, even far apart. Learning how modern language models work.',
    watchOut: 'Trained from scratch it needs plenty of data: on a few thousand short texts it often does no better than the embedding bag or the CNN. Slower, and sensitive to the learning rate (try 0.0005–0.001).',
  },
  tasks: ['classification', 'regression'],
  input: 'tokens',
  defaultParams: { embeddingDim: 64, heads: 4, blocks: 2, ffDim: 128, dropout: 0.1 },
  fields: [embeddingDimField, headsField, blocksField, ffDimField, dropoutField('attention and feed-forward outputs')],
  paramCount(p, maxLength, nOutputs, ctx) {
    const d = p.embeddingDim;
    return (vocabSizeOf(ctx) + maxLength) * d + encoderAndHeadParams(d, p, nOutputs);
  },
});

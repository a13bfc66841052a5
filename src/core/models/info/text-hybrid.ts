import { encoderAndHeadParams, vocabSizeOf } from './counts';
import { blocksField, dropoutField, embeddingDimField, ffDimField, headsField } from './text-fields';
import { defineInfo } from '../types';

export type TextHybridParams = { embeddingDim: number; kernelSize: number; heads: number; blocks: number; ffDim: number; dropout: number };

/**
 * CNN front end + transformer: token + position embedding → one GELU convolution over
 * `kernelSize`-token windows ('same' length, embeddingDim filters) → transformer blocks → masked
 * mean pool → LayerNorm → task head. The convolution hands the attention layers phrase-level
 * features instead of single word pieces.
 */
export const textHybridInfo = defineInfo<TextHybridParams>({
  kind: 'neural',
  id: 'text-hybrid',
  label: 'CNN + Transformer',
  card: {
    summary: 'First a convolution turns each word piece into a description of its short phrase, then attention blocks relate these phrases across the whole text.',
    goodFor: 'Texts where both local phrases ("not bad") and links between distant parts matter; often learns faster than a plain transformer on small data.',
    watchOut: 'The slowest and most complex of the text models, with the most settings to tune. Try the embedding bag or CNN first as a baseline.',
  },
  tasks: ['classification', 'regression'],
  input: 'tokens',
  defaultParams: { embeddingDim: 64, kernelSize: 3, heads: 4, blocks: 1, ffDim: 128, dropout: 0.1 },
  fields: [
    embeddingDimField,
    { key: 'kernelSize', label: 'Window size', kind: 'int', min: 1, max: 15, help: 'How many neighbouring word pieces the convolution looks at together, e.g. 3.' },
    headsField,
    blocksField,
    ffDimField,
    dropoutField('attention and feed-forward outputs'),
  ],
  paramCount(p, maxLength, nOutputs, ctx) {
    const d = p.embeddingDim;
    return (vocabSizeOf(ctx) + maxLength) * d + (p.kernelSize * d * d + d) + encoderAndHeadParams(d, p, nOutputs);
  },
});

import { denseParams, headParams, vocabSizeOf } from './counts';
import { dropoutField, embeddingDimField } from './text-fields';
import { defineInfo } from '../types';

export type EmbeddingBagParams = { embeddingDim: number; hiddenLayers: readonly number[]; dropout: number };

/**
 * fastText-style bag of embeddings: each token id → a learned vector, the average over the real
 * tokens (pads left out) → ReLU dense layers (each followed by dropout when rate > 0) → task head.
 * Word order is ignored. Input: token ids [batch, maxLength], pad id 0.
 */
export const textEmbeddingBagInfo = defineInfo<EmbeddingBagParams>({
  kind: 'neural',
  id: 'text-embedding-bag',
  label: 'Embedding bag (fastText-style)',
  card: {
    summary: 'Learns a small list of numbers (an embedding) for every word piece, averages them over the text, and classifies the average.',
    goodFor: 'A fast, strong first model for text: topics, spam, sentiment with clear keywords. Trains in seconds.',
    watchOut: 'Ignores word order: "not good" and "good, not bad" look alike. Rare words get poor embeddings with little data.',
  },
  tasks: ['classification', 'regression'],
  input: 'tokens',
  defaultParams: { embeddingDim: 64, hiddenLayers: [64], dropout: 0.2 },
  fields: [
    embeddingDimField,
    {
      key: 'hiddenLayers',
      label: 'Hidden layers',
      kind: 'layers',
      min: 1,
      max: 1024,
      help: 'Units of the dense layers after the average, e.g. 64. Leave empty for the classic fastText (average straight into the output).',
    },
    dropoutField('hidden units'),
  ],
  paramCount(p, _maxLength, nOutputs, ctx) {
    let total = vocabSizeOf(ctx) * p.embeddingDim;
    let inputs = p.embeddingDim;
    for (const units of p.hiddenLayers) {
      total += denseParams(inputs, units);
      inputs = units;
    }
    return total + headParams(inputs, nOutputs);
  },
});

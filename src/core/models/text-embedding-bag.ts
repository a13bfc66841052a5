import * as tf from '@tensorflow/tfjs';
import { denseLayer, denseParams, dropoutLayer, layerSeeds } from './layers';
import { addTextHead, dropoutField, embeddingDimField, headParams, nextLayerSeed, vocabSizeOf } from './text-common';
import { TextMaskedMeanPool, TextTokenEmbedding } from './text-layers';
import { defineModel } from './types';

export type EmbeddingBagParams = { embeddingDim: number; hiddenLayers: readonly number[]; dropout: number };

/**
 * fastText-style bag of embeddings: each token id → a learned vector, the average over the real
 * tokens (pads left out) → ReLU dense layers (each followed by dropout when rate > 0) → task head.
 * Word order is ignored. Input: token ids [batch, maxLength], pad id 0.
 */
export const textEmbeddingBag = defineModel<EmbeddingBagParams>({
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
  build(p, maxLength, nOutputs, task, seed, ctx) {
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    model.add(new TextTokenEmbedding({ inputShape: [maxLength], vocabSize: vocabSizeOf(ctx), dim: p.embeddingDim, positions: 0, seed: nextLayerSeed(seeds) }));
    model.add(new TextMaskedMeanPool({}));
    for (const units of p.hiddenLayers) {
      model.add(denseLayer(units, 'relu', seeds, 0));
      if (p.dropout > 0) model.add(dropoutLayer(p.dropout, seeds));
    }
    addTextHead(model, task, nOutputs, seeds);
    return model;
  },
});

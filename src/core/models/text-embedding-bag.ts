import * as tf from '@tensorflow/tfjs';
import { denseLayer, dropoutLayer, layerSeeds } from './layers';
import { addTextHead, nextLayerSeed, vocabSizeOf } from './text-common';
import { TextMaskedMeanPool, TextTokenEmbedding } from './text-layers';
import { defineModel } from './types';
import { textEmbeddingBagInfo, type EmbeddingBagParams } from './info/text-embedding-bag';
export { type EmbeddingBagParams } from './info/text-embedding-bag';

/** textEmbeddingBag: the description in `info/text-embedding-bag.ts` plus the tfjs graph (worker only). */
export const textEmbeddingBag = defineModel<EmbeddingBagParams>({
  ...textEmbeddingBagInfo,
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

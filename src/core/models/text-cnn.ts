import * as tf from '@tensorflow/tfjs';
import { dropoutLayer, layerSeeds } from './layers';
import { addTextHead, nextLayerSeed, vocabSizeOf } from './text-common';
import { TextConvMaxPool, TextTokenEmbedding } from './text-layers';
import { defineModel } from './types';
import { textCnnInfo, type TextCnnParams } from './info/text-cnn';
export { type TextCnnParams } from './info/text-cnn';

/** textCnn: the description in `info/text-cnn.ts` plus the tfjs graph (worker only). */
export const textCnn = defineModel<TextCnnParams>({
  ...textCnnInfo,
  build(p, maxLength, nOutputs, task, seed, ctx) {
    if (p.kernelSizes.length === 0) throw new Error('The CNN needs at least one window size.');
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    model.add(new TextTokenEmbedding({ inputShape: [maxLength], vocabSize: vocabSizeOf(ctx), dim: p.embeddingDim, positions: 0, seed: nextLayerSeed(seeds) }));
    model.add(new TextConvMaxPool({ kernelSizes: [...p.kernelSizes], filters: p.filters, seed: nextLayerSeed(seeds) }));
    if (p.dropout > 0) model.add(dropoutLayer(p.dropout, seeds));
    addTextHead(model, task, nOutputs, seeds);
    return model;
  },
});

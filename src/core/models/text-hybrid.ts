import * as tf from '@tensorflow/tfjs';
import { layerSeeds } from './layers';
import { nextLayerSeed, vocabSizeOf } from './text-common';
import { TextMaskedConv1D, TextTokenEmbedding } from './text-layers';
import { addEncoderAndHead, checkHeads } from './text-transformer';
import { defineModel } from './types';
import { textHybridInfo, type TextHybridParams } from './info/text-hybrid';
export { type TextHybridParams } from './info/text-hybrid';

/** textHybrid: the description in `info/text-hybrid.ts` plus the tfjs graph (worker only). */
export const textHybrid = defineModel<TextHybridParams>({
  ...textHybridInfo,
  build(p, maxLength, nOutputs, task, seed, ctx) {
    checkHeads(p.embeddingDim, p.heads);
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    model.add(new TextTokenEmbedding({ inputShape: [maxLength], vocabSize: vocabSizeOf(ctx), dim: p.embeddingDim, positions: maxLength, seed: nextLayerSeed(seeds) }));
    model.add(new TextMaskedConv1D({ filters: p.embeddingDim, kernelSize: p.kernelSize, seed: nextLayerSeed(seeds) }));
    addEncoderAndHead(model, p, task, nOutputs, seeds);
    return model;
  },
});

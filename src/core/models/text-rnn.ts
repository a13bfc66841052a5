import * as tf from '@tensorflow/tfjs';
import { dropoutLayer, layerSeeds } from './layers';
import { addTextHead, nextLayerSeed, vocabSizeOf } from './text-common';
import { TextBiRecurrent, TextTokenEmbedding } from './text-layers';
import { defineModel } from './types';
import { textRnnInfo, type TextRnnParams } from './info/text-rnn';
export { RNN_CELLS, type TextRnnParams } from './info/text-rnn';

/** textRnn: the description in `info/text-rnn.ts` plus the tfjs graph (worker only). */
export const textRnn = defineModel<TextRnnParams>({
  ...textRnnInfo,
  build(p, maxLength, nOutputs, task, seed, ctx) {
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    model.add(new TextTokenEmbedding({ inputShape: [maxLength], vocabSize: vocabSizeOf(ctx), dim: p.embeddingDim, positions: 0, seed: nextLayerSeed(seeds) }));
    model.add(new TextBiRecurrent({ cell: p.cell, units: p.units, seed: nextLayerSeed(seeds) }));
    if (p.dropout > 0) model.add(dropoutLayer(p.dropout, seeds));
    addTextHead(model, task, nOutputs, seeds);
    return model;
  },
});

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../util/rng';
import { layerSeeds } from './layers';
import { addTextHead, nextLayerSeed, vocabSizeOf } from './text-common';
import { TextMaskedMeanPool, TextTokenEmbedding, TextTransformerBlock } from './text-layers';
import { defineModel } from './types';

export function checkHeads(embeddingDim: number, heads: number): void {
  if (heads < 1 || embeddingDim % heads !== 0) {
    throw new Error(`The embedding size (${embeddingDim}) must be divisible by the number of attention heads (${heads}).`);
  }
}

/** Transformer blocks → masked mean pool → LayerNorm (on the pooled vector) → task head. */
export function addEncoderAndHead(model: tf.Sequential, p: { heads: number; blocks: number; ffDim: number; dropout: number }, task: Parameters<typeof addTextHead>[1], nOutputs: number, seeds: Rng): void {
  for (let i = 0; i < p.blocks; i++) {
    model.add(new TextTransformerBlock({ heads: p.heads, ffDim: p.ffDim, dropout: p.dropout, seed: nextLayerSeed(seeds) }));
  }
  model.add(new TextMaskedMeanPool({}));
  model.add(tf.layers.layerNormalization({ epsilon: 1e-5 }));
  addTextHead(model, task, nOutputs, seeds);
}

import { textTransformerInfo, type TextTransformerParams } from './info/text-transformer';
export { type TextTransformerParams } from './info/text-transformer';
export { encoderAndHeadParams } from './info/counts';
export { blocksField, ffDimField, headsField } from './info/text-fields';

/** textTransformer: the description in `info/text-transformer.ts` plus the tfjs graph (worker only). */
export const textTransformer = defineModel<TextTransformerParams>({
  ...textTransformerInfo,
  build(p, maxLength, nOutputs, task, seed, ctx) {
    checkHeads(p.embeddingDim, p.heads);
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    model.add(new TextTokenEmbedding({ inputShape: [maxLength], vocabSize: vocabSizeOf(ctx), dim: p.embeddingDim, positions: maxLength, seed: nextLayerSeed(seeds) }));
    addEncoderAndHead(model, p, task, nOutputs, seeds);
    return model;
  },
});

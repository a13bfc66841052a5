import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../util/rng';
import { layerSeeds } from './layers';
import { addTextHead, dropoutField, embeddingDimField, headParams, nextLayerSeed, vocabSizeOf } from './text-common';
import { TextMaskedMeanPool, TextTokenEmbedding, TextTransformerBlock, transformerBlockParams } from './text-layers';
import { defineModel, type ParamField } from './types';

export type TextTransformerParams = { embeddingDim: number; heads: number; blocks: number; ffDim: number; dropout: number };

export const headsField: ParamField = {
  key: 'heads',
  label: 'Attention heads',
  kind: 'int',
  min: 1,
  max: 16,
  help: 'How many separate "where to look" patterns each block learns at once. The embedding size must be divisible by it (e.g. 64 with 1, 2, 4 or 8 heads).',
};
export const blocksField: ParamField = {
  key: 'blocks',
  label: 'Transformer blocks',
  kind: 'int',
  min: 1,
  max: 8,
  help: 'How many attention + feed-forward blocks are stacked. More blocks can combine words in more elaborate ways but train slower; 1–2 is plenty for a few thousand texts.',
};
export const ffDimField: ParamField = {
  key: 'ffDim',
  label: 'Feed-forward size',
  kind: 'int',
  min: 4,
  max: 2048,
  help: 'Width of the small network inside each block that processes every position after attention. Usually 2–4 × the embedding size.',
};

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

/** Blocks, final LayerNorm and head (everything after the embedding and the front end). */
export const encoderAndHeadParams = (d: number, p: { blocks: number; ffDim: number }, nOutputs: number): number =>
  p.blocks * transformerBlockParams(d, p.ffDim) + 2 * d + headParams(d, nOutputs);

/**
 * A small transformer encoder: token embedding + learned position embedding → `blocks` pre-LN
 * blocks (multi-head self-attention that ignores pads, GELU feed-forward) → mean over the real
 * tokens → LayerNorm → task head.
 */
export const textTransformer = defineModel<TextTransformerParams>({
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
  build(p, maxLength, nOutputs, task, seed, ctx) {
    checkHeads(p.embeddingDim, p.heads);
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    model.add(new TextTokenEmbedding({ inputShape: [maxLength], vocabSize: vocabSizeOf(ctx), dim: p.embeddingDim, positions: maxLength, seed: nextLayerSeed(seeds) }));
    addEncoderAndHead(model, p, task, nOutputs, seeds);
    return model;
  },
});

/**
 * What the text families share: the vocabulary size from the build context, the embedding and
 * head parameter counts, and the parameter fields that mean the same thing in every text model.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';
import type { Rng } from '../util/rng';
import { addHead } from './layers';

// The pure parts live in info/ (the main thread shows text families without loading tfjs).
export { headParams, vocabSizeOf } from './info/counts';
export { dropoutField, embeddingDimField } from './info/text-fields';

/** A seed for the next layer, from the model's seed stream. */
export const nextLayerSeed = (seeds: Rng): number => seeds.int(2147483647);


/** Adds the task head (dense logits + softmax, or one linear unit) to a text model. */
export function addTextHead(model: tf.Sequential, task: TaskKind, nOutputs: number, seeds: Rng): void {
  addHead(model, task, nOutputs, seeds, 0);
}

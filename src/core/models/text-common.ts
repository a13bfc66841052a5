/**
 * What the text families share: the vocabulary size from the build context, the embedding and
 * head parameter counts, and the parameter fields that mean the same thing in every text model.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';
import type { Rng } from '../util/rng';
import { addHead, denseParams } from './layers';
import type { BuildContext, ParamField } from './types';

/** The tokenizer's vocabulary size (id 0 = padding); text models cannot be sized without it. */
export function vocabSizeOf(ctx: BuildContext | undefined): number {
  const v = ctx?.vocabSize;
  if (v === undefined || !Number.isInteger(v) || v < 2) {
    throw new Error('A text model needs the vocabulary size of the tokenizer (BuildContext.vocabSize, at least 2).');
  }
  return v;
}

/** A seed for the next layer, from the model's seed stream. */
export const nextLayerSeed = (seeds: Rng): number => seeds.int(2147483647);

/** Output head params; nOutputs = K for classification, 1 for regression (as `paramCount` gets it). */
export const headParams = (inputs: number, nOutputs: number): number => denseParams(inputs, nOutputs);

/** Adds the task head (dense logits + softmax, or one linear unit) to a text model. */
export function addTextHead(model: tf.Sequential, task: TaskKind, nOutputs: number, seeds: Rng): void {
  addHead(model, task, nOutputs, seeds, 0);
}

export const embeddingDimField: ParamField = {
  key: 'embeddingDim',
  label: 'Embedding size',
  kind: 'int',
  min: 4,
  max: 512,
  help: 'How many numbers describe each word piece. Bigger can capture finer meaning but trains slower and overfits small datasets; 32–128 is typical.',
};

export const dropoutField = (where: string): ParamField => ({
  key: 'dropout',
  label: 'Dropout',
  kind: 'number',
  min: 0,
  max: 0.9,
  step: 0.05,
  help: `Fraction of ${where} switched off at random during training, so the model cannot lean on a few words. Raise it if validation loss climbs while training loss falls.`,
});

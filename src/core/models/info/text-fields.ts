/** Parameter fields that mean the same thing in every text model. */
import type { ParamField } from '../types';

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

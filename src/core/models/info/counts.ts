/**
 * Parameter counts of the neural families' building blocks, in plain numbers (no tfjs), so the
 * Model step can show a family's size on the main thread. The layers in `../layers.ts` and
 * `../text-layers.ts` are checked against these (`model.countParams()`, models tests).
 */
import type { BuildContext } from '../types';

/** Trainable numbers of a dense layer: weights plus biases. */
export const denseParams = (inputs: number, units: number): number => inputs * units + units;

/** Output head params; nOutputs = K for classification, 1 for regression (as `paramCount` gets it). */
export const headParams = (inputs: number, nOutputs: number): number => denseParams(inputs, nOutputs);

/** The tokenizer's vocabulary size (id 0 = padding); text models cannot be sized without it. */
export function vocabSizeOf(ctx: BuildContext | undefined): number {
  const v = ctx?.vocabSize;
  if (v === undefined || !Number.isInteger(v) || v < 2) {
    throw new Error('A text model needs the vocabulary size of the tokenizer (BuildContext.vocabSize, at least 2).');
  }
  return v;
}

export type RecurrentCell = 'gru' | 'lstm';

/** Gates per recurrent cell: GRU z, r, h; LSTM i, f, c, o. */
export const gatesOf = (cell: RecurrentCell): number => (cell === 'gru' ? 3 : 4);

/** Trainable numbers of one direction pair of `TextBiRecurrent` reading d-wide vectors. */
export const biRecurrentParams = (cell: RecurrentCell, d: number, units: number): number => {
  const G = gatesOf(cell);
  return 2 * (d * G * units + units * G * units + G * units);
};

/** Trainable numbers of one `TextTransformerBlock` (two LayerNorms, QKV, output projection, feed-forward). */
export const transformerBlockParams = (d: number, ff: number): number => 4 * d + (3 * d * d + 3 * d) + (d * d + d) + (d * ff + ff) + (ff * d + d);

/** Blocks, final LayerNorm and head (everything after the embedding and the front end). */
export const encoderAndHeadParams = (d: number, p: { blocks: number; ffDim: number }, nOutputs: number): number =>
  p.blocks * transformerBlockParams(d, p.ffDim) + 2 * d + headParams(d, nOutputs);

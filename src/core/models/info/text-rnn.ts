import { biRecurrentParams, headParams, vocabSizeOf, type RecurrentCell } from './counts';
import { dropoutField, embeddingDimField } from './text-fields';
import { defineInfo } from '../types';

export const RNN_CELLS = ['gru', 'lstm'] as const satisfies readonly RecurrentCell[];

export type TextRnnParams = { cell: (typeof RNN_CELLS)[number]; embeddingDim: number; units: number; dropout: number };

/**
 * Bidirectional recurrent network: embedding → a GRU or LSTM reading forwards and another reading
 * backwards (pad steps skipped) → their final states concatenated → dropout → task head.
 */
export const textRnnInfo = defineInfo<TextRnnParams>({
  kind: 'neural',
  id: 'text-rnn',
  label: 'Bidirectional GRU / LSTM',
  card: {
    summary: 'Reads the text one word piece at a time, keeping a running memory, once from the start and once from the end, then classifies the two memories.',
    goodFor: 'Texts where word order matters ("not good" vs "good"), with a few thousand examples or more.',
    watchOut: 'Slow: it must read tokens one after another, so long texts and big memories train slowly. Memory of early words fades in long texts.',
  },
  tasks: ['classification', 'regression'],
  input: 'tokens',
  defaultParams: { cell: 'gru', embeddingDim: 64, units: 32, dropout: 0.2 },
  fields: [
    {
      key: 'cell',
      label: 'Cell',
      kind: 'select',
      options: RNN_CELLS,
      help: 'The memory unit. GRU is simpler and a little faster; LSTM has an extra memory lane and can hold information longer.',
    },
    embeddingDimField,
    { key: 'units', label: 'Memory size', kind: 'int', min: 1, max: 512, help: 'Numbers in the running memory of each direction. Bigger remembers more but trains slower.' },
    dropoutField('memory outputs'),
  ],
  paramCount(p, _maxLength, nOutputs, ctx) {
    return vocabSizeOf(ctx) * p.embeddingDim + biRecurrentParams(p.cell, p.embeddingDim, p.units) + headParams(2 * p.units, nOutputs);
  },
});

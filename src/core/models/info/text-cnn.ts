import { headParams, vocabSizeOf } from './counts';
import { dropoutField, embeddingDimField } from './text-fields';
import { defineInfo } from '../types';

export type TextCnnParams = { embeddingDim: number; kernelSizes: readonly number[]; filters: number; dropout: number };

/**
 * Kim (2014) CNN for sentence classification: embedding → for each kernel size, `filters` ReLU
 * convolutions over the sequence ('same' padding) → max over the real tokens → concatenation →
 * dropout → task head.
 */
export const textCnnInfo = defineInfo<TextCnnParams>({
  kind: 'neural',
  id: 'text-cnn',
  label: '1D CNN (Kim-style)',
  card: {
    summary: 'Slides small pattern detectors over the text, each looking at a few words at a time (like "not very good"), and keeps each detector’s strongest match.',
    goodFor: 'Short texts where a telling phrase decides the class: sentiment, intent, headlines. Fast to train.',
    watchOut: 'Only sees phrases as long as its widest window; it cannot connect words far apart. Can overfit small datasets — keep dropout on.',
  },
  tasks: ['classification', 'regression'],
  input: 'tokens',
  defaultParams: { embeddingDim: 64, kernelSizes: [3, 4, 5], filters: 64, dropout: 0.5 },
  fields: [
    embeddingDimField,
    {
      key: 'kernelSizes',
      label: 'Window sizes',
      kind: 'layers',
      min: 1,
      max: 15,
      help: 'How many tokens each group of detectors looks at, e.g. 3, 4, 5 (phrases of 3, 4 and 5 word pieces). One group per number.',
    },
    { key: 'filters', label: 'Detectors per window size', kind: 'int', min: 1, max: 512, help: 'How many different patterns each group can learn. More = more capacity, slower training.' },
    dropoutField('detector outputs'),
  ],
  paramCount(p, _maxLength, nOutputs, ctx) {
    const d = p.embeddingDim;
    let total = vocabSizeOf(ctx) * d;
    for (const k of p.kernelSizes) total += k * d * p.filters + p.filters;
    return total + headParams(p.kernelSizes.length * p.filters, nOutputs);
  },
});

import { countBertParams } from '../../lm/bert-config';
import { defineInfo } from '../types';
import { headParams } from './counts';
import { dropoutField } from './text-fields';

export const BERT_ENCODER_ID = 'bert-encoder';

/**
 * dropout: BERT's hidden dropout while fine-tuning. head: 'checkpoint' keeps the folder's
 * classifier when it has one for as many classes as the dataset, else a fresh seeded head.
 */
export type BertEncoderParams = { dropout: number; head: string };

/**
 * A loaded BERT checkpoint fine-tuned with a classification head: [CLS] text [SEP] → encoder →
 * tanh pooler → dropout → dense softmax. Its architecture and weights come from the dropped folder
 * (BuildContext.pretrained), not from these parameters.
 */
export const bertEncoderInfo = defineInfo<BertEncoderParams>({
  kind: 'neural',
  id: BERT_ENCODER_ID,
  label: 'Pretrained encoder (BERT)',
  card: {
    summary: 'Starts from a BERT model that has already read a lot of text, and only adjusts it (plus a small new output layer) to your classes.',
    goodFor: 'Small labelled datasets: what the encoder learned about language carries over, so a few hundred examples can be enough.',
    watchOut: 'Much bigger and slower than the other text models; it reads texts with its own WordPiece tokenizer. Use a small learning rate (2e-5 to 1e-4) with AdamW, or it forgets what it knew.',
  },
  tasks: ['classification'],
  input: 'tokens',
  learningRate: 5e-5,
  // BERT's own recipe (Devlin et al.; Hugging Face's Trainer): linear warmup over 10 % of the steps, then linear decay.
  warmupFraction: 0.1,
  defaultParams: { dropout: 0.1, head: 'checkpoint' },
  fields: [
    dropoutField('encoder activations'),
    { key: 'head', label: 'Classification head', kind: 'select', options: ['checkpoint', 'fresh'], help: '“checkpoint” uses the folder’s own classifier when it has one for exactly as many classes as your data; otherwise (or with “fresh”) a new seeded layer is trained.' },
  ],
  paramCount(_p, _maxLength, nOutputs, ctx) {
    const arch = ctx?.pretrained?.arch;
    return arch ? countBertParams({ ...arch, labels: [] }) + headParams(arch.hidden, nOutputs) : 0;
  },
});

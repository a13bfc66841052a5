/**
 * The BuildContext of a training job: the data's vocabulary size, and for "Pretrained encoder
 * (BERT)" the checkpoint the request brought, checked here so the student reads what is wrong.
 */
import { BERT_ENCODER_ID } from '../core/models/info/bert-encoder';
import type { BuildContext, ModelFamily, PretrainedEncoder } from '../core/models/types';
import { ProblemError } from '../core/train/predict';
import type { TrainData } from './train-protocol';

export function buildContext(fam: ModelFamily, data: TrainData, pretrained: PretrainedEncoder | undefined): BuildContext {
  const ctx: BuildContext = data.vocabSize === undefined ? {} : { vocabSize: data.vocabSize };
  if (fam.id !== BERT_ENCODER_ID) return ctx;
  if (!pretrained?.weights) throw new ProblemError({ message: 'No pretrained encoder is loaded, so “Pretrained encoder (BERT)” has nothing to start from.', hint: 'Drop the BERT folder on “Use a pretrained encoder” in the Model step again (it is not stored in this browser, or was forgotten).' });
  if (data.task !== 'classification') throw new ProblemError({ message: 'The pretrained encoder fine-tunes classifiers only.', hint: 'Choose another text model for a regression target.' });
  const max = pretrained.arch.maxPositions - 2;
  if (data.features > max) throw new ProblemError({ message: `Texts of ${data.features} tokens plus [CLS] and [SEP] do not fit the encoder’s ${pretrained.arch.maxPositions} positions.`, hint: `Set the maximum length to ${max} or less in the Encode step.` });
  if (data.vocabSize !== undefined && data.vocabSize > pretrained.arch.vocabSize) throw new ProblemError({ message: 'The texts were not tokenized with the encoder’s own tokenizer.', hint: 'Drop the BERT folder on “Use a pretrained encoder” again: it re-encodes the texts with its WordPiece tokenizer.' });
  return { ...ctx, pretrained };
}

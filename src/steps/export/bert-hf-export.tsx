import { bertHfZip } from '../../core/lm/bert-export';
import { BERT_ENCODER_ID } from '../../core/models/info/bert-encoder';
import type { RunRecord } from '../../store/modeling';
import { useStudio } from '../../store';
import { downloadBlob } from '../shared/download';

/** A fine-tuned BERT run in the layout it came in: a Hugging Face BertForSequenceClassification folder, zipped. */
export function BertHfExport({ run }: { run: RunRecord }) {
  const fitted = useStudio((s) => s.doc.features?.artifact?.fitted);
  if (run.family !== BERT_ENCODER_ID || run.model?.type !== 'tfjs' || fitted?.target.kind !== 'classification' || !fitted.text) return null;
  const { model } = run;
  const labels = fitted.target.classes;
  const tokenizerJson = fitted.text.tokenizer;
  const download = () => downloadBlob(bertHfZip({ modelJson: model.modelJson, weights: model.weights, labels, tokenizerJson }) as BlobPart, `bert-run-${run.number}-hf.zip`, 'application/zip');
  return (
    <p>
      <button type="button" className="secondary" onClick={download}>
        Download as Hugging Face folder (BertForSequenceClassification)
      </button>{' '}
      <span className="muted small">config.json with your {labels.length} labels, model.safetensors and tokenizer.json: loads in PyTorch / transformers and back into this studio.</span>
    </p>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { BertCard } from '../../core/lm/bert-config';
import { BERT_ENCODER_ID } from '../../core/models/info/bert-encoder';
import { actions, useStudio } from '../../store';
import { applyBertFolder, bertEncoderStore, forgetBertFolder, restoreBertFolder, useBertEncoder } from '../../store/bert-encoder';
import { ProblemBanner } from '../../ui/problem-banner';
import { asModelFiles, filesOfDrop } from '../shared/drop-files';

const mib = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);

function EncoderCard({ card }: { card: BertCard }) {
  const rows: [string, string][] = [
    ['Architecture', card.architecture],
    ['Read from', card.source],
    ['Layers / heads', `${card.layers} / ${card.heads}`],
    ['Width / feed-forward width', `${card.dim} / ${card.hiddenDim}`],
    ['Vocabulary / positions', `${card.vocabSize.toLocaleString('en-US')} tokens / ${card.contextLength.toLocaleString('en-US')}`],
    ['Parameters', card.params.toLocaleString('en-US')],
    ['Tokenizer', card.tokenizer],
    ['Classifier in the folder', card.classifierLabels.length ? card.classifierLabels.join(', ') : 'none (BertModel): a new head is trained'],
    ['Memory to classify', mib(card.inferenceBytes)],
    ['Memory to fine-tune (AdamW, batch 16)', mib(card.fineTuneBytes)],
  ];
  return (
    <table className="lm-card" data-testid="encoder-card">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * "Use a pretrained encoder": drop a BERT folder; its card shows, the texts are re-encoded with its
 * WordPiece tokenizer and "Pretrained encoder (BERT)" is chosen. It lives in the Model step because
 * choosing a model is what it is; the Encode step then shows the tokenizer it set.
 */
export function PretrainedEncoderPanel() {
  const spec = useStudio((s) => s.doc.features?.spec);
  const chosen = useStudio((s) => s.doc.model?.family === BERT_ENCODER_ID);
  const loaded = useBertEncoder((s) => s.loaded);
  const problem = useBertEncoder((s) => s.problem);
  const reading = useBertEncoder((s) => s.reading);
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  // After a reload: the folder dropped before, from this browser's storage.
  useEffect(() => void restoreBertFolder(), []);
  if (!spec?.text) return null;
  const use = (files: File[]) => void applyBertFolder(asModelFiles(files), spec, actions);
  return (
    <section className="lm-panel" aria-labelledby="encoder-title">
      <h3 id="encoder-title">Use a pretrained encoder</h3>
      <p className="muted">
        Fine-tune a BERT model on your classes: drop its Hugging Face folder (config.json, model.safetensors, tokenizer.json). Your texts are then read with its own WordPiece tokenizer. Nothing leaves this browser; the folder is kept in this browser (not in the project file) and comes back after a reload.
      </p>
      <div
        className={`lm-drop${over ? ' over' : ''}`}
        data-testid="encoder-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void filesOfDrop(e.dataTransfer).then(use);
        }}
      >
        <p>Drop the BERT folder here, or</p>
        <button type="button" disabled={reading} onClick={() => folderInput.current?.click()}>
          Choose a BERT folder…
        </button>
        <button type="button" className="secondary" disabled={reading} onClick={() => filesInput.current?.click()}>
          Choose its files…
        </button>
        <input ref={folderInput} type="file" hidden aria-label="Choose a BERT folder" {...{ webkitdirectory: '' }} onChange={(e) => e.target.files && use([...e.target.files])} />
        <input ref={filesInput} type="file" multiple hidden aria-label="Choose BERT files" onChange={(e) => e.target.files && use([...e.target.files])} />
      </div>
      {reading && <p role="status">Reading the folder…</p>}
      {problem && <ProblemBanner title={problem.message} {...(problem.hint ? { hint: problem.hint } : {})} onDismiss={() => bertEncoderStore.setState({ problem: undefined })} />}
      {loaded && (
        <>
          <EncoderCard card={loaded.card} />
          <button type="button" className="secondary" onClick={forgetBertFolder}>
            Forget this encoder
          </button>
        </>
      )}
      {chosen && !loaded && !reading && <p className="muted">“Pretrained encoder (BERT)” is chosen, but its folder is not loaded (it is not stored in this browser, or was forgotten): drop it again to train.</p>}
    </section>
  );
}

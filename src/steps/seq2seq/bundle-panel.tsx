import { useId } from 'react';
import { hfT5Unavailable } from '../../core/seq2seq/hf-export';
import { actions, useStudio } from '../../store';
import { downloadBlob } from '../shared/download';

/** Export the trained model as a studio bundle (.zip), or import one to use in the playground. */
export function BundlePanel() {
  const ready = useStudio((s) => !!s.s2s?.ready);
  const imported = useStudio((s) => s.doc.seq2seq?.imported);
  const model = useStudio((s) => s.doc.seq2seq?.settings.model);
  // The worker checks the trained model's own config again; this says why before a click.
  const hfWhy = !ready ? 'Train or import a model first.' : model ? hfT5Unavailable(model) : 'Train or import a model first.';
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>Export and import</h3>
      <div className="s2s-row">
        <button type="button" disabled={!ready} onClick={() => void actions.s2sExport().then((bytes) => bytes && downloadBlob(bytes as Uint8Array<ArrayBuffer>, 'seq2seq-bundle.zip', 'application/zip'))}>
          Export bundle (.zip)
        </button>
        <button type="button" disabled={!!hfWhy} aria-describedby={hfWhy ? `${id}-hf` : undefined} onClick={() => void actions.s2sExport('hf-t5').then((bytes) => bytes && downloadBlob(bytes as Uint8Array<ArrayBuffer>, 't5-model.zip', 'application/zip'))}>
          Export for Hugging Face T5 (.zip)
        </button>
        <label htmlFor={`${id}-f`}>Import a bundle</label>
        <input id={`${id}-f`} type="file" accept=".zip" onChange={(e) => { const f = e.target.files?.[0]; if (f) void actions.s2sImport(f); }} />
      </div>
      <p className="small muted" id={`${id}-hf`}>
        {hfWhy ?? 'Hugging Face folder: config.json, model.safetensors and tokenizer.json (T5ForConditionalGeneration).'}
      </p>
      {imported && <p data-testid="s2s-imported">Using the imported model {imported.fileName} ({imported.params.toLocaleString()} parameters).</p>}
    </section>
  );
}

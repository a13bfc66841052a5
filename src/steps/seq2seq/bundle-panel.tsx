import { useId } from 'react';
import { actions, useStudio } from '../../store';
import { downloadBlob } from '../shared/download';

/** Export the trained model as a studio bundle (.zip), or import one to use in the playground. */
export function BundlePanel() {
  const ready = useStudio((s) => !!s.s2s?.ready);
  const imported = useStudio((s) => s.doc.seq2seq?.imported);
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>Export and import</h3>
      <div className="s2s-row">
        <button type="button" disabled={!ready} onClick={() => void actions.s2sExport().then((bytes) => bytes && downloadBlob(bytes as Uint8Array<ArrayBuffer>, 'seq2seq-bundle.zip', 'application/zip'))}>
          Export bundle (.zip)
        </button>
        <label htmlFor={`${id}-f`}>Import a bundle</label>
        <input id={`${id}-f`} type="file" accept=".zip" onChange={(e) => { const f = e.target.files?.[0]; if (f) void actions.s2sImport(f); }} />
      </div>
      {imported && <p data-testid="s2s-imported">Using the imported model {imported.fileName} ({imported.params.toLocaleString()} parameters).</p>}
    </section>
  );
}

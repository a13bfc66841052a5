import { useRef } from 'react';
import { actions, useStudio } from '../../store';
import { defaultLmDoc } from '../../store/lm-doc';
import { downloadBlob } from '../shared/download';
import { DemoExportButton } from '../shared/demo-export';
import { LmServerKitExport } from './lm-server-kit-export';
import { LmReproducePanel } from './lm-reproduce-panel';

const download = (bytes: Uint8Array, fileName: string) => downloadBlob(bytes as BlobPart, fileName, 'application/zip');

/** Step 5: download the model (studio bundle or Hugging Face folder) or import one to continue training. */
export function ExportPanel() {
  const lm = useStudio((s) => s.doc.lm) ?? defaultLmDoc();
  const busy = useStudio((s) => s.lm?.busy);
  const training = useStudio((s) => !!s.lm?.live) && lm.run?.status === 'running';
  const input = useRef<HTMLInputElement>(null);
  const hasModel = lm.run?.checkpointStep !== undefined || !!lm.imported;
  const save = async (format: 'studio' | 'hf') => {
    const out = await actions.lmExport(format);
    if (out) download(out.bytes, out.fileName);
  };
  return (
    <section className="lm-panel" aria-labelledby="lm-export-title">
      <h3 id="lm-export-title">6. Export and import</h3>
      <div className="lm-actions">
        <button type="button" disabled={!hasModel || training || !!busy} onClick={() => void save('studio')}>
          Download LM bundle (.zip)
        </button>
        <button type="button" className="secondary" disabled={!hasModel || training || !!busy} onClick={() => void save('hf')}>
          Download for Hugging Face (.zip)
        </button>
        <LmServerKitExport disabled={!hasModel || training || !!busy} />
        <button type="button" className="secondary" disabled={!!busy} onClick={() => input.current?.click()}>
          Import a model…
        </button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          hidden
          aria-label="Choose a language-model bundle"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void actions.lmImport(f);
            e.target.value = '';
          }}
        />
        {busy && <span className="muted">{busy === 'export' ? 'Writing the zip…' : 'Reading the model…'}</span>}
      </div>
      <DemoExportButton source="lm" disabled={!hasModel || training || !!busy} />
      {training && <p className="muted">Pause or stop training to export.</p>}
      <p className="muted small">
        The LM bundle holds the weights (safetensors), the model settings, the tokenizer, the training log and a README. The Hugging Face zip is a GPT-2 folder (config.json, model.safetensors, tokenizer.json) that `transformers` loads with GPT2LMHeadModel.
      </p>
      {lm.imported && (
        <p role="status">
          Imported <strong>{lm.imported.fileName}</strong> ({lm.imported.config.nLayer} layers, {lm.imported.config.nEmbd} dimensions, {lm.imported.format === 'studio' ? `trained ${lm.imported.step} steps` : 'Hugging Face GPT-2'}).{' '}
          {lm.useImported ? (
            <button type="button" className="ghost" onClick={actions.lmUseNewModel}>
              Train a new model instead
            </button>
          ) : null}
        </p>
      )}
      <LmReproducePanel />
    </section>
  );
}

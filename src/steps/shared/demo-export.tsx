import { useState } from 'react';
import { actions } from '../../store';
import type { DemoExport, DemoSource } from '../../store/actions/demo';
import { downloadBlob } from './download';
import { fmtBytes } from './format';

/** "Export demo page": one .html file that runs the model offline, with its size broken down. */
export function DemoExportButton({ source, disabled = false }: { source: DemoSource; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<DemoExport>();
  const [error, setError] = useState<string>();
  const exportPage = async () => {
    setBusy(true);
    const r = await actions.exportDemoPage(source);
    setBusy(false);
    if (!r.ok) {
      setError([r.error.message, r.error.hint].filter(Boolean).join(' '));
      return;
    }
    setError(undefined);
    setDone(r.value);
    downloadBlob(r.value.html, r.value.fileName, 'text/html');
  };
  return (
    <div className="demo-export">
      <button type="button" className="secondary" onClick={() => void exportPage()} disabled={busy || disabled}>
        {busy ? 'Building the demo page…' : 'Export demo page (.html)'}
      </button>
      <p className="muted small">
        One web page with the model and everything it needs inside: open it from the disk, with no server and no internet, to see the model card and try predictions. Nothing it shows is sent anywhere.
      </p>
      {error && <p role="alert">{error}</p>}
      {done && (
        <div role="status" aria-label="Demo page size">
          <p className="small">
            <strong>{done.fileName}</strong>: {fmtBytes(done.sizes.total)} — model {fmtBytes(done.sizes.model)}, runtime {fmtBytes(done.sizes.runtime)}, data {fmtBytes(done.sizes.data)}
          </p>
          {done.warning && <p role="alert">{done.warning}</p>}
        </div>
      )}
    </div>
  );
}

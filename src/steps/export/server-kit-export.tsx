import { useState } from 'react';
import { actions } from '../../store';
import { downloadBlob } from '../shared/download';

/** "Export server kit": the run's bundle with a Node server (server.mjs), a Dockerfile and a README. */
export function ServerKitExport({ runId }: { runId: string | undefined }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const exportKit = async () => {
    if (!runId) return;
    setBusy(true);
    setMessage(undefined);
    const r = await actions.exportServerKit(runId);
    setBusy(false);
    if (!r.ok) return setMessage([r.error.message, r.error.hint].filter(Boolean).join(' '));
    downloadBlob(r.value.bytes as BlobPart, r.value.fileName, 'application/zip');
    setMessage(`Saved ${r.value.fileName} (${(r.value.bytes.length / 1e6).toFixed(1)} MB).`);
  };
  if (!runId) return null;
  return (
    <section aria-labelledby="server-kit-title">
      <h3 id="server-kit-title">Serve it over HTTP</h3>
      <button type="button" className="secondary" onClick={() => void exportKit()} disabled={busy}>
        {busy ? 'Building the kit…' : 'Export server kit'}
      </button>
      <p className="muted small">
        A .zip with this bundle, <code>server.mjs</code> (Node.js 20 or later, nothing to install: <code>node server.mjs</code>), a Dockerfile and a README with curl examples. Endpoints: <code>POST /predict</code>, <code>GET /model</code>,{' '}
        <code>GET /health</code>.
      </p>
      {message && <p role="status">{message}</p>}
    </section>
  );
}

import { useState } from 'react';
import { actions } from '../../store';
import { downloadBlob } from '../shared/download';

/** "Export server kit" for the language model: its LM bundle with server.mjs, which streams POST /generate. */
export function LmServerKitExport({ disabled }: { disabled: boolean }) {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const exportKit = async () => {
    setBusy(true);
    setMessage(undefined);
    const r = await actions.exportLmServerKit();
    setBusy(false);
    if (!r.ok) return setMessage([r.error.message, r.error.hint].filter(Boolean).join(' '));
    downloadBlob(r.value.bytes as BlobPart, r.value.fileName, 'application/zip');
    setMessage(`Saved ${r.value.fileName}: run it with node server.mjs, then POST /generate (see its README).`);
  };
  return (
    <>
      <button type="button" className="secondary" disabled={disabled || busy} onClick={() => void exportKit()}>
        Export server kit
      </button>
      {message && <span role="status">{message}</span>}
    </>
  );
}

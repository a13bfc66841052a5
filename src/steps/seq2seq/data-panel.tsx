import { useId, useState } from 'react';
import { actions, useStudio } from '../../store';

/** Where the pairs come from: a table file (pick the columns), two aligned .txt files, or the built-in sample. */
export function DataPanel({ locked }: { locked: boolean }) {
  const data = useStudio((s) => s.doc.seq2seq?.data);
  const settings = useStudio((s) => s.doc.seq2seq?.settings);
  const preview = useStudio((s) => s.s2s?.preview);
  const looked = useStudio((s) => !!s.s2s?.restored);
  const [lines, setLines] = useState<{ source?: File; target?: File }>({});
  const ids = { file: useId(), src: useId(), tgt: useId(), a: useId(), b: useId() };
  return (
    <section className="card" aria-labelledby="s2s-data-title">
      <h3 id="s2s-data-title">Pairs</h3>
      <div className="s2s-row">
        <button type="button" disabled={locked} onClick={() => void loadPronunciation()}>
          Use the pronunciation sample
        </button>
        <label htmlFor={ids.file}>Table file (CSV, TSV, JSON Lines)</label>
        <input id={ids.file} type="file" accept=".csv,.tsv,.txt,.jsonl,.json" disabled={locked} onChange={(e) => { const f = e.target.files?.[0]; if (f) void actions.s2sLoadFile(f, f.name); }} />
      </div>
      <div className="s2s-row">
        <label htmlFor={ids.a}>Source lines (.txt)</label>
        <input id={ids.a} type="file" accept=".txt" disabled={locked} onChange={(e) => setLines((l) => ({ ...l, source: e.target.files?.[0] }))} />
        <label htmlFor={ids.b}>Target lines (.txt)</label>
        <input id={ids.b} type="file" accept=".txt" disabled={locked} onChange={(e) => setLines((l) => ({ ...l, target: e.target.files?.[0] }))} />
        <button type="button" className="secondary" disabled={locked || !lines.source || !lines.target} onClick={() => void actions.s2sLoadLines(lines.source!, lines.target!)}>
          Read the two files
        </button>
      </div>
      {data && settings && (
        <>
          <p>
            <strong>{data.fileName}</strong>: {data.rowCount.toLocaleString()} rows.
            {!preview && looked && <span className="muted"> (Not in this browser's storage any more: load it again to train.)</span>}
          </p>
          <div className="s2s-row">
            <label htmlFor={ids.src}>Source column</label>
            <select id={ids.src} value={settings.sourceColumn} disabled={locked} onChange={(e) => actions.s2sSetSettings({ sourceColumn: e.target.value })}>
              {data.columns.map((c) => <option key={c}>{c}</option>)}
            </select>
            <label htmlFor={ids.tgt}>Target column</label>
            <select id={ids.tgt} value={settings.targetColumn} disabled={locked} onChange={(e) => actions.s2sSetSettings({ targetColumn: e.target.value })}>
              {data.columns.map((c) => <option key={c}>{c}</option>)}
            </select>
          </div>
          {preview && preview.length > 0 && (
            <table className="s2s-table" aria-label="First pairs">
              <thead>
                <tr><th scope="col">{settings.sourceColumn}</th><th scope="col">{settings.targetColumn}</th></tr>
              </thead>
              <tbody>
                {preview.map((row, i) => (
                  <tr key={i}>
                    <td>{row[data.columns.indexOf(settings.sourceColumn)]}</td>
                    <td>{row[data.columns.indexOf(settings.targetColumn)]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

async function loadPronunciation() {
  const list = (await (await fetch('samples/index.json')).json()) as (Parameters<typeof actions.s2sUseSample>[0] & { kind?: string })[];
  const sample = list.find((s) => s.id === 'pronunciation');
  if (sample) await actions.s2sUseSample(sample);
}

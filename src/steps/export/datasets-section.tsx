import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { actions, useStudio } from '../../store';
import { NO_RUNS, type Reproduction } from '../../store/modeling';
import { runMatchesEncoders } from '../../store/actions/bundle';
import type { ExportFormat, ExportSplit, ExportStage } from '../../core/jobs';
import { downloadBlob } from '../shared/download';
import { StampView } from '../shared/stamp-view';

const SPLITS: ExportSplit[] = ['train', 'validation', 'test'];

function ReproductionText({ r }: { r: Reproduction }) {
  const metrics =
    r.metrics === 'exact' ? 'metrics match exactly' : r.metrics === 'within' ? `metrics match within the tolerance (largest difference ${r.maxDiff.toExponential(2)} ≤ ${r.tolerance})` : `metrics differ (largest difference ${r.maxDiff.toPrecision(3)}, tolerance ${r.tolerance})`;
  return (
    <p role="status" data-testid="reproduction">
      Reproduced {r.of}: {metrics}; training data hash {r.dataMatches ? 'matches' : 'differs'}; recipe hash {r.recipeMatches ? 'matches' : 'differs'}.
    </p>
  );
}

/** The stamp of the latest run and of an imported bundle, "Reproduce", and the dataset export. */
export function DatasetsSection() {
  const runs = useStudio(useShallow((s) => (s.doc.runs ?? NO_RUNS).filter((r) => r.stamp && r.metrics && runMatchesEncoders(r, s.doc))));
  const imported = useStudio((s) => s.doc.imported);
  const sizes = useStudio((s) => s.doc.features?.artifact?.sizes);
  const columns = useStudio(useShallow((s) => (s.doc.clean?.schema ?? s.doc.schema).map((c) => c.name)));
  const target = useStudio((s) => s.doc.features?.spec.target);
  const textCols = useStudio(useShallow((s) => s.doc.features?.artifact?.fitted.text?.columns ?? []));
  const training = useStudio((s) => !!s.live);
  const lastReproduction = useStudio((s) => (s.doc.runs ?? NO_RUNS).filter((r) => r.reproduction).at(-1)?.reproduction);
  const [busy, setBusy] = useState(false);
  const [stage, setStage] = useState<ExportStage>('clean');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [splits, setSplits] = useState<ExportSplit[]>(SPLITS);
  const [system, setSystem] = useState('Classify the text.');
  const [textColumn, setTextColumn] = useState<string>();
  const [result, setResult] = useState<string>();
  const run = runs.at(-1);
  const chat = format === 'chat' || format === 'prompt-completion';
  const textColumn_ = textColumn ?? textCols[0] ?? columns.find((c) => c !== target);
  const reproduce = (f: () => Promise<unknown>) => {
    setBusy(true);
    void f().finally(() => setBusy(false));
  };
  const exportData = async () => {
    setBusy(true);
    const res = await actions.exportDatasetFile({
      stage,
      splits,
      format,
      ...(chat ? { systemPrompt: format === 'chat' ? system : '', textColumns: textColumn_ ? [textColumn_] : [], ...(target ? { labelColumn: target } : {}) } : {}),
    });
    setBusy(false);
    if (!res.ok) return setResult(res.error.message);
    downloadBlob(res.value.blob, res.value.fileName, 'application/zip');
    setResult(`Exported ${res.value.files.map((f) => `${f.name} (${f.rows} rows)`).join(', ')} with stamp.json.`);
  };
  return (
    <>
      <section aria-labelledby="stamp-title">
        <h3 id="stamp-title">Reproducibility</h3>
        {run?.stamp ? (
          <>
            <p className="small">Run #{run.number}’s stamp (every export carries it):</p>
            <StampView stamp={run.stamp} label="Run stamp" />
            <button type="button" className="secondary" disabled={busy || training} onClick={() => reproduce(() => actions.reproduceRun(run.id))}>
              Reproduce run #{run.number}
            </button>
          </>
        ) : (
          <p className="muted small">Train a model to get a stamp.</p>
        )}
        {imported && (
          <>
            <p className="small">Imported bundle {imported.fileName}:</p>
            {imported.contents.stamp ? <StampView stamp={imported.contents.stamp} label="Imported stamp" /> : <p className="muted small">This bundle has no reproducibility stamp (made before stamps existed).</p>}
            <button type="button" className="secondary" disabled={busy || training} onClick={() => reproduce(() => actions.reproduceImported())}>
              Reproduce the imported model here
            </button>
          </>
        )}
        <p className="muted small">
          Reproduce trains again with the same recipe, feature settings, seed, training settings and backend, then compares: on CPU, WASM and tree models the metrics must match exactly (within 1e-6); WebGL and WebGPU add up in an order the driver
          chooses, so there each metric may differ by up to 0.02.
        </p>
        {lastReproduction && <ReproductionText r={lastReproduction} />}
      </section>
      <section aria-labelledby="dataset-export-title">
        <h3 id="dataset-export-title">Export the dataset</h3>
        {!sizes ? (
          <p className="muted small">Load data and encode it to export its splits.</p>
        ) : (
          <div className="dataset-export">
            <label>
              Rows{' '}
              <select value={stage} onChange={(e) => setStage(e.target.value as ExportStage)} aria-label="Rows to export">
                <option value="clean">cleaned</option>
                <option value="encoded">encoded (model inputs)</option>
                <option value="raw">raw (the file as loaded)</option>
              </select>
            </label>{' '}
            <label>
              Format{' '}
              <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label="Export format">
                <option value="csv">CSV</option>
                <option value="jsonl">JSON Lines</option>
                <option value="chat">chat JSONL (messages)</option>
                <option value="prompt-completion">prompt/completion JSONL</option>
              </select>
            </label>
            {stage !== 'raw' && (
              <fieldset>
                <legend>Splits</legend>
                {SPLITS.map((s) => (
                  <label key={s}>
                    <input type="checkbox" checked={splits.includes(s)} onChange={(e) => setSplits((all) => SPLITS.filter((x) => (x === s ? e.target.checked : all.includes(x))))} /> {s} ({sizes[s]} rows)
                  </label>
                ))}
              </fieldset>
            )}
            {stage === 'raw' && <p className="muted small">Raw rows come before cleaning and the split: the whole file is exported.</p>}
            {chat && (
              <>
                <label>
                  Text column{' '}
                  <select value={textColumn_} onChange={(e) => setTextColumn(e.target.value)}>
                    {columns
                      .filter((c) => c !== target)
                      .map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                  </select>
                </label>
                {format === 'chat' && (
                  <label className="block">
                    System prompt (empty for none)
                    <textarea rows={2} value={system} onChange={(e) => setSystem(e.target.value)} />
                  </label>
                )}
                <p className="muted small">The label ({target}) is the assistant’s answer / the completion.</p>
              </>
            )}
            <button type="button" disabled={busy || (stage !== 'raw' && splits.length === 0)} onClick={() => void exportData()}>
              Export dataset (.zip)
            </button>
            {result && (
              <p role="status" className="small" data-testid="dataset-export-result">
                {result}
              </p>
            )}
          </div>
        )}
      </section>
    </>
  );
}

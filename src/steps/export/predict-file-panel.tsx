import { useRef, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BatchResult } from '../../core/jobs';
import type { Problem } from '../../core/util/result';
import { getModelInfo } from '../../core/models/catalog';
import { NO_RUNS } from '../../store/modeling';
import { runMatchesEncoders } from '../../store/actions/bundle';
import { actions, useStudio } from '../../store';
import { ProblemBanner } from '../../ui/problem-banner';
import { ProgressBar } from '../../ui/progress-bar';
import { fmtInt } from '../shared/format';
import { downloadBlob } from '../shared/download';
import { DriftReportView } from './drift-report-view';
import { BatchFeedbackButton } from './batch-feedback-button';
import './batch.css';

type Progress = { done: number; total: number; label: string };

/** "Predict a file": score a new CSV/JSON/text file with a run or the imported model, download the CSV, see the drift report. */
export function PredictFilePanel() {
  const runs = useStudio(useShallow((s) => (s.doc.runs ?? NO_RUNS).filter((r) => r.model && r.metrics && runMatchesEncoders(r, s.doc))));
  const imported = useStudio((s) => s.doc.imported);
  const [chosen, setChosen] = useState<string>();
  const [progress, setProgress] = useState<Progress>();
  const [problem, setProblem] = useState<Problem & { fileName: string }>();
  const [result, setResult] = useState<BatchResult & { sourceName: string; fromRun: boolean }>();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController>(undefined);
  const sources = [...runs.map((r) => ({ id: r.id, label: `Run #${r.number} ${getModelInfo(r.family)?.label ?? r.family}` })), ...(imported ? [{ id: 'imported', label: `Imported: ${imported.fileName}` }] : [])];
  const source = sources.find((s) => s.id === chosen) ?? sources.at(-1);
  if (!source) return null;

  const predict = async (file: File) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setProblem(undefined);
    setResult(undefined);
    setProgress({ done: 0, total: file.size, label: 'Reading the file' });
    const res = await actions.predictFile(file, file.name, source.id === 'imported' ? 'imported' : { runId: source.id }, { onProgress: setProgress, signal: controller.signal });
    if (abort.current !== controller) return; // a newer file replaced this one
    setProgress(undefined);
    if (res.ok) setResult({ ...res.value, sourceName: file.name, fromRun: source.id !== 'imported' });
    else if (res.error.code !== 'cancelled') setProblem({ ...res.error, fileName: file.name });
  };
  const download = () => {
    if (result) downloadBlob(result.csv, result.fileName, 'text/csv');
  };
  // The page loads any file dropped elsewhere as a dataset: a drop here is only for this panel.
  const stop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <section aria-labelledby="predict-file-title">
      <h3 id="predict-file-title">Predict a file</h3>
      <p className="muted small">Score new rows (CSV, JSON, JSONL, or a .txt file with one text per line) with a trained model: the cleaning recipe and encoders replay on them, and the result is your file with a prediction and, for classes, one probability column per class. The new data is compared with the training data.</p>
      <label>
        Model{' '}
        <select value={source.id} onChange={(e) => setChosen(e.target.value)} aria-label="Model to predict with">
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <div
        className={`batch-drop${over ? ' over' : ''}`}
        data-testid="batch-drop"
        onDragEnter={(e) => {
          stop(e);
          setOver(true);
        }}
        onDragOver={stop}
        onDragLeave={(e) => {
          stop(e);
          setOver(false);
        }}
        onDrop={(e) => {
          stop(e);
          setOver(false);
          const f = e.dataTransfer.files[0];
          if (f) void predict(f);
        }}
      >
        Drop a file to predict here, or{' '}
        <button type="button" className="secondary" onClick={() => input.current?.click()}>
          Choose a file to predict…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          accept=".csv,.tsv,.txt,.json,.jsonl,text/csv,application/json,text/plain"
          aria-label="Choose a file to predict"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void predict(f);
            e.target.value = '';
          }}
        />
      </div>
      {progress && (
        <>
          <ProgressBar label={progress.label} done={progress.done} total={progress.total} />
          <button
            type="button"
            className="secondary"
            onClick={() => {
              abort.current?.abort();
              abort.current = undefined;
              setProgress(undefined);
            }}
          >
            Cancel
          </button>
        </>
      )}
      {problem && <ProblemBanner title={problem.message} where={problem.fileName} {...(problem.hint ? { hint: problem.hint } : {})} onDismiss={() => setProblem(undefined)} />}
      {result && (
        <div className="batch-result">
          <p data-testid="batch-summary">
            Predicted {fmtInt(result.rows)} rows in {result.seconds.toFixed(2)} s ({fmtInt(result.rows / Math.max(result.seconds, 1e-3))} rows/s).{' '}
            <button type="button" onClick={download}>
              Download predictions (.csv)
            </button>
          </p>
          {result.problems.map((p, i) => (
            <p key={i} className="muted small">
              {p.message}
            </p>
          ))}
          {result.fromRun && <BatchFeedbackButton result={result} fileName={result.sourceName} />}
          {result.drift ? <DriftReportView report={result.drift} /> : <p className="muted" data-testid="drift-missing">{result.driftMissing}</p>}
        </div>
      )}
    </section>
  );
}

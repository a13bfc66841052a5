import { useState } from 'react';
import { actions, useStudio } from '../../store';
import { defaultCvDoc } from '../../store/cv-doc';
import { cvMetrics, MAX_FOLDS, MIN_FOLDS, pickByCv, primaryMetric, type CvFold, type CvRecord } from '../../core/jobs';
import { getModelInfo } from '../../core/models/catalog';
import { StripPlot } from '../../ui/strip-plot';
import { LearnMore } from '../../ui/learn-more';
import { CvPickNote } from './cv-pick-note';

const DIGITS = 4;
const fmt = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(DIGITS) : '—');
const label = (family: string) => getModelInfo(family)?.label ?? family;

function foldCell(f: CvFold, metric: string) {
  if (f.status === 'done') return fmt(f.metrics?.[metric]);
  if (f.status === 'running') return f.progress ? `training (${f.progress})` : 'training…';
  return f.status;
}

/** k-fold cross-validation of the chosen model or of every family, with per-fold results (Train step). */
export function CrossValidation() {
  const cv = useStudio((s) => s.doc.cv) ?? defaultCvDoc();
  const inputsKey = useStudio((s) => s.doc.features?.artifact?.key);
  const record = cv.records.at(-1);
  const runningCv = record?.status === 'running';
  const { settings } = cv;
  return (
    <section aria-label="Cross-validation" className="cross-validation">
      <h3>Cross-validate</h3>
      <p className="muted small">
        One validation split of a few dozen rows is a noisy judge. k-fold cross-validation trains the model k times, each time on all training rows but one
        fold and scored on that fold, and reports the mean and the spread. The cleaning statistics and encoders are learned again inside every fold; the test
        split is never used.
      </p>
      <LearnMore summary="How the folds are made">
        Classification folds are stratified (every fold keeps the class proportions); regression folds are stratified by bins of the target (every fold spans its range). Repeated k-fold draws the folds
        again with another seed each repeat. The spread is the sample standard deviation over all folds (divisor n − 1). Folds train in parallel, one training
        worker per core.
      </LearnMore>
      <div className="form-row">
        <label>
          Folds (k){' '}
          <select value={settings.k} disabled={runningCv} onChange={(e) => actions.setCvSettings({ k: Number(e.target.value) })}>
            {Array.from({ length: MAX_FOLDS - MIN_FOLDS + 1 }, (_, i) => MIN_FOLDS + i).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Repeats{' '}
          <input type="number" min={1} max={10} value={settings.repeats} disabled={runningCv} onChange={(e) => actions.setCvSettings({ repeats: Number(e.target.value) || 1 })} />
        </label>{' '}
        <label>
          Models{' '}
          <select value={cv.compare ? 'compare' : 'chosen'} disabled={runningCv} onChange={(e) => actions.setCvSettings({ compare: e.target.value === 'compare' })}>
            <option value="chosen">the chosen model</option>
            <option value="compare">compare every model family</option>
          </select>
        </label>{' '}
        {runningCv ? (
          <button type="button" className="danger" onClick={actions.stopCrossValidation}>
            Stop cross-validation
          </button>
        ) : (
          <button type="button" onClick={() => void actions.startCrossValidation()}>
            Cross-validate
          </button>
        )}
      </div>
      {record && <CvResult record={record} stale={record.inputsKey !== inputsKey} />}
    </section>
  );
}

function CvResult({ record, stale }: { record: CvRecord; stale: boolean }) {
  const metrics = cvMetrics(record.task);
  const [metricId, setMetricId] = useState(primaryMetric(record.task).id);
  const metric = metrics.find((m) => m.id === metricId) ?? metrics[0]!;
  const pick = record.status === 'done' && record.models.length > 1 ? pickByCv(record) : undefined;
  const best = pick?.picked;
  const { k, repeats } = record.settings;
  const rows = record.models.filter((m) => m.summary?.[metric.id]).map((m) => ({ label: label(m.family), ...m.summary![metric.id]! }));
  return (
    <div data-testid="cv-result" data-status={record.status}>
      <p className="muted small">
        {k}-fold{repeats > 1 ? ` × ${repeats} repeats` : ''} cross-validation ({record.status}){stale ? ' — on earlier data or feature settings: cross-validate again' : ''}.
      </p>
      {pick && <CvPickNote record={record} pick={pick} />}
      {best && record.models.length > 1 && !stale && (
        <p>
          <button type="button" onClick={() => actions.useCvModel(record.id, best.family)}>
            Use the best: {label(best.family)}
          </button>
        </p>
      )}
      <table className="runs" aria-label="Cross-validated scores">
        <thead>
          <tr>
            <th>Model</th>
            {metrics.map((m) => (
              <th key={m.id}>
                {m.label} (mean ± sd){m.higherIsBetter ? '' : ' ↓'}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {record.models.map((m) => (
            <tr key={m.family} data-family={m.family}>
              <td>
                {label(m.family)}
                {best?.family === m.family && record.models.length > 1 ? ' ★' : ''}
              </td>
              {metrics.map((x) => (
                <td key={x.id} data-testid={`cv-mean-${x.id}`}>
                  {m.summary?.[x.id] ? `${fmt(m.summary[x.id]!.mean)} ± ${fmt(m.summary[x.id]!.sd)}` : '—'}
                </td>
              ))}
              <td>
                {record.models.length > 1 && record.status !== 'running' && m.summary && (
                  <button type="button" className="secondary" onClick={() => actions.useCvModel(record.id, m.family)}>
                    Use this model
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="small">
        Per fold:{' '}
        <select value={metric.id} onChange={(e) => setMetricId(e.target.value)}>
          {metrics.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <table className="runs small" aria-label="Per-fold scores">
        <thead>
          <tr>
            <th>Model</th>
            {record.models[0]!.folds.map((f) => (
              <th key={`${f.repeat}-${f.fold}`}>
                {repeats > 1 ? `R${f.repeat + 1} ` : ''}fold {f.fold + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {record.models.map((m) => (
            <tr key={m.family} data-family={m.family}>
              <td>{label(m.family)}</td>
              {m.folds.map((f) => (
                <td key={`${f.repeat}-${f.fold}`} data-testid={f.status === 'done' ? `cv-fold-${metric.id}` : undefined} data-status={f.status} title={f.problem}>
                  {foldCell(f, metric.id)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 0 && <StripPlot title={`${metric.label} per fold`} xLabel={metric.label} rows={rows} />}
    </div>
  );
}

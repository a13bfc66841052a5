import './compare.css';
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ClassificationReport } from '../../../core/metrics';
import { compareMetrics, diffSettings } from '../../../core/metrics/compare';
import { encodeKey } from '../../../core/jobs';
import { useStudio } from '../../../store';
import { NO_RUNS } from '../../../store/modeling';
import { comparableEntries, rowsReadable, scoreDefs, type ComparedRun } from '../../../store/run-compare';
import { SettingsDiff } from './settings-diff';
import { MetricsCompare } from './metrics-compare';
import { CurvesCompare, MatricesCompare, RocCompare } from './charts-compare';
import { RowFlips } from './row-flips';
import { TestChoiceNote } from '../test-choice-note';

/**
 * "Compare runs": tick two or more finished runs to see their settings as a diff, test metrics with
 * differences, curves, ROC and confusion matrices, and which test rows changed prediction.
 */
export function CompareRuns() {
  const runs = useStudio(useShallow((s) => (s.doc.runs ?? NO_RUNS).filter((r) => r.metrics)));
  const search = useStudio((s) => s.doc.search);
  const cv = useStudio((s) => s.doc.cv);
  // Runs, then scored search trials and cross-validation fold sets (store/run-compare.ts).
  const entries = useMemo(() => comparableEntries({ runs, ...(search ? { search } : {}), ...(cv ? { cv } : {}) }), [runs, search, cv]);
  const now = useStudio(useShallow((s) => ({ recipeKey: s.doc.clean?.recipeKey, encodeKey: s.doc.clean && s.doc.features ? encodeKey(s.doc.clean.recipeKey, s.doc.features.spec) : undefined })));
  const [picked, setPicked] = useState<string[]>([]);
  const [pair, setPair] = useState<[string?, string?]>([]);
  // Kept between renders, so the views' memoised row diffs stay valid while nothing changes.
  const chosen = useMemo(() => entries.filter((r) => picked.includes(r.id)), [entries, picked]);
  if (entries.length < 2) return null;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <section aria-label="Compare runs" className="compare-runs">
      <h3>Compare runs</h3>
      <div className="run-picks" role="group" aria-label="Runs to compare">
        {entries.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={picked.includes(c.id)} onChange={() => toggle(c.id)} /> {pickLabel(c)}
          </label>
        ))}
      </div>
      {chosen.length < 2 ? <p className="muted small">Tick two or more runs to compare them (search trials and cross-validation fold sets too); the first ticked one in this list is the baseline.</p> : <Comparison runs={chosen} pair={pair} setPair={setPair} readable={chosen.map((r) => rowsReadable(r, now))} />}
    </section>
  );
}

function pickLabel(c: ComparedRun): string {
  const model = String(c.settings.model);
  if (c.source === 'trial') return `Search trial ${c.number} ${model}`;
  if (c.source === 'fold set') return `Cross-validation ${c.number}: ${model}`;
  return `Run #${c.number} ${model}`;
}

function Comparison({ runs, pair, setPair, readable }: { runs: ComparedRun[]; pair: [string?, string?]; setPair: (p: [string?, string?]) => void; readable: boolean[] }) {
  const labels = runs.map((r) => r.label);
  const a = runs.find((r) => r.id === pair[0]) ?? runs[0]!;
  const b = runs.find((r) => r.id === pair[1] && r.id !== a.id) ?? runs.find((r) => r.id !== a.id)!;
  const kinds = new Set(runs.flatMap((r) => (r.metrics ? [r.metrics.kind] : [])));
  const defs = scoreDefs(runs);
  const reports = runs.map((r) => r.metrics).filter((m): m is ClassificationReport => m?.kind === 'classification');
  const mixedInputs = new Set(runs.map((r) => r.inputsKey)).size > 1;
  const pick = (side: 0 | 1, id: string) => setPair(side === 0 ? [id, b.id === id ? a.id : b.id] : [a.id, id]);
  return (
    <>
      <TestChoiceNote runIds={runs.map((r) => r.id)} />
      {mixedInputs && (
        <p className="note" role="note">
          These runs were not all trained on the same data and encode settings: metric differences mix the model's change with the data's, and they may be measured on different test rows.
        </p>
      )}
      {kinds.size > 1 && <p className="note">Classification and regression runs are compared on settings only.</p>}
      <SettingsDiff labels={labels} rows={diffSettings(runs.map((r) => r.settings))} />
      {kinds.size > 0 && <MetricsCompare labels={labels} rows={compareMetrics(runs.map((r) => r.metrics))} />}
      {defs.length > 0 && <MetricsCompare title="Validation and cross-validation scores" labels={labels} rows={compareMetrics(runs, defs)} />}
      {runs.some((r) => !r.metrics) && <p className="note small">Search trials and fold sets have no test metrics (they never touch the test split): they are compared by their validation or cross-validation scores.</p>}
      <div className="chart-grid">
        <CurvesCompare runs={runs} />
        {reports.length === runs.length && <RocCompare runs={runs} reports={reports} />}
      </div>
      {reports.length === runs.length && <MatricesCompare runs={runs} reports={reports} readable={readable} />}
      <section aria-label="Test rows that changed prediction">
        <h4>Which test rows changed prediction</h4>
        <p className="small">
          From run{' '}
          <select aria-label="Run A" value={a.id} onChange={(e) => pick(0, e.target.value)}>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>{' '}
          to run{' '}
          <select aria-label="Run B" value={b.id} onChange={(e) => pick(1, e.target.value)}>
            {runs
              .filter((r) => r.id !== a.id)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
          </select>
        </p>
        {kinds.size === 1 && a.metrics && b.metrics && (
          <RowFlips
            key={`${a.id}-${b.id}`}
            a={a}
            b={b}
            classNames={a.metrics.kind === 'classification' ? (a.metrics as ClassificationReport).classNames : undefined}
            readable={readable[runs.indexOf(a)]!}
          />
        )}
      </section>
    </>
  );
}

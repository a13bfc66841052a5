import { useMemo, useState } from 'react';
import type { ClassificationReport } from '../../../core/metrics';
import type { RowFix } from '../../../core/data/row-fixes';
import { actions, useStudio } from '../../../store';
import type { RunRecord } from '../../../store/modeling';
import type { TrainingPredictions } from '../../../store/actions/fixes';
import { comparableRun, rowsReadable } from '../../../store/run-compare';
import { ConfusionMatrix } from '../../../ui/confusion-matrix';
import { RowFlips } from '../compare/row-flips';
import { FixRows } from './fix-rows';

const NO_FIXES: RowFix[] = [];

/**
 * Evaluate → "Fix training labels and retrain" (issue 16 §3): the run's confusion matrix on its
 * TRAINING rows; a cell opens its rows to relabel or remove; "Retrain with fixes" trains the same
 * settings again; a run made that way shows which test rows flipped since its base run.
 */
export function FixLoop({ run }: { run: RunRecord }) {
  const [view, setView] = useState<'test' | 'train'>('test');
  const [data, setData] = useState<TrainingPredictions>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [cell, setCell] = useState<[number, number]>();
  const fixes = useStudio((s) => (s.doc.fixes && s.doc.clean && s.doc.fixes.recipeKey === s.doc.clean.recipeKey ? s.doc.fixes.rows : NO_FIXES));
  const training = useStudio((s) => !!s.live);
  const base = useStudio((s) => (run.fixes ? s.doc.runs?.find((r) => r.id === run.fixes!.baseRunId) : undefined));
  const recipeKey = useStudio((s) => s.doc.clean?.recipeKey);
  const stale = useStudio((s) => (s.doc.fixes && s.doc.fixes.recipeKey !== s.doc.clean?.recipeKey ? s.doc.fixes.rows.length : 0));
  const m = run.metrics as ClassificationReport | undefined;
  const matrix = useMemo(() => {
    if (!data) return undefined;
    const K = data.classNames.length;
    const out = Array.from({ length: K }, () => new Array<number>(K).fill(0));
    data.y.forEach((t, i) => out[t]![data.predicted[i]!]!++);
    return out;
  }, [data]);
  if (m?.kind !== 'classification' || !run.model) return null;

  const load = async () => {
    setBusy(true);
    setError(undefined);
    const res = await actions.trainingPredictions(run.id);
    setBusy(false);
    if (res.ok) setData(res.value);
    else setError(`${res.error.message}${res.error.hint ? ` ${res.error.hint}` : ''}`);
  };
  const choose = (v: 'test' | 'train') => {
    setView(v);
    if (v === 'train' && !data && !busy) void load();
  };
  const cellRows = data && cell ? data.rows.filter((_, i) => data.y[i] === cell[0] && data.predicted[i] === cell[1]) : [];
  const removed = fixes.filter((f) => f.remove).length;
  const retrain = async () => {
    const id = await actions.retrainWithFixes(run.fixes?.baseRunId ?? run.id);
    if (id) actions.goToStep('evaluate');
  };

  return (
    <section aria-labelledby="fix-title" className="fix-loop">
      <h3 id="fix-title">Fix training labels and retrain</h3>
      <p className="note" role="note">
        Fixes change <strong>training rows only</strong>. A wrong label in the rows the model learns from teaches it the wrong thing, so that is where it is fixed. The validation and test rows stay exactly the same rows, with
        the labels they have in the file: the retrained model is graded on the same exam, so its scores and the flipped test examples below compare fairly (fixing test rows would mean grading the model against answers we chose).
      </p>
      <fieldset>
        <legend>Confusion matrix of run #{run.number} on</legend>
        <label>
          <input type="radio" name={`fix-view-${run.id}`} checked={view === 'test'} onChange={() => choose('test')} /> test rows (above)
        </label>{' '}
        <label>
          <input type="radio" name={`fix-view-${run.id}`} checked={view === 'train'} onChange={() => choose('train')} /> training rows
        </label>
      </fieldset>
      {view === 'train' && (
        <>
          {busy && <p className="muted" role="status">Predicting the training rows…</p>}
          {error && <p className="error" role="alert">{error}</p>}
          {data && matrix && (
            <>
              <p className="small muted">
                {data.rows.length} training rows, with the labels as fixed so far. Off-diagonal cells are training rows the model disagrees with: often a mislabelled example.{' '}
                <button type="button" className="link" onClick={() => void load()} disabled={busy}>
                  Refresh
                </button>
              </p>
              <div aria-label="Training rows confusion matrix" role="group">
                <ConfusionMatrix classNames={data.classNames} matrix={matrix} selected={cell} onSelect={(i, j) => setCell([i, j])} />
              </div>
              {cell && (
                <FixRows
                  key={`${cell[0]}-${cell[1]}`}
                  title={`Training rows labelled ${data.classNames[cell[0]]}, predicted ${data.classNames[cell[1]]}`}
                  rows={cellRows}
                  classNames={data.classNames}
                  fixes={fixes}
                  label={(r) => data.classNames[data.y[data.rows.indexOf(r)]!]!}
                />
              )}
            </>
          )}
        </>
      )}
      {stale > 0 && (
        <p className="note" role="note">
          {stale} saved fixes were made on the data as it was cleaned before; the cleaning changed since, so its rows may be other rows and the fixes are not applied.{' '}
          <button type="button" className="link" onClick={() => actions.clearFixes()}>
            Discard them
          </button>
        </p>
      )}
      <p>
        {fixes.length === 0 ? 'No fixes yet.' : `${fixes.length - removed} rows relabelled, ${removed} removed (saved with the project).`}{' '}
        {fixes.length > 0 && (
          <>
            <button type="button" disabled={training} onClick={() => void retrain()}>
              Retrain with fixes
            </button>{' '}
            <button type="button" className="link" onClick={() => actions.clearFixes()}>
              Undo all fixes
            </button>
          </>
        )}
      </p>
      {fixes.some((f) => f.remove) && <FixRows title="Removed training rows" rows={fixes.filter((f) => f.remove).map((f) => f.row)} classNames={m.classNames} fixes={fixes} label={() => 'removed'} />}
      {run.fixes && base && (
        <section aria-labelledby="flip-title">
          <h4 id="flip-title">Which test examples flipped since run #{base.number}</h4>
          <p className="small muted">
            Run #{run.number} is run #{base.number} trained again with {run.fixes.relabelled} training rows relabelled and {run.fixes.removed} removed; same settings, seed and test rows.
          </p>
          <RowFlips a={comparableRun(base)} b={comparableRun(run)} classNames={m.classNames} readable={rowsReadable(comparableRun(run), { recipeKey })} />
        </section>
      )}
    </section>
  );
}

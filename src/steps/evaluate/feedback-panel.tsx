import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { actions, useStudio } from '../../store';
import { NO_RUNS, type RunRecord } from '../../store/modeling';
import { cannotContinue, type FeedbackScore, type RetrainChoice } from '../../store/actions/feedback';
import { FeedbackMode } from './feedback-mode';
import type { ClassificationReport, RegressionReport } from '../../core/metrics';
import { DEFAULT_FEEDBACK_WEIGHT, MAX_FEEDBACK_WEIGHT } from '../../core/jobs';
import { fmtNum } from '../shared/format';

/** Test-split figures of a run, for the old/new table. */
function testFigures(run: RunRecord): { name: string; value: number | null }[] {
  const m = run.metrics;
  if (!m) return [];
  if (m.kind === 'classification') {
    const c = m as ClassificationReport;
    return [
      { name: 'Accuracy (test)', value: c.accuracy },
      { name: 'Macro F1 (test)', value: c.macro.f1 },
    ];
  }
  const r = m as RegressionReport;
  return [
    { name: 'MAE (test)', value: r.mae },
    { name: 'R² (test)', value: r.r2 },
  ];
}

/**
 * The feedback dataset (predictions marked wrong, with the right label) and "Retrain with
 * feedback": the run's model again, on its training rows plus the feedback rows × weight, then
 * old against new on the same test split and on the feedback rows.
 */
export function FeedbackPanel({ run }: { run: RunRecord }) {
  const rows = useStudio(useShallow((s) => s.doc.feedback?.rows ?? []));
  const weight = useStudio((s) => s.doc.feedback?.weight ?? DEFAULT_FEEDBACK_WEIGHT);
  const training = useStudio((s) => !!s.live);
  const runs = useStudio((s) => s.doc.runs ?? NO_RUNS);
  // The comparison: the chosen run if it was retrained with feedback (against its base), else nothing yet.
  const base = run.feedback ? runs.find((r) => r.id === run.feedback!.baseRunId) : undefined;
  const [scores, setScores] = useState<{ old?: FeedbackScore; now?: FeedbackScore }>();
  const [choice, setChoice] = useState<RetrainChoice>({ mode: 'restart' });
  // The run retraining starts from: the chosen run's base when it is itself a retrain.
  const from = base ?? run;
  const continuing = choice.mode === 'continue' && !cannotContinue(from);
  const regression = run.metrics?.kind === 'regression';
  useEffect(() => {
    if (!base || rows.length === 0) return setScores(undefined);
    let live = true;
    void Promise.all([actions.scoreFeedback(base.id), actions.scoreFeedback(run.id)]).then(([o, n]) => {
      if (live) setScores({ ...(o.ok ? { old: o.value } : {}), ...(n.ok ? { now: n.value } : {}) });
    });
    return () => {
      live = false;
    };
  }, [base, run.id, rows.length]);
  return (
    <section aria-labelledby="feedback-title" className="feedback-panel">
      <h3 id="feedback-title">Feedback: {rows.length} corrected predictions</h3>
      {rows.length === 0 ? (
        <p className="muted small">Mark a prediction wrong in “Try the model” below and give the right answer: it is kept here, with the project, to retrain the model.</p>
      ) : (
        <>
          <div className="matrix-scroll">
            <table className="matrix" aria-label="Feedback rows">
              <thead>
                <tr>
                  <th>input</th>
                  <th>model said</th>
                  <th>right answer</th>
                  <th>from</th>
                  {scores?.now && <th>retrained model says</th>}
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.id}>
                    <td>{Object.entries(r.record).map(([k, v]) => `${k}=${v}`).join(', ')}</td>
                    <td>{r.predicted ?? '—'}</td>
                    <td>{r.label}</td>
                    <td>{r.source === 'batch' ? (r.fileName ?? 'a batch file') : 'a prediction'}</td>
                    {scores?.now && <td data-testid="feedback-now">{scores.now.predicted[i]}</td>}
                    <td>
                      <button type="button" className="link" onClick={() => actions.removeFeedback(r.id)}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <label>
            Weight: each feedback row counts as{' '}
            <input type="number" min={1} max={MAX_FEEDBACK_WEIGHT} step={1} value={weight} onChange={(e) => actions.setFeedbackWeight(Number(e.target.value))} aria-label="Feedback weight" /> training rows
          </label>{' '}
          <FeedbackMode base={from} choice={choice} onChange={setChoice} />
          <button type="button" disabled={training} onClick={() => void actions.retrainWithFeedback(from.id, continuing ? choice : { mode: 'restart' })}>
            Retrain with feedback
          </button>
          <p className="muted small">
            {continuing ? `Continues run #${from.number}’s trained model (same settings and backend) for ${choice.furtherEpochs ?? from.hp.epochs} further epochs` : `Trains run #${from.number}’s model again from scratch (same settings, seed and backend)`} on its training rows plus the feedback
            rows. The validation and test rows are the same, so the scores below compare fairly; feedback rows never go into the test split.
          </p>
        </>
      )}
      {base && (
        <table className="per-class" aria-label="Old and new metrics">
          <thead>
            <tr>
              <th />
              <th>Run #{base.number} (before)</th>
              <th>
                Run #{run.number} (with feedback ×{run.feedback!.weight}, {run.feedback!.mode === 'continue' ? `continued ${run.feedback!.furtherEpochs ?? '?'} epochs` : 'from scratch'})
              </th>
            </tr>
          </thead>
          <tbody>
            {testFigures(base).map((f, i) => (
              <tr key={f.name}>
                <th>{f.name}</th>
                <td>{fmtNum(f.value, 3)}</td>
                <td>{fmtNum(testFigures(run)[i]?.value ?? null, 3)}</td>
              </tr>
            ))}
            <tr>
              <th>{regression ? 'MAE' : 'Right'} on the {rows.length} feedback rows</th>
              <td data-testid="feedback-score-old">{scores?.old ? fmtNum(scores.old.score, 3) : '…'}</td>
              <td data-testid="feedback-score-new">{scores?.now ? fmtNum(scores.now.score, 3) : '…'}</td>
            </tr>
          </tbody>
        </table>
      )}
      {run.feedback && run.feedback.skipped > 0 && <p className="muted small">{run.feedback.skipped} feedback rows were left out: their label is not one of the model’s classes (or not a number).</p>}
    </section>
  );
}

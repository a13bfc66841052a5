import { useMemo } from 'react';
import { LiveLineChart } from '../../ui/live-line-chart';
import { CHART_COLORS } from '../../ui/palette';
import { actions, useStudio } from '../../store';

const SERIES = [
  { key: 'train', label: 'training loss', color: CHART_COLORS.training },
  { key: 'validation', label: 'validation loss', color: CHART_COLORS.validation, dots: true },
];

/** Start / pause / stop / resume, the live loss curve and the run's state. */
export function TrainPanel() {
  const doc = useStudio((s) => s.doc.seq2seq);
  const live = useStudio((s) => s.s2s?.live);
  const backend = useStudio((s) => s.s2s?.backend);
  const loaded = useStudio((s) => !!s.s2s?.preview);
  const run = doc?.run;
  const points = useMemo(() => [...(run?.losses ?? []), ...(live?.points ?? [])], [run?.losses, live?.points]);
  const data = useMemo(() => {
    const rows = new Map<number, Record<string, number | null>>();
    for (const [step, loss] of points) rows.set(step, { step, train: loss, validation: rows.get(step)?.validation ?? null });
    for (const e of run?.evals ?? []) rows.set(e.step, { step: e.step, train: rows.get(e.step)?.train ?? null, validation: e.valLoss });
    return [...rows.values()].sort((a, b) => a.step! - b.step!);
  }, [points, run?.evals]);
  if (!doc) return null;
  const last = points[points.length - 1];
  const canResume = !live && loaded && run?.checkpointStep !== undefined && (run.status === 'stopped' || run.status === 'done' || run.status === 'interrupted') && doc.settings.train.maxIters > run.checkpointStep;
  return (
    <section className="card" aria-labelledby="s2s-train-title">
      <h3 id="s2s-train-title">Training</h3>
      <div className="s2s-row">
        <button type="button" disabled={!!live || !loaded} onClick={() => void actions.s2sTrain(false)}>
          Train
        </button>
        {live && (
          <>
            <button type="button" className="secondary" onClick={live.paused ? actions.s2sResume : actions.s2sPause}>
              {live.paused ? 'Continue' : 'Pause'}
            </button>
            <button type="button" className="secondary" onClick={actions.s2sStop}>
              Stop
            </button>
          </>
        )}
        {canResume && (
          <button type="button" className="secondary" onClick={() => void actions.s2sTrain(true)}>
            Resume from step {run!.checkpointStep}
          </button>
        )}
      </div>
      <p role="status" data-testid="s2s-train-status">
        {live
          ? `Training${live.paused ? ' (paused)' : ''}: step ${last?.[0] ?? 0} of ${doc.settings.train.maxIters}, loss ${last ? last[1].toFixed(3) : '…'}, ${live.tokensPerSec.toFixed(0)} tokens/s${backend ? ` on ${backend.name}` : ''}`
          : run
            ? `Run ${run.status}${run.result ? ` after ${run.result.steps} steps` : ''}${run.checkpointStep !== undefined ? `; checkpoint at step ${run.checkpointStep}` : ''}${run.message ? `: ${run.message}` : ''}.`
            : 'Not trained yet.'}
      </p>
      {live && run?.message && (
        <p className="note" role="note" data-testid="s2s-run-notice">
          {run.message}
        </p>
      )}
      {data.length > 0 && <LiveLineChart title="Loss per step" data={data} xKey="step" xLabel="step" series={SERIES} height={220} />}
    </section>
  );
}

import { NO_RUNS } from '../../store/modeling';
import { actions, useStudio } from '../../store';
import { chosenTask } from '../../store/selectors';
import { DEFAULT_TRAINING } from '../../core/jobs';
import { getModelInfo } from '../../core/models/catalog';
import { ProgressBar } from '../../ui/progress-bar';
import { BackendPicker } from './backend-picker';
import { HyperparamsForm } from './hyperparams-form';
import { LiveCharts } from './live-charts';
import { RunHistory } from './run-history';
import { CrossValidation } from './cross-validation';
import { SearchPanel } from './search-panel';
import { TrainWarnings } from './train-warnings';
import { InterruptedRun } from './interrupted-run';
import { fmtInt } from '../shared/format';

export function TrainStep() {
  const task = useStudio(chosenTask);
  const model = useStudio((s) => s.doc.model);
  const art = useStudio((s) => s.doc.features?.artifact);
  const training = useStudio((s) => s.doc.training ?? DEFAULT_TRAINING);
  const runs = useStudio((s) => s.doc.runs ?? NO_RUNS);
  const live = useStudio((s) => s.live);
  if (!model || !art || !task) {
    return (
      <p>
        Choose a model first.{' '}
        <button type="button" className="link" onClick={() => actions.goToStep('model')}>
          Go to Model
        </button>
      </p>
    );
  }
  const family = getModelInfo(model.family);
  const current = live ? runs.find((r) => r.id === live.runId) : runs.at(-1);
  const lastBatch = live?.batches.at(-1);
  // Progress, buttons and chart units follow the run shown, which may be of another family than
  // the one chosen now. Boosting and the random forest report their rounds (a forest's: one tree
  // each) as epochs and pause or stop between them; a decision tree fits in one step without progress.
  const runFamily = getModelInfo(current?.family ?? model.family);
  const neural = runFamily?.kind === 'neural';
  const rounds = runFamily?.kind === 'tree' && runFamily.rounds && current ? runFamily.rounds(current.params) : undefined;
  const stepped = neural || rounds !== undefined;
  const done = current?.epochs.length ?? 0;
  const total = rounds ?? current?.hp.epochs ?? training.hp.epochs;
  const perEpoch = current && done > 0 ? current.epochs.reduce((a, e) => a + e.seconds, 0) / done : undefined;
  const eta = perEpoch !== undefined ? Math.round(perEpoch * (total - done)) : undefined;
  return (
    <>
      <p>
        Training <strong>{family?.label}</strong> on {fmtInt(art.sizes.train)} rows, checking on {fmtInt(art.sizes.validation)} validation rows.
      </p>
      <BackendPicker running={!!live} />
      {family?.kind === 'neural' && <HyperparamsForm hp={training.hp} disabled={!!live} classification={task === 'classification'} />}
      <div className="train-controls">
        {!live && (
          <button type="button" onClick={() => void actions.startTraining()}>
            {runs.length ? 'Train again' : 'Start training'}
          </button>
        )}
        {live && current?.status === 'running' && stepped && (
          <button type="button" className="secondary" onClick={actions.pauseTraining}>
            Pause
          </button>
        )}
        {live && current?.status === 'paused' && (
          <button type="button" onClick={actions.resumeTraining}>
            Resume
          </button>
        )}
        {live && stepped && (
          <button type="button" className="danger" onClick={actions.stopTraining}>
            {neural ? 'Stop (keep the best model so far)' : 'Stop (keep the rounds so far)'}
          </button>
        )}
      </div>
      {live && current && (
        <div aria-live="polite">
          <ProgressBar
            label={stepped ? `${neural ? 'Epoch' : 'Round'} ${Math.min(done + 1, total)} of ${total}${current.status === 'paused' ? ' (paused)' : ''}` : 'Fitting the trees'}
            done={stepped ? done : 0}
            total={stepped ? total : 1}
            format={(d, t) => (stepped ? `${Math.round((100 * d) / Math.max(1, t))}%${eta !== undefined ? ` · about ${eta} s left` : ''}` : 'working…')}
          />
          {lastBatch && <p className="muted small">{fmtInt(lastBatch.samplesPerSecond)} samples per second · batch loss {lastBatch.smoothedLoss.toPrecision(4)}</p>}
          {current.backend && <p className="muted small" data-testid="running-backend">Running on {current.backend.name}{current.backend.threads ? ` with ${current.backend.threads} threads` : ''}: {current.backend.reason}</p>}
        </div>
      )}
      {current?.notice && <p className="muted small" data-testid="run-notice">{current.notice}</p>}
      {current && !live && current.status === 'interrupted' && <InterruptedRun run={current} busy={!!live} />}
      {current && !live && current.status !== 'running' && current.status !== 'interrupted' && (
        <p className={current.status === 'failed' ? 'problem-inline' : 'muted'} role={current.status === 'failed' ? 'alert' : undefined}>
          Run #{current.number} {current.status === 'failed' ? 'stopped' : 'finished'}
          {current.outcome ? ` (${current.outcome.stoppedBy}${current.outcome.bestEpoch ? `, best epoch ${current.outcome.bestEpoch}` : ''}, ${current.outcome.seconds.toFixed(1)} s on ${current.backend?.name ?? '?'})` : ''}.{' '}
          {current.problem}
        </p>
      )}
      {current && current.epochs.length > 0 && <LiveCharts run={current} batches={live?.runId === current.id ? live.batches : []} unit={neural ? 'epoch' : 'round'} />}
      {current && <TrainWarnings run={current} batches={live?.runId === current.id ? live.batches : []} unit={neural ? 'epoch' : 'round'} />}
      <RunHistory runs={runs} />
      <CrossValidation />
      <SearchPanel />
      <div className="next-row">
        <button type="button" onClick={() => actions.goToStep('evaluate')} disabled={!runs.some((r) => r.metrics)}>
          Next: evaluate →
        </button>
      </div>
    </>
  );
}

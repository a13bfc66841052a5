import { useMemo, useState } from 'react';
import { actions, useStudio } from '../../store';
import { defaultLmDoc, lmConfig, type LmRun } from '../../store/lm-doc';
import { LossChart } from './loss-chart';
import { MetricName } from '../../ui/glossary/metric-name';
import { LmWarnings } from './lm-warnings';
import { fmtCompact } from './fields';

const NO_POINTS: [number, number][] = [];

/** Step 3: train with a live loss chart, evaluations, tokens/s and the sample timeline. */
export function TrainPanel() {
  const lm = useStudio((s) => s.doc.lm) ?? defaultLmDoc();
  const live = useStudio((s) => s.lm?.live);
  const points = live?.points ?? NO_POINTS;
  const run = lm.run;
  const config = lmConfig(lm);
  const canStart = !!config && !!lm.corpus && !live && config.nEmbd % config.nHead === 0 && lm.settings.batchSize % lm.settings.gradAccumSteps === 0;
  const interrupted = run && !live && (run.status === 'running' || run.status === 'paused' || run.status === 'interrupted');
  return (
    <section className="lm-panel" aria-labelledby="lm-train-title">
      <h3 id="lm-train-title">3. Train</h3>
      <div className="lm-actions">
        {!live && (
          <button type="button" disabled={!canStart} onClick={() => void actions.lmStartTraining()}>
            {lm.useImported && lm.imported ? `Continue training ${lm.imported.fileName}` : 'Start training'}
          </button>
        )}
        {interrupted && run.checkpointStep !== undefined && (
          <button type="button" onClick={() => void actions.lmResumeTraining()}>
            Resume training from step {run.checkpointStep}
          </button>
        )}
        {run && !live && (run.status === 'done' || run.status === 'stopped') && (
          <button type="button" className="secondary" onClick={() => void actions.lmTrainMore(Math.max(100, run.settings.evalEvery))}>
            Train {Math.max(100, run.settings.evalEvery)} more steps
          </button>
        )}
        {live && run?.status === 'running' && (
          <button type="button" className="secondary" onClick={actions.lmPause}>
            Pause
          </button>
        )}
        {live && run?.status === 'paused' && (
          <button type="button" onClick={actions.lmResumeLive}>
            Resume
          </button>
        )}
        {live && (
          <button type="button" className="secondary" onClick={actions.lmStop}>
            Stop
          </button>
        )}
      </div>
      {run && <RunView run={run} points={points} liveSpeed={live?.tokensPerSec} isLive={!!live} />}
    </section>
  );
}

const STATUS: Record<LmRun['status'], string> = { running: 'training', paused: 'paused', stopped: 'stopped', done: 'finished', failed: 'failed', interrupted: 'interrupted' };

function RunView({ run, points, liveSpeed, isLive }: { run: LmRun; points: [number, number][]; liveSpeed: number | undefined; isLive: boolean }) {
  const lastStep = points.at(-1)?.[0] ?? run.losses.at(-1)?.[0] ?? run.step;
  const last = run.evals.at(-1);
  const status = !isLive && (run.status === 'running' || run.status === 'paused') ? 'interrupted (the page was closed)' : STATUS[run.status];
  const data = useMemo(() => {
    const rows = new Map<number, Record<string, number | null>>();
    for (const [step, loss] of [...run.losses, ...points]) rows.set(step, { step, train: loss, validation: null });
    for (const e of run.evals) rows.set(e.step, { ...(rows.get(e.step) ?? { step: e.step, train: null }), validation: e.valLoss });
    return [...rows.values()].sort((a, b) => a.step! - b.step!);
  }, [run.losses, run.evals, points]);
  const speed = isLive ? (liveSpeed ?? run.tokensPerSec) : run.tokensPerSec;
  const [picked, setPicked] = useState<number | null>(null);
  const index = picked === null ? run.samples.length - 1 : Math.min(picked, run.samples.length - 1);
  return (
    <div className="lm-run">
      <p role="status" aria-label="Training status">
        Step <strong data-testid="lm-step">{lastStep}</strong> of {run.settings.maxIters} · {status}
        {run.backend && <> · on {run.backend}{run.workers ? ` (${run.workers} workers, one per core)` : ''}</>}
        {speed !== undefined && (
          <>
            {' '}
            · <strong data-testid="lm-tokens-per-sec">{fmtCompact(speed)}</strong> tokens/s
          </>
        )}
        {run.checkpointStep !== undefined && <> · checkpoint at step {run.checkpointStep}</>}
        {run.continues && <> · continues {run.continues}</>}
      </p>
      {run.problem && <p className="problem-inline">{run.problem}</p>}
      {last && (
        <dl className="lm-metrics" aria-label="Last evaluation">
          <div>
            <dt><MetricName name="validation loss" /></dt>
            <dd data-testid="lm-val-loss">{last.valLoss.toFixed(3)}</dd>
          </div>
          <div>
            <dt><MetricName name="training loss" /></dt>
            <dd>{last.trainLoss.toFixed(3)}</dd>
          </div>
          <div>
            <dt><MetricName name="perplexity" /></dt>
            <dd>{last.perplexity.toFixed(2)}</dd>
          </div>
          <div>
            <dt><MetricName name="bits per character" /></dt>
            <dd>{last.bitsPerChar.toFixed(3)}</dd>
          </div>
        </dl>
      )}
      <LmWarnings run={run} points={points} />
      <div className="lm-train-grid">
        <LossChart data={data} {...(run.samples[index] ? { marker: run.samples[index].step } : {})} />
        <SampleTimeline samples={run.samples} prompt={run.settings.samplePrompt} index={index} onPick={(i) => setPicked(i === run.samples.length - 1 ? null : i)} />
      </div>
    </div>
  );
}

/** The text generated at each evaluation (same prompt, same seed): scrub to watch noise turn into words. */
export function SampleTimeline({ samples, prompt, index, onPick }: { samples: LmRun['samples']; prompt: string; index: number; onPick: (i: number) => void }) {
  const s = samples[index];
  if (!s) return <p className="muted">A sample from the prompt “{prompt}” appears at each evaluation.</p>;
  return (
    <figure className="lm-timeline" aria-label="Sample timeline">
      <figcaption>
        <label>
          Sample at step <strong data-testid="lm-sample-step">{s.step}</strong>{' '}
          <input
            type="range"
            aria-label="Sample at step"
            min={0}
            max={samples.length - 1}
            value={index}
            onChange={(e) => onPick(Number(e.target.value))}
          />
        </label>
      </figcaption>
      <pre className="lm-sample" data-testid="lm-sample">
        {s.text}
      </pre>
    </figure>
  );
}

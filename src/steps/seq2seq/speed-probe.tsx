import { actions, useStudio } from '../../store';

const duration = (seconds: number) => (seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`);

/** "Measure speed": timed training steps of the chosen size on the chosen backend, and what the run's steps would take. */
export function SpeedProbe({ probeKey, steps, locked }: { probeKey: string; steps: number; locked: boolean }) {
  const probing = useStudio((s) => !!s.s2s?.probing);
  const job = useStudio((s) => s.s2s?.job);
  const hasData = useStudio((s) => !!s.doc.seq2seq?.data);
  // A probe of other settings says nothing about these: shown only while the key matches.
  const probe = useStudio((s) => (s.s2s?.probe?.key === probeKey ? s.s2s.probe : undefined));
  return (
    <p>
      <button type="button" className="secondary" disabled={locked || probing || !hasData} onClick={() => void actions.s2sProbe()}>
        {probing ? 'Measuring…' : 'Measure speed'}
      </button>{' '}
      {probing && job && <span className="muted">{job.label}…</span>}
      {!hasData && <span className="muted">Load pairs first: the speed depends on their lengths.</span>}
      {probe && !probing && (
        <span data-testid="s2s-probe">
          On {probe.backend}: {Math.round(probe.msPerStep)} ms per step ({Math.round(probe.tokensPerSec).toLocaleString()} tokens/s, {probe.steps} timed steps); the {steps.toLocaleString()} steps would take about {duration((probe.msPerStep * steps) / 1000)}.
        </span>
      )}
    </p>
  );
}

import { actions, useStudio } from '../../store';
import { s2sRunStamp } from '../../store/seq2seq-stamp';
import type { S2sReproduction } from '../../core/jobs/seq2seq-reproduce';
import { StampView } from '../shared/stamp-view';

const loss = (v: number) => v.toFixed(6);

function Verdict({ r }: { r: S2sReproduction }) {
  const compared = `the training loss at ${r.lossSteps} steps and ${r.evalSteps} validation${r.evalSteps === 1 ? '' : 's'}`;
  const metrics =
    r.metrics === 'exact'
      ? `${compared} match exactly`
      : r.metrics === 'within'
        ? `${compared} match within the tolerance (largest difference ${r.maxDiff.toExponential(2)} ≤ ${r.tolerance})`
        : `${compared} differ (largest difference ${Number.isFinite(r.maxDiff) ? r.maxDiff.toPrecision(3) : 'unknown: no step in common'}, tolerance ${r.tolerance})`;
  return (
    <div role="status" data-testid="s2s-reproduction">
      <p>
        Reproduced {r.ofLabel}: {metrics}; training pairs hash {r.dataMatches ? 'matches' : 'differs'}; tokenizers + model + settings hash {r.recipeMatches ? 'matches' : 'differs'}.
      </p>
      {r.last && (
        <p className="small">
          At step {r.last.step}: validation loss {loss(r.last.original)} then, {loss(r.last.again)} now.
        </p>
      )}
      <p className="muted small">
        {r.tolerance > 0
          ? `${r.backend ?? 'This backend'} is not bit-deterministic (the GPU sums in an order the driver picks), so losses may differ by up to ${r.tolerance}.`
          : `${r.backend ?? 'This backend'} is deterministic: the same settings give the same losses bit for bit.`}
      </p>
    </div>
  );
}

/** The run's reproducibility stamp (what its bundle carries) and "Reproduce: train again and compare" (no "run" in its name: the playground's Run button is found by that word). */
export function S2sReproducePanel() {
  const run = useStudio((s) => s.doc.seq2seq?.run);
  const live = useStudio((s) => !!s.s2s?.live);
  const loaded = useStudio((s) => !!s.s2s?.preview);
  if (!run || run.status === 'training') return null;
  const stamp = s2sRunStamp(run, typeof run.startedAt === 'number' ? new Date(run.startedAt).toISOString() : undefined);
  // Saved documents are restored loosely: show only a well-formed verdict.
  const r = run.reproduction;
  const verdict = r && typeof r.maxDiff === 'number' && typeof r.lossSteps === 'number' && typeof r.evalSteps === 'number' ? r : undefined;
  return (
    <section className="card" aria-labelledby="s2s-repro-title">
      <h3 id="s2s-repro-title">Reproducibility</h3>
      {stamp ? (
        <>
          <p className="small">This run’s stamp (the bundle carries it, dated at the export):</p>
          <StampView stamp={stamp} label="Sequence-to-sequence run stamp" />
          <button type="button" className="secondary" disabled={live || !loaded} onClick={() => void actions.s2sReproduce()}>
            Reproduce: train again and compare
          </button>{' '}
          <span className="muted small">Trains again from scratch with the same pairs, tokenizers, model, settings, seed, backend and {run.result?.steps ?? 0} steps, and compares the losses.</span>
        </>
      ) : (
        <p className="muted small">
          {run.resumed
            ? 'This run was resumed from a checkpoint with a new step count, so a fresh run cannot retrace it: train it in one go for a stamp.'
            : 'Finish a run to get a stamp (runs trained before stamps have none).'}
        </p>
      )}
      {verdict && <Verdict r={verdict} />}
    </section>
  );
}

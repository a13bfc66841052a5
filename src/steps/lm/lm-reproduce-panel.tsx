import { actions, useStudio } from '../../store';
import { defaultLmDoc } from '../../store/lm-doc';
import { lmRunStamp } from '../../store/lm-stamp';
import type { LmReproduction } from '../../core/jobs/lm-reproduce';
import { StampView } from '../shared/stamp-view';
import { parseStamp } from '../../core/bundle/stamp';

const loss = (v: number) => v.toFixed(6);

function Verdict({ r }: { r: LmReproduction }) {
  const compared = `the training loss at ${r.lossSteps} steps and ${r.evalSteps} evaluation${r.evalSteps === 1 ? '' : 's'}`;
  const metrics =
    r.metrics === 'exact'
      ? `${compared} match exactly`
      : r.metrics === 'within'
        ? `${compared} match within the tolerance (largest difference ${r.maxDiff.toExponential(2)} ≤ ${r.tolerance})`
        : `${compared} differ (largest difference ${Number.isFinite(r.maxDiff) ? r.maxDiff.toPrecision(3) : 'unknown: no step in common'}, tolerance ${r.tolerance})`;
  const why =
    r.tolerance > 0
      ? `${r.backend ?? 'This backend'} is not bit-deterministic (the GPU sums in an order the driver picks), so losses may differ by up to ${r.tolerance}.`
      : `${r.backend ?? 'This backend'} is deterministic: the same settings give the same losses bit for bit.`;
  return (
    <div role="status" data-testid="lm-reproduction">
      <p>
        Reproduced {r.ofLabel}: {metrics}; training text hash {r.dataMatches ? 'matches' : 'differs'}; tokenizer + model + settings hash {r.recipeMatches ? 'matches' : 'differs'}.
      </p>
      {r.last && (
        <p className="small">
          At step {r.last.step}: validation loss {loss(r.last.original.valLoss)} then, {loss(r.last.again.valLoss)} now (perplexity {r.last.original.perplexity.toFixed(4)} and {r.last.again.perplexity.toFixed(4)}).
        </p>
      )}
      <p className="muted small">{why}</p>
    </div>
  );
}

/** The LM run's reproducibility stamp (what its exports carry), the imported model's, and Reproduce. */
export function LmReproducePanel() {
  const lm = useStudio((s) => s.doc.lm) ?? defaultLmDoc();
  const live = useStudio((s) => !!s.lm?.live);
  const run = lm.run;
  const stamp = run && run.step > 0 ? lmRunStamp(run, new Date(run.startedAt).toISOString()) : undefined;
  const ended = run?.status === 'done' || run?.status === 'stopped';
  // Saved documents are restored loosely: show only a well-formed stamp and verdict.
  const importedStamp = parseStamp(lm.imported?.stamp);
  const r = run?.reproduction;
  const verdict = r && typeof r.maxDiff === 'number' && typeof r.lossSteps === 'number' && typeof r.evalSteps === 'number' ? r : undefined;
  return (
    <div className="lm-reproduce">
      <h4>Reproducibility</h4>
      {stamp ? (
        <>
          <p className="small">This run’s stamp (the bundle, demo page and server kit carry it, dated at the export):</p>
          <StampView stamp={stamp} label="Language-model run stamp" />
          <button type="button" className="secondary" disabled={live || !ended} onClick={() => void actions.lmReproduce()}>
            Reproduce this run
          </button>{' '}
          <span className="muted small">Trains again from scratch with the same text, tokenizer, size, settings, seed, backend and {run?.step ?? 0} steps, and compares the losses.</span>
        </>
      ) : (
        <p className="muted small">Train a model to get a stamp{run && !run.stampData ? ' (this run was trained before stamps, or on a text prepared before them)' : ''}.</p>
      )}
      {verdict && <Verdict r={verdict} />}
      {lm.imported && importedStamp && (
        <>
          <p className="small">The imported model’s stamp ({lm.imported.fileName}):</p>
          <StampView stamp={importedStamp} label="Imported model stamp" />
          {lm.imported.training && importedStamp.kind === 'lm' && (
            <button type="button" className="secondary" disabled={live || !lm.corpus} onClick={() => void actions.lmReproduceImported()}>
              Reproduce the imported model here
            </button>
          )}
        </>
      )}
      {lm.imported && !importedStamp && <p className="muted small">The imported model has no reproducibility stamp.</p>}
    </div>
  );
}

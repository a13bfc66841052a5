import { actions, useStudio } from '../../store';
import { defaultLmDoc } from '../../store/lm-doc';
import { NumberField, fmtCompact } from './fields';

/** Step 4: the playground: a prompt, sampling settings, tokens streaming in. */
export function GeneratePanel() {
  const lm = useStudio((s) => s.doc.lm) ?? defaultLmDoc();
  const gen = useStudio((s) => s.lm?.gen);
  const training = useStudio((s) => !!s.lm?.live) && lm.run?.status === 'running';
  const g = lm.generate;
  const hasModel = lm.run?.checkpointStep !== undefined || !!lm.imported;
  return (
    <section className="lm-panel" aria-labelledby="lm-generate-title">
      <h3 id="lm-generate-title">4. Generate</h3>
      {!hasModel ? (
        <p className="muted">Train a model (or import one) to write with it.</p>
      ) : (
        <>
          <label className="lm-field lm-prompt">
            <span>Prompt</span>
            <textarea rows={2} value={g.prompt} onChange={(e) => actions.lmSetGenerate({ prompt: e.target.value })} />
          </label>
          <div className="lm-row">
            <NumberField label="New tokens" value={g.maxNewTokens} min={1} max={5000} integer onChange={(v) => actions.lmSetGenerate({ maxNewTokens: v })} />
            <NumberField label="Temperature" value={g.temperature} min={0} max={5} step={0.1} onChange={(v) => actions.lmSetGenerate({ temperature: v })} />
            <NumberField label="Top-k (0 = all)" value={g.topK} min={0} integer onChange={(v) => actions.lmSetGenerate({ topK: v })} />
            <NumberField label="Top-p" value={g.topP} min={0.01} max={1} step={0.05} onChange={(v) => actions.lmSetGenerate({ topP: v })} />
            <NumberField label="Sampling seed" value={g.seed} integer onChange={(v) => actions.lmSetGenerate({ seed: v })} />
          </div>
          <div className="lm-actions">
            {gen?.running ? (
              <button type="button" className="secondary" onClick={actions.lmStopGenerate}>
                Stop generating
              </button>
            ) : (
              <button type="button" disabled={training} onClick={() => void actions.lmGenerate()} title={training ? 'Pause or stop training first' : undefined}>
                Generate
              </button>
            )}
            {training && <span className="muted">Pause training to generate with the current weights.</span>}
            {gen && !gen.running && gen.tokensPerSec !== undefined && <span className="muted">{fmtCompact(gen.tokensPerSec)} tokens/s</span>}
          </div>
          {gen?.notice && (
            <p className="note" role="note" data-testid="lm-gen-notice">
              {gen.notice}
            </p>
          )}
          {gen && (
            <pre className="lm-sample" data-testid="lm-generated" aria-live="polite" aria-busy={gen.running}>
              <strong>{g.prompt}</strong>
              {gen.text}
            </pre>
          )}
        </>
      )}
    </section>
  );
}

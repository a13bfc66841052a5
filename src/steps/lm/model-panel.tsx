import { actions, useStudio } from '../../store';
import { LM_PRESETS, defaultLmDoc, lmConfig, lmMemory, probeKey, type LmPresetId } from '../../store/lm-doc';
import { countParams } from '../../core/jobs';
import { BACKENDS, type BackendChoice } from '../../core/jobs';
import { fmtBytes } from '../shared/format';
import { fitProblem } from '../../core/lm/fit';
import { NumberField, fmtCompact, fmtDuration } from './fields';

const BACKEND_LABEL: Record<BackendChoice, string> = { auto: 'Automatic (fastest real backend)', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (CPU)', cpu: 'Plain JavaScript (CPU)' };

/** Step 2: model size (presets or custom), training settings, backend, and "will it fit?". */
export function ModelPanel({ locked }: { locked: boolean }) {
  const lm = useStudio((s) => s.doc.lm) ?? defaultLmDoc();
  const probing = useStudio((s) => s.lm?.probing ?? false);
  const job = useStudio((s) => s.lm?.job);
  const m = lm.model;
  const s = lm.settings;
  const fixed = locked || (!!lm.useImported && !!lm.imported);
  const config = lmConfig(lm);
  const mem = config ? lmMemory(config, s) : undefined;
  const probe = config && lm.probe?.key === probeKey(config, s, lm.backend) ? lm.probe : undefined;
  const deviceGb = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const tooBig = mem ? fitProblem(mem.trainingBytes, lm.backend, deviceGb) : undefined;
  return (
    <section className="lm-panel" aria-labelledby="lm-model-title">
      <h3 id="lm-model-title">2. Model</h3>
      <div className="lm-row">
        <label className="lm-field">
          <span>Preset</span>
          <select aria-label="Model preset" value={lm.preset} disabled={fixed} onChange={(e) => actions.lmChoosePreset(e.target.value as LmPresetId)}>
            {lm.preset === 'fine-tune' && <option value="fine-tune">Continue the imported model (lower learning rate)</option>}
            {LM_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label className="lm-field">
          <span>Run on</span>
          <select aria-label="Run on" value={lm.backend} disabled={locked} onChange={(e) => actions.lmSetBackend(e.target.value as BackendChoice)}>
            {(['auto', ...BACKENDS] as BackendChoice[]).map((b) => (
              <option key={b} value={b}>
                {BACKEND_LABEL[b]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="lm-row" disabled={fixed}>
        <legend>Size</legend>
        <NumberField label="Layers" value={m.nLayer} min={1} max={48} integer onChange={(v) => actions.lmSetModel({ nLayer: v })} />
        <NumberField label="Heads" value={m.nHead} min={1} max={64} integer onChange={(v) => actions.lmSetModel({ nHead: v })} />
        <NumberField label="Embedding size" value={m.nEmbd} min={1} max={4096} integer onChange={(v) => actions.lmSetModel({ nEmbd: v })} />
        <NumberField label="Context (tokens)" value={m.blockSize} min={2} max={2048} integer onChange={(v) => actions.lmSetModel({ blockSize: v })} />
        <NumberField label="Dropout" value={m.dropout} min={0} max={0.9} step={0.05} onChange={(v) => actions.lmSetModel({ dropout: v })} />
      </fieldset>
      {m.nEmbd % m.nHead !== 0 && <p className="problem-inline">The embedding size must be a multiple of the number of heads.</p>}
      <fieldset className="lm-row" disabled={locked}>
        <legend>Training</legend>
        <NumberField label="Steps" value={s.maxIters} min={1} integer onChange={(v) => actions.lmSetSettings({ maxIters: v, lrDecayIters: v })} />
        <NumberField label="Batch size" value={s.batchSize} min={1} integer onChange={(v) => actions.lmSetSettings({ batchSize: v })} />
        <NumberField label="Gradient accumulation" value={s.gradAccumSteps} min={1} integer onChange={(v) => actions.lmSetSettings({ gradAccumSteps: v })} />
        <NumberField label="Learning rate" value={s.learningRate} min={0} onChange={(v) => actions.lmSetSettings({ learningRate: v })} />
        <NumberField label="Final learning rate" value={s.minLr} min={0} onChange={(v) => actions.lmSetSettings({ minLr: v })} />
        <NumberField label="Warmup steps" value={s.warmupIters} min={0} integer onChange={(v) => actions.lmSetSettings({ warmupIters: v })} />
        <NumberField label="Weight decay" value={s.weightDecay} min={0} onChange={(v) => actions.lmSetSettings({ weightDecay: v })} />
        <NumberField label="Gradient clip" value={s.gradClip} min={0} onChange={(v) => actions.lmSetSettings({ gradClip: v })} />
        <NumberField label="Evaluate every (steps)" value={s.evalEvery} min={1} integer onChange={(v) => actions.lmSetSettings({ evalEvery: v })} />
        <NumberField label="Checkpoint every (steps)" value={s.checkpointEvery} min={1} integer onChange={(v) => actions.lmSetSettings({ checkpointEvery: v })} />
        <NumberField label="Validation windows per evaluation" value={s.evalWindows} min={1} integer onChange={(v) => actions.lmSetSettings({ evalWindows: v })} />
        <NumberField label="Seed" value={s.seed} integer onChange={(v) => actions.lmSetSettings({ seed: v })} />
        <label className="lm-field">
          <span>Sample prompt</span>
          <input type="text" value={s.samplePrompt} onChange={(e) => actions.lmSetSettings({ samplePrompt: e.target.value })} />
        </label>
        <NumberField label="Sample length (tokens)" value={s.sampleTokens} min={1} max={2000} integer onChange={(v) => actions.lmSetSettings({ sampleTokens: v })} />
      </fieldset>
      {s.batchSize % s.gradAccumSteps !== 0 && <p className="problem-inline">The batch size must be a multiple of the gradient accumulation steps.</p>}
      {config && mem ? (
        <div className="lm-fit" aria-label="Will it fit">
          <p>
            <strong data-testid="lm-params">{fmtCompact(countParams(config))}</strong> parameters ({fmtCompact(mem.params)} with the position table) · about <strong>{fmtBytes(mem.trainingBytes)}</strong> of memory to train (weights{' '}
            {fmtBytes(mem.weightBytes)}, optimizer {fmtBytes(mem.optimizerBytes)}, activations {fmtBytes(mem.activationBytes)}){deviceGb ? `; this device reports about ${deviceGb} GB` : ''}.
          </p>
          {tooBig && <p className="problem-inline" role="alert" data-testid="lm-too-big">{tooBig.message} {tooBig.hint}</p>}
          <p>
            <button type="button" className="secondary" disabled={locked || probing} onClick={() => void actions.lmProbe()}>
              {probing ? 'Measuring…' : 'Measure speed (will it fit?)'}
            </button>{' '}
            {probing && job && <span className="muted">{job.label}…</span>}
            {probe && (
              <span data-testid="lm-probe">
                On {probe.backend}{probe.workers ? ` (${probe.workers} workers)` : ''}: {Math.round(probe.msPerStep)} ms per step, <strong>{fmtDuration(probe.msPerStep)} per 1,000 steps</strong> ({fmtCompact(probe.tokensPerSec)} tokens/s); the {fmtCompact(s.maxIters)} steps would take about{' '}
                {fmtDuration((probe.msPerStep * s.maxIters) / 1000)}.
              </span>
            )}
          </p>
        </div>
      ) : (
        <p className="muted">Load a text first: the vocabulary size decides the size of the embedding table.</p>
      )}
    </section>
  );
}

import { useId } from 'react';
import { s2sSizeEstimate, type S2sSettings } from '../../core/jobs';
import { actions, useStudio } from '../../store';
import { s2sProbeKey } from '../../store/actions/seq2seq';
import { SpeedProbe } from './speed-probe';

type Kind = 'char' | 'word' | 'bpe' | 'wordpiece';
const KINDS: { id: Kind; label: string }[] = [
  { id: 'char', label: 'characters' },
  { id: 'word', label: 'words (space-separated tokens)' },
  { id: 'bpe', label: 'byte-level BPE' },
  { id: 'wordpiece', label: 'WordPiece' },
];

/** Tokenizers, model size and training settings, with the parameter and memory estimate. */
export function SettingsPanel({ locked }: { locked: boolean }) {
  const s = useStudio((st) => st.doc.seq2seq?.settings);
  const id = useId();
  if (!s) return null;
  const set = actions.s2sSetSettings;
  const est = s2sSizeEstimate(s);
  const tgt = s.tokenizers.target;
  const num = (label: string, value: number, on: (v: number) => void, step = 1) => (
    <label className="s2s-field">
      {label}
      <input type="number" value={value} step={step} disabled={locked} onChange={(e) => { const v = Number(e.target.value); if (Number.isFinite(v) && v >= 0) on(v); }} />
    </label>
  );
  const model = (patch: Partial<S2sSettings['model']>) => set({ model: { ...s.model, ...patch, preset: 'custom' } });
  const train = (patch: Partial<S2sSettings['train']>) => set({ train: { ...s.train, ...patch } });
  return (
    <section className="card" aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>Tokenizers and model</h3>
      <div className="s2s-row">
        <label className="s2s-field">
          Source tokenizer
          <select value={s.tokenizers.source.kind} disabled={locked} onChange={(e) => set({ tokenizers: { ...s.tokenizers, source: { ...s.tokenizers.source, kind: e.target.value as Kind, vocabSize: e.target.value === 'bpe' ? 400 : s.tokenizers.source.vocabSize } } })}>
            {KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
          </select>
        </label>
        <label className="s2s-field">
          Target tokenizer
          <select value={tgt === 'shared' ? 'shared' : tgt.kind} disabled={locked} onChange={(e) => set({ tokenizers: { ...s.tokenizers, target: e.target.value === 'shared' ? 'shared' : { kind: e.target.value as Kind, vocabSize: e.target.value === 'bpe' ? 400 : 2000, lowercase: false } } })}>
            <option value="shared">shared with the source</option>
            {KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
          </select>
        </label>
      </div>
      <div className="s2s-row">
        <label className="s2s-field">
          Model size
          <select value={s.model.preset} disabled={locked} onChange={(e) => (e.target.value === 'tiny' || e.target.value === 'small' ? actions.s2sChoosePreset(e.target.value) : model({}))}>
            <option value="tiny">Tiny (2 + 2 layers, 64 wide)</option>
            <option value="small">Small (3 + 3 layers, 128 wide)</option>
            <option value="custom">Custom</option>
          </select>
        </label>
        <label className="s2s-field">
          Positions
          <select value={s.model.position} disabled={locked} onChange={(e) => model({ position: e.target.value as S2sSettings['model']['position'] })}>
            <option value="t5">relative position bias (T5)</option>
            <option value="learned">learned</option>
            <option value="sinusoidal">sinusoidal</option>
          </select>
        </label>
        <label className="s2s-field">
          Norm
          <select value={s.model.norm} disabled={locked} onChange={(e) => model({ norm: e.target.value as 'rms' | 'layer' })}>
            <option value="rms">RMSNorm (T5)</option>
            <option value="layer">LayerNorm</option>
          </select>
        </label>
        <label className="s2s-field s2s-check">
          <input type="checkbox" checked={s.model.tieEmbeddings} disabled={locked} onChange={(e) => model({ tieEmbeddings: e.target.checked })} />
          Tied output head
        </label>
      </div>
      <div className="s2s-row">
        {num('Width (d_model)', s.model.dModel, (v) => model({ dModel: v }))}
        {num('Heads', s.model.nHeads, (v) => model({ nHeads: v }))}
        {num('Head width', s.model.dKv, (v) => model({ dKv: v }))}
        {num('Feed-forward', s.model.dFf, (v) => model({ dFf: v }))}
        {num('Encoder layers', s.model.nEncoderLayers, (v) => model({ nEncoderLayers: v }))}
        {num('Decoder layers', s.model.nDecoderLayers, (v) => model({ nDecoderLayers: v }))}
      </div>
      <div className="s2s-row">
        {num('Training steps', s.train.maxIters, (v) => train({ maxIters: Math.max(1, v) }))}
        {num('Batch size', s.train.batchSize, (v) => train({ batchSize: v }))}
        {num('Learning rate', s.train.learningRate, (v) => train({ learningRate: v }), 0.0001)}
        {num('Warmup steps', s.train.warmupIters, (v) => train({ warmupIters: v }))}
        {num('Label smoothing', s.train.labelSmoothing, (v) => train({ labelSmoothing: Math.min(0.5, v) }), 0.05)}
        {num('Validate every', s.train.evalInterval, (v) => train({ evalInterval: Math.max(1, v) }))}
        {num('Seed', s.train.seed, (v) => train({ seed: v }))}
        <label className="s2s-field">
          Backend
          <select value={s.backend} disabled={locked} onChange={(e) => set({ backend: e.target.value as S2sSettings['backend'] })}>
            <option value="auto">automatic</option>
            <option value="wasm">WASM</option>
            <option value="webgl">WebGL</option>
            <option value="webgpu">WebGPU</option>
            <option value="cpu">plain JavaScript</option>
          </select>
        </label>
      </div>
      <p className="muted" data-testid="s2s-estimate">
        About {est.params.toLocaleString()} parameters (with a 100-token vocabulary); training needs about {est.trainingMB.toFixed(0)} MB.
      </p>
      <SpeedProbe probeKey={s2sProbeKey(s)} steps={s.train.maxIters} locked={locked} />
    </section>
  );
}

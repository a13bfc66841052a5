import { useMemo, useState } from 'react';
import type { PretrainedCard } from '../../core/jobs/pretrained';
import { FINETUNE_TRAIN_CHARS, fineTuneBytes, LORA_TARGETS } from '../../core/lm/finetune-settings';
import { actions, useStudio } from '../../store';
import { ProblemBanner } from '../../ui/problem-banner';
import { downloadBlob } from '../shared/download';
import { NumberField, fmtCompact } from './fields';
import { LossChart } from './loss-chart';
import { SampleTimeline } from './train-panel';

const meanLoss = (xs: [number, number][]) => xs.reduce((a, [, l]) => a + l, 0) / Math.max(1, xs.length);
const mib = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);

/** "Fine-tune on your text" for the loaded pretrained model: full or LoRA, live curves and samples, exports. */
export function PretrainedFineTune({ card }: { card: PretrainedCard }) {
  const t = useStudio((s) => s.lm?.pretrainedTune);
  const hasCorpus = useStudio((s) => !!s.doc.lm?.corpus);
  const busyElsewhere = useStudio((s) => !!s.lm?.pretrained?.job || !!s.lm?.pretrained?.gen?.running);
  const [picked, setPicked] = useState<number | null>(null);
  // The first edit creates the state with the family's defaults (store/actions/pretrained-finetune.ts).
  const s = t?.settings;
  const data = useMemo(() => {
    const rows = new Map<number, Record<string, number | null>>();
    for (const [step, loss] of t?.losses ?? []) rows.set(step, { step, train: loss, validation: null });
    for (const e of t?.evals ?? []) rows.set(e.step, { ...(rows.get(e.step) ?? { step: e.step, train: null }), validation: e.valLoss });
    return [...rows.values()].sort((a, b) => a.step! - b.step!);
  }, [t?.losses, t?.evals]);
  if (!s) {
    return (
      <div className="lm-actions">
        <button type="button" className="secondary" onClick={() => actions.pretrainedTuneSet({})}>
          Fine-tune on your text…
        </button>
      </div>
    );
  }
  const live = t.live;
  const samples = t.samples;
  const index = picked === null ? samples.length - 1 : Math.min(picked, samples.length - 1);
  const full = fineTuneBytes(card, { ...s, method: 'full' });
  const lora = fineTuneBytes(card, { ...s, method: 'lora' });
  const lastStep = t.losses.at(-1)?.[0] ?? 0;
  const targets = LORA_TARGETS[card.family];
  const toggle = (m: string) => actions.pretrainedTuneSet({ targetModules: s.targetModules.includes(m) ? s.targetModules.filter((x) => x !== m) : [...s.targetModules, m] });
  const save = (format: 'hf' | 'peft') => void actions.pretrainedExport(format).then((r) => r && downloadBlob(r.bytes as Uint8Array<ArrayBuffer>, r.fileName, 'application/zip'));
  return (
    <section className="lm-finetune" aria-labelledby="lm-finetune-title" data-testid="pretrained-finetune">
      <h4 id="lm-finetune-title">Fine-tune on your text</h4>
      <p className="muted">
        Continues training this model on the text of the Corpus section{hasCorpus ? '' : ' (load one there first)'}, (its first {FINETUNE_TRAIN_CHARS.toLocaleString('en-US')} characters) encoded by the model&apos;s own tokenizer. LoRA trains small adapters beside frozen weights: it needs far less memory than full fine-tuning.
      </p>
      <fieldset className="lm-row" disabled={!!live}>
        <legend>Method</legend>
        {(['lora', 'full'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="ft-method" checked={s.method === m} onChange={() => actions.pretrainedTuneSet({ method: m })} /> {m === 'lora' ? 'LoRA adapters' : 'Full fine-tuning'} (about {mib(m === 'lora' ? lora : full)})
          </label>
        ))}
      </fieldset>
      {s.method === 'lora' && (
        <fieldset className="lm-row" disabled={!!live}>
          <legend>LoRA</legend>
          <NumberField label="Rank r" value={s.r} min={1} max={1024} integer onChange={(v) => actions.pretrainedTuneSet({ r: v })} />
          <NumberField label="Alpha (scale = alpha / r)" value={s.alpha} min={0.01} step={1} onChange={(v) => actions.pretrainedTuneSet({ alpha: v })} />
          <span role="group" aria-label="Target modules">
            {targets.map((m) => (
              <label key={m} className="lm-check">
                <input type="checkbox" checked={s.targetModules.includes(m)} onChange={() => toggle(m)} /> {m}
              </label>
            ))}
          </span>
        </fieldset>
      )}
      <div className="lm-row">
        <NumberField label="Steps" value={s.steps} min={1} integer disabled={!!live} onChange={(v) => actions.pretrainedTuneSet({ steps: v })} />
        <NumberField label="Learning rate" value={s.learningRate} min={0} max={1} step={0.0001} disabled={!!live} onChange={(v) => actions.pretrainedTuneSet({ learningRate: v })} />
        <NumberField label="Batch size" value={s.batchSize} min={1} integer disabled={!!live} onChange={(v) => actions.pretrainedTuneSet({ batchSize: v })} />
        <NumberField label="Training window (tokens)" value={s.contextLength} min={2} max={card.contextLength} integer disabled={!!live} onChange={(v) => actions.pretrainedTuneSet({ contextLength: v })} />
        <NumberField label="Evaluate every" value={s.evalEvery} min={1} integer disabled={!!live} onChange={(v) => actions.pretrainedTuneSet({ evalEvery: v })} />
        <label className="lm-field">
          <span>Sample prompt</span>
          <input type="text" value={s.samplePrompt} disabled={!!live} onChange={(e) => actions.pretrainedTuneSet({ samplePrompt: e.target.value })} />
        </label>
      </div>
      {t.notice && (
        <p className="note" role="note" data-testid="ft-notice">
          {t.notice}
        </p>
      )}
      {t.problem && <ProblemBanner title={t.problem.message} {...(t.problem.hint ? { hint: t.problem.hint } : {})} onDismiss={actions.pretrainedTuneDismiss} />}
      <div className="lm-actions">
        {!live && (
          <button type="button" disabled={busyElsewhere || !hasCorpus} onClick={() => void actions.pretrainedTuneStart()}>
            {s.method === 'lora' ? 'Fine-tune with LoRA' : 'Fine-tune all weights'}
          </button>
        )}
        {!live && t.checkpoint && t.checkpoint.step < t.checkpoint.steps && (
          <button type="button" className="secondary" disabled={busyElsewhere || !hasCorpus} onClick={() => void actions.pretrainedTuneResumeFromCheckpoint()}>
            Resume from step {t.checkpoint.step}
          </button>
        )}
        {live?.status === 'running' && (
          <button type="button" className="secondary" onClick={actions.pretrainedTunePause}>
            Pause
          </button>
        )}
        {live?.status === 'paused' && (
          <button type="button" onClick={actions.pretrainedTuneResume}>
            Resume
          </button>
        )}
        {live && (
          <button type="button" className="secondary" onClick={actions.pretrainedTuneStop}>
            Stop
          </button>
        )}
      </div>
      {(live || t.losses.length > 0) && (
        <>
          <p role="status" aria-label="Fine-tune status">
            Step <strong data-testid="ft-step">{lastStep}</strong> of {s.steps} · {live ? (live.status === 'paused' ? 'paused' : 'fine-tuning') : t.outcome ? (t.outcome.stoppedBy === 'user' ? 'stopped' : 'finished') : 'ended'}
            {!live && t.checkpoint && <> · checkpoint of step <span data-testid="ft-checkpoint">{t.checkpoint.step}</span> stored in this browser</>}
            {t.tokensPerSec !== undefined && <> · {fmtCompact(t.tokensPerSec)} tokens/s</>}
            {t.backend && <> · on {t.backend}</>}
            {t.losses.length >= 8 && (
              <>
                {' '}
                · training loss, first 4 → last 4 steps: <strong data-testid="ft-first-loss">{meanLoss(t.losses.slice(0, 4)).toFixed(3)}</strong> → <strong data-testid="ft-last-loss">{meanLoss(t.losses.slice(-4)).toFixed(3)}</strong>
              </>
            )}
            {t.evals.at(-1) && (
              <>
                {' '}
                · validation loss <strong data-testid="ft-val-loss">{t.evals.at(-1)!.valLoss.toFixed(3)}</strong>
              </>
            )}
          </p>
          <div className="lm-train-grid">
            <LossChart data={data} {...(samples[index] ? { marker: samples[index].step } : {})} />
            <SampleTimeline samples={samples} prompt={s.samplePrompt} index={index} onPick={(i) => setPicked(i === samples.length - 1 ? null : i)} />
          </div>
        </>
      )}
      {!live && t.tunedSteps !== undefined && (
        <div className="lm-actions" data-testid="ft-done">
          <span>
            Fine-tuned for {t.tunedSteps} steps{t.outcome ? ` on ${fmtCompact(t.outcome.trainTokens)} tokens` : ' (restored from this browser)'}: Generate, Look inside and export now use the fine-tuned weights{t.ran === 'lora' ? ' (LoRA merged)' : ''}.
          </span>
          {card.family === 'gpt2' && (
            <button type="button" className="secondary" onClick={() => save('hf')}>
              Hugging Face folder (.zip)
            </button>
          )}
          {t.ran === 'lora' && (
            <button type="button" className="secondary" onClick={() => save('peft')}>
              PEFT LoRA adapter (.zip)
            </button>
          )}
        </div>
      )}
    </section>
  );
}

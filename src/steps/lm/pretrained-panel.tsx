import { useEffect, useRef, useState } from 'react';
import type { PretrainedCard } from '../../core/jobs/pretrained';
import { actions, useStudio } from '../../store';
import { ProblemBanner } from '../../ui/problem-banner';
import { ProgressBar } from '../../ui/progress-bar';
import { downloadBlob } from '../shared/download';
import { asModelFiles, filesOfDrop } from './drop-files';
import { NumberField, fmtCompact } from './fields';
import { PretrainedInside } from './pretrained-inside';
import { PretrainedFineTune } from './pretrained-finetune';

const mib = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);

/** navigator.deviceMemory (GiB, rounded down by the browser; Chromium only). */
const deviceBytes = (): number | undefined => {
  const gb = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return gb ? gb * 2 ** 30 : undefined;
};

function fits(bytes: number): string {
  const dev = deviceBytes();
  if (!dev) return '';
  return bytes < dev / 4 ? ' — fits easily' : bytes < dev / 2 ? ' — fits' : ' — likely too big for this device';
}

function Card({ card, probe }: { card: PretrainedCard; probe?: number }) {
  const rows: [string, string][] = [
    ['Architecture', card.architecture],
    ['Read from', card.source],
    ['Layers / heads / kv heads', `${card.layers} / ${card.heads} / ${card.kvHeads}`],
    ['Width / MLP width', `${card.dim} / ${card.hiddenDim}`],
    ['Vocabulary / context', `${card.vocabSize.toLocaleString('en-US')} tokens / ${card.contextLength.toLocaleString('en-US')} positions`],
    ['Parameters', card.params.toLocaleString('en-US')],
    ['Tokenizer', card.tokenizer],
    ['Memory to generate', `${mib(card.inferenceBytes)}${fits(card.inferenceBytes)}`],
    ['Memory to fine-tune (full, AdamW)', `${mib(card.fullFineTuneBytes)}${fits(card.fullFineTuneBytes)}`],
    ['Memory to fine-tune (LoRA r=8)', `${mib(card.loraFineTuneBytes)}${fits(card.loraFineTuneBytes)}`],
  ];
  if (probe !== undefined) rows.push(['Speed on this device (measured)', `${fmtCompact(probe)} tokens/s greedy`]);
  const dev = deviceBytes();
  return (
    <table className="lm-card" data-testid="pretrained-card">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
      {dev && <caption className="muted">This browser reports about {mib(dev)} of device memory.</caption>}
    </table>
  );
}

/** Import a pretrained checkpoint (llama2.c or Hugging Face), see its card, load it and write with it. */
export function PretrainedPanel() {
  const t = useStudio((s) => s.lm?.pretrained);
  const [over, setOver] = useState(false);
  // After a reload: the model loaded before (and its fine-tune), from this browser's storage.
  useEffect(() => void actions.pretrainedRestore(), []);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const busy = !!t?.job || !!t?.gen?.running;
  const pick = (files: FileList | null) => {
    if (files) void actions.pretrainedInspect(asModelFiles(files));
  };
  const s = t?.settings;
  return (
    <section className="lm-panel" aria-labelledby="lm-pretrained-title">
      <h3 id="lm-pretrained-title">Pretrained model</h3>
      <p className="muted">
        Run a small pretrained model on this device: a llama2.c checkpoint with its tokenizer.bin, or a Hugging Face folder (config.json, model.safetensors, tokenizer.json) of a Llama or GPT-2 model.
        Nothing leaves this browser; your project is not changed. A loaded model and its fine-tune are kept in this browser and come back after a reload.
      </p>
      <div
        className={`lm-drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void filesOfDrop(e.dataTransfer).then((files) => actions.pretrainedInspect(asModelFiles(files)));
        }}
      >
        <p>Drop the checkpoint files or the model folder here, or</p>
        <button type="button" disabled={busy} onClick={() => filesInput.current?.click()}>
          Choose model files…
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => folderInput.current?.click()}>
          Choose a model folder…
        </button>
        <input ref={filesInput} type="file" multiple hidden aria-label="Choose model files" onChange={(e) => pick(e.target.files)} />
        <input ref={folderInput} type="file" hidden aria-label="Choose a model folder" {...{ webkitdirectory: '' }} onChange={(e) => pick(e.target.files)} />
      </div>
      {t?.problem && <ProblemBanner title={t.problem.message} {...(t.problem.hint ? { hint: t.problem.hint } : {})} onDismiss={actions.pretrainedDismiss} />}
      {t?.job && <ProgressBar label={t.job.label} done={t.job.done} total={t.job.total} />}
      {t?.inspected && (
        <>
          <p>
            <strong>{t.inspected.files.join(', ')}</strong> — not loaded yet:
          </p>
          <Card card={t.inspected.card} probe={t.inspected.probeTokensPerSec} />
          <div className="lm-actions">
            <button type="button" disabled={busy} onClick={() => void actions.pretrainedLoad()}>
              Load this model
            </button>
          </div>
        </>
      )}
      {t?.loaded && s && (
        <div data-testid="pretrained-playground">
          <p>
            Loaded: <strong>{t.loaded.architecture.split(' (')[0]}</strong>, {fmtCompact(t.loaded.params)} parameters ({t.loaded.source}).
          </p>
          <label className="lm-field lm-prompt">
            <span>Prompt (empty: start from the beginning-of-text token)</span>
            <textarea rows={2} value={t.prompt} onChange={(e) => actions.pretrainedSetPrompt(e.target.value)} />
          </label>
          <div className="lm-row">
            <NumberField label="New tokens" value={s.maxNewTokens} min={1} max={t.loaded.contextLength} integer onChange={(v) => actions.pretrainedSetSettings({ maxNewTokens: v })} />
            <NumberField label="Temperature (0 = greedy)" value={s.temperature} min={0} max={5} step={0.1} onChange={(v) => actions.pretrainedSetSettings({ temperature: v })} />
            <NumberField label="Top-k (0 = all)" value={s.topK} min={0} integer onChange={(v) => actions.pretrainedSetSettings({ topK: v })} />
            <NumberField label="Top-p" value={s.topP} min={0.01} max={1} step={0.05} onChange={(v) => actions.pretrainedSetSettings({ topP: v })} />
            <NumberField label="Sampling seed" value={s.seed} integer onChange={(v) => actions.pretrainedSetSettings({ seed: v })} />
            <label className="lm-field">
              <span>Stop at text</span>
              <input type="text" value={s.stop} onChange={(e) => actions.pretrainedSetSettings({ stop: e.target.value })} />
            </label>
          </div>
          <div className="lm-actions">
            {t.gen?.running ? (
              <button type="button" className="secondary" onClick={actions.pretrainedStop}>
                Stop generating
              </button>
            ) : (
              <button type="button" disabled={!!t.job} onClick={() => void actions.pretrainedGenerate()}>
                Generate
              </button>
            )}
            {t.gen && !t.gen.running && t.gen.tokensPerSec !== undefined && (
              <span className="muted">
                {fmtCompact(t.gen.tokensPerSec)} tokens/s{t.gen.stoppedBy === 'end-token' ? ' · the model ended the text' : t.gen.stoppedBy === 'stop' ? ' · stopped at the stop text' : ''}
              </span>
            )}
          </div>
          {t.loaded.family === 'llama' && (
            <div className="lm-actions">
              <span className="muted">Export this model:</span>
              {(['llama2c', 'hf'] as const).map((format) => (
                <button key={format} type="button" className="secondary" disabled={busy} onClick={() => void actions.pretrainedExport(format).then((r) => r && downloadBlob(r.bytes as Uint8Array<ArrayBuffer>, r.fileName, 'application/zip'))}>
                  {format === 'llama2c' ? 'llama2.c checkpoint (.zip)' : 'Hugging Face folder (.zip)'}
                </button>
              ))}
            </div>
          )}
          {t.notice && (
            <p className="note" role="note" data-testid="pretrained-gen-notice">
              {t.notice}
            </p>
          )}
          {t.gen && (
            <pre className="lm-sample" data-testid="pretrained-output" aria-live="polite" aria-busy={t.gen.running}>
              <strong>{t.prompt}</strong>
              {t.gen.text}
            </pre>
          )}
          <PretrainedFineTune card={t.loaded} />
          <PretrainedInside key={`${t.loaded.source}-${t.loaded.params}`} card={t.loaded} prompt={t.prompt} disabled={busy} />
        </div>
      )}
    </section>
  );
}

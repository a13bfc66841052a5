/**
 * Pretrained models in the LM view (issue 11): drop files → model card (inspected in the worker,
 * nothing loaded yet) → load → generate. Transient state only: the model lives in the LM worker,
 * which stores its files in IndexedDB (worker/pretrained-storage.ts) and restores them after a
 * reload; the project document is not touched by any of it.
 */
import { DEFAULT_PRETRAINED_SETTINGS, type PretrainedCard, type PretrainedExportFormat, type PretrainedFileIn, type PretrainedGenerateSettings, type PretrainedInspectResult } from '../../core/jobs/pretrained';
import type { Problem, Result } from '../../core/util/result';
import type { LmInspectResult } from '../../core/jobs/inspect';
import { lmClient, lmOf, type LmContext } from './lm-context';
import { STORAGE_FULL_HINT, storageFailureMessage } from '../persist';
import { hasStoredPretrained } from '../../worker/pretrained-client';
import type { PretrainedTuneTransient } from './pretrained-finetune';
import { watchedGeneration } from './generate-fallback';

export interface PretrainedTransient {
  job?: { label: string; done: number; total: number };
  inspected?: PretrainedInspectResult;
  loaded?: PretrainedCard;
  prompt: string;
  settings: PretrainedGenerateSettings;
  gen?: { text: string; running: boolean; stop?: () => void; tokensPerSec?: number; stoppedBy?: string };
  problem?: Problem;
  /** Said beside the generated text: its GPU was lost and it was generated on WebAssembly. */
  notice?: string;
  /** The stored model was looked for after this page loaded (restore runs once). */
  restored?: boolean;
}

const initial = (): PretrainedTransient => ({ prompt: '', settings: { ...DEFAULT_PRETRAINED_SETTINGS } });

function current(ctx: LmContext): PretrainedTransient {
  return ctx.store.getState().lm?.pretrained ?? initial();
}

function patch(ctx: LmContext, p: Partial<PretrainedTransient> | ((t: PretrainedTransient) => Partial<PretrainedTransient>)) {
  ctx.store.setState((s) => {
    const cur = s.lm?.pretrained ?? initial();
    return { lm: { ...s.lm, pretrained: { ...cur, ...(typeof p === 'function' ? p(cur) : p) } } };
  });
}

async function inspect(ctx: LmContext, files: PretrainedFileIn[]) {
  const c = lmClient(ctx);
  if (!c || files.length === 0) return;
  patch(ctx, { job: { label: 'Reading the checkpoint', done: 0, total: 1 }, problem: undefined, inspected: undefined });
  const r = await c.pretrained.inspect({ files }, (label, done, total) => patch(ctx, { job: { label, done, total } }));
  patch(ctx, r.ok ? { job: undefined, inspected: r.value } : { job: undefined, problem: r.error });
}

async function load(ctx: LmContext) {
  const c = lmClient(ctx);
  if (!c) return;
  patch(ctx, { job: { label: 'Loading the model', done: 0, total: 1 } });
  const r = await c.pretrained.load();
  if (!r.ok) return patch(ctx, { job: undefined, problem: r.error });
  const notStored = r.value.notStored ? { problem: { message: storageFailureMessage('The pretrained model', r.value.notStored), hint: STORAGE_FULL_HINT } } : {};
  patch(ctx, { job: undefined, loaded: r.value.card, inspected: undefined, gen: undefined, ...notStored });
  ctx.store.setState((s) => ({ lm: { ...s.lm, pretrainedTune: undefined } }));
}

let restoring = false;
/** After a reload: the stored model (and its fine-tune's curves and checkpoint) back, once per page. */
async function restore(ctx: LmContext) {
  const t = current(ctx);
  if (restoring || t.restored || t.loaded || t.inspected || t.job) return;
  restoring = true;
  try {
    // Only when something is stored: the LM worker is not started for nothing.
    const c = (await hasStoredPretrained('model')) ? lmClient(ctx) : undefined;
    // A model dropped while storage was asked is the user's choice: nothing is restored over it.
    const now = current(ctx);
    if (!c || now.loaded || now.inspected || now.job) return patch(ctx, { restored: true });
    patch(ctx, { job: { label: 'Reading the stored pretrained model', done: 0, total: 1 } });
    const r = await c.pretrained.restore(lmOf(ctx).backend);
    if (!r.ok) return patch(ctx, { job: undefined, restored: true, problem: r.error });
    const { card, checkpoint: ck } = r.value;
    patch(ctx, { job: undefined, restored: true, ...(card ? { loaded: card } : {}) });
    if (!card || !ck) return;
    const tune: PretrainedTuneTransient = { settings: ck.settings, losses: ck.log.losses, evals: ck.log.evals, samples: ck.log.samples, checkpoint: { step: ck.step, steps: ck.settings.steps, corpusId: ck.corpusId, settings: ck.settings }, ran: ck.settings.method, tunedSteps: ck.step };
    ctx.store.setState((s) => ({ lm: { ...s.lm, pretrainedTune: tune } }));
  } finally {
    restoring = false;
  }
}

async function generate(ctx: LmContext) {
  const c = lmClient(ctx);
  const t = current(ctx);
  if (!c || t.gen?.running) return;
  const { prompt, settings } = t;
  patch(ctx, { gen: { text: '', running: true }, problem: undefined, notice: undefined });
  // A GPU lost mid-generation: the fresh worker reads the stored model (and fine-tune) back on
  // WebAssembly, as after a reload, and generates again (generate-fallback.ts).
  const { result: r, notice } = await watchedGeneration(
    async (fallback) => {
      if (fallback) {
        const back = await c.pretrained.restore(fallback);
        if (!back.ok) return back;
        if (!back.value.card) return { ok: false, error: { message: 'the model is not stored in this browser', hint: 'Drop the checkpoint again, choose WebAssembly (CPU) under "Run on" and generate again.' } };
      }
      const handle = c.pretrained.generate({ prompt, settings }, (text) => patch(ctx, (cur) => ({ gen: { ...cur.gen!, text: cur.gen!.text + text } })));
      patch(ctx, { gen: { text: '', running: true, stop: handle.stop } });
      return handle.result;
    },
    (lost) => patch(ctx, { notice: lost }),
  );
  patch(ctx, (cur) => (r.ok ? { gen: { text: r.value.text, running: false, tokensPerSec: r.value.tokensPerSec, stoppedBy: r.value.stoppedBy }, notice } : { gen: { ...cur.gen!, running: false }, problem: r.error, notice: undefined }));
}

const EXPORT_NAMES: Record<PretrainedExportFormat, string> = { llama2c: 'llama2c-model.zip', hf: 'hf-model.zip', peft: 'peft-lora-adapter.zip' };

/** The loaded model as a zip (llama2.c v0 + tokenizer, a HF folder, or a LoRA fine-tune's PEFT adapter); the view downloads it. */
async function exportZip(ctx: LmContext, format: PretrainedExportFormat): Promise<{ bytes: Uint8Array; fileName: string } | null> {
  const c = lmClient(ctx);
  if (!c) return null;
  patch(ctx, { job: { label: 'Writing the export', done: 0, total: 1 } });
  const r = await c.pretrained.exportZip(format);
  patch(ctx, r.ok ? { job: undefined } : { job: undefined, problem: r.error });
  return r.ok ? { bytes: r.value, fileName: EXPORT_NAMES[format] } : null;
}

/** The Transformer visualiser for the loaded model (issue 16 §3); the answer goes to the view only. */
async function lookInside(ctx: LmContext, text: string): Promise<Result<LmInspectResult>> {
  const c = lmClient(ctx);
  if (!c || !current(ctx).loaded) return { ok: false, error: { message: 'No pretrained model is loaded.', hint: 'Drop a checkpoint and load it first.' } };
  return c.pretrained.lookInside(text);
}

export function createPretrainedActions(ctx: LmContext) {
  return {
    pretrainedInspect: (files: PretrainedFileIn[]) => inspect(ctx, files),
    pretrainedLoad: () => load(ctx),
    pretrainedRestore: () => restore(ctx),
    pretrainedExport: (format: PretrainedExportFormat) => exportZip(ctx, format),
    pretrainedLookInside: (text: string) => lookInside(ctx, text),
    pretrainedGenerate: () => generate(ctx),
    pretrainedStop: () => current(ctx).gen?.stop?.(),
    pretrainedSetPrompt: (prompt: string) => patch(ctx, { prompt }),
    pretrainedSetSettings: (s: Partial<PretrainedGenerateSettings>) => patch(ctx, (t) => ({ settings: { ...t.settings, ...s } })),
    pretrainedDismiss: () => patch(ctx, { problem: undefined }),
  };
}

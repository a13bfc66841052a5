/**
 * Fine-tuning the loaded pretrained model (issue 11 §3): settings as the user edits them, then a
 * run in the LM worker with live losses, evaluations and a sample timeline, pause/resume/stop,
 * and "Resume from step N" from the checkpoint the worker stores (also after a reload: the curves
 * come back with it, actions/pretrained.ts restore). Transient state (`lm.pretrainedTune`).
 */
import type { LmEvalPoint } from '../../core/jobs';
import type { FineTuneSettings, PretrainedFineTuneResult } from '../../core/jobs/pretrained';
import { checkFineTune, defaultFineTune, fineTuneBytes } from '../../core/lm/finetune-settings';
import { deviceMemoryGb, fitProblem } from '../../core/lm/fit';
import type { Problem } from '../../core/util/result';
import { lmClient, lmOf, type LmContext } from './lm-context';
import { STORAGE_FULL_HINT, storageFailureMessage } from '../persist';
import type { StorageFault } from '../../core/jobs/pretrained';

const notStoredProblem = (f: StorageFault): Problem => ({ message: storageFailureMessage('The fine-tune checkpoint', f), hint: STORAGE_FULL_HINT });

export interface PretrainedTuneTransient {
  settings: FineTuneSettings;
  live?: { status: 'running' | 'paused'; pause(): void; resume(): void; stop(): void };
  losses: [number, number][];
  evals: LmEvalPoint[];
  samples: { step: number; text: string }[];
  tokensPerSec?: number;
  outcome?: PretrainedFineTuneResult;
  /** The method of the last run (its exports: a PEFT adapter after LoRA). */
  ran?: FineTuneSettings['method'];
  /** The latest stored checkpoint: a run that stopped before `steps` resumes from it on the same text. */
  checkpoint?: { step: number; steps: number; corpusId: string; settings: FineTuneSettings };
  /** Steps the loaded model's weights are fine-tuned for (after a run, or restored after a reload). */
  tunedSteps?: number;
  problem?: Problem;
  /** The backend the last run trains or trained on (its `backend` event). */
  backend?: string;
  /** Said beside the run: its GPU was lost and it went on on WebAssembly (or could not). */
  notice?: string;
}

const UI_FLUSH_MS = 400;

function current(ctx: LmContext): PretrainedTuneTransient | undefined {
  return ctx.store.getState().lm?.pretrainedTune;
}

/** The tune state for the loaded model, created with its family's defaults. */
function ensure(ctx: LmContext): PretrainedTuneTransient | undefined {
  const cur = current(ctx);
  if (cur) return cur;
  const card = ctx.store.getState().lm?.pretrained?.loaded;
  if (!card) return undefined;
  const settings = { ...defaultFineTune(card.family), contextLength: Math.min(64, card.contextLength) };
  return { settings, losses: [], evals: [], samples: [] };
}

function patch(ctx: LmContext, p: Partial<PretrainedTuneTransient> | ((t: PretrainedTuneTransient) => Partial<PretrainedTuneTransient>)) {
  ctx.store.setState((s) => {
    const cur = s.lm?.pretrainedTune ?? ensure(ctx);
    if (!cur) return {};
    return { lm: { ...s.lm, pretrainedTune: { ...cur, ...(typeof p === 'function' ? p(cur) : p) } } };
  });
}

/** Why the run cannot start (bad settings, no corpus, too big for the device), or null. */
export function tuneProblem(ctx: LmContext, backend = lmOf(ctx).backend): Problem | null {
  const card = ctx.store.getState().lm?.pretrained?.loaded;
  const t = ensure(ctx);
  if (!card || !t) return { message: 'Load a pretrained model first.' };
  const bad = checkFineTune(t.settings, card.contextLength);
  if (bad) return { message: bad };
  if (!lmOf(ctx).corpus) return { message: 'Load your text in the Corpus section first: the model fine-tunes on it.', hint: 'Any corpus works; the loaded model\'s own tokenizer encodes it.' };
  return fitProblem(fineTuneBytes(card, t.settings), backend, deviceMemoryGb()) ?? null;
}

/** How a run that lost its GPU goes on: on WebAssembly, saying so (`notice`). */
interface Fallback {
  backend: 'wasm';
  notice: string;
}

/**
 * A new run, or (resume) the stored checkpoint's run continued from its step with its settings;
 * `fallback`: the run again on WebAssembly after its GPU was lost (the view's "Run on" stays).
 */
async function start(ctx: LmContext, resume = false, fallback?: Fallback): Promise<void> {
  const c = lmClient(ctx);
  const t = ensure(ctx);
  if (!c || !t || t.live) return;
  const ck = resume ? t.checkpoint : undefined;
  if (resume && !ck) return;
  const backend = fallback?.backend ?? lmOf(ctx).backend;
  const problem = tuneProblem(ctx, backend);
  if (problem) return patch(ctx, { problem, ...(fallback ? { notice: fallback.notice } : {}) });
  const corpusId = lmOf(ctx).corpus!.corpusId;
  // What the worker runs: a resumed run keeps its own settings (edits since are not applied to it).
  const settings = ck ? ck.settings : t.settings;
  const pending: [number, number][] = [];
  const flush = () => {
    if (pending.length) patch(ctx, (cur) => ({ losses: [...cur.losses, ...pending.splice(0)] }));
  };
  const timer = setInterval(flush, UI_FLUSH_MS);
  const handle = c.pretrained.fineTune(
    { corpusId, backend, settings, ...(ck ? { resume: true } : {}) },
    {
      backend: (info) => patch(ctx, { backend: info.name }),
      steps: (points, tokensPerSec) => {
        pending.push(...points);
        patch(ctx, { tokensPerSec });
      },
      eval: (point, sample) => {
        flush();
        patch(ctx, (cur) => ({ evals: [...cur.evals, point], samples: [...cur.samples, { step: point.step, text: sample }] }));
      },
      checkpoint: (step, notStored) => patch(ctx, () => (notStored ? { problem: notStoredProblem(notStored) } : { checkpoint: { step, steps: settings.steps, corpusId, settings } })),
    },
  );
  // A resumed run keeps the curves up to its checkpoint (what the stored run had) and adds to them.
  const upTo = ck?.step ?? -1;
  patch(ctx, (cur) => ({
    live: { status: 'running', pause: handle.pause, resume: handle.resume, stop: handle.stop },
    losses: cur.losses.filter(([step]) => step <= upTo),
    evals: cur.evals.filter((e) => e.step <= upTo),
    samples: cur.samples.filter((x) => x.step <= upTo),
    outcome: undefined,
    settings,
    ran: settings.method,
    problem: undefined,
    notice: fallback?.notice,
    ...(ck ? {} : { checkpoint: undefined }),
  }));
  const r = await handle.result;
  clearInterval(timer);
  flush();
  if (!r.ok && r.error.code === 'gpu-lost' && !fallback && GPU_BACKENDS.has(current(ctx)?.backend ?? '')) return goOnAfterGpuLoss(ctx, c);
  if (!r.ok) return patch(ctx, { live: undefined, problem: r.error });
  const v = r.value;
  const told = v.message ? { problem: { message: v.message } } : v.notStored ? { problem: notStoredProblem(v.notStored) } : {};
  patch(ctx, () => ({
    live: undefined,
    outcome: v,
    ...(v.stoppedBy !== 'nan' && v.step > 0 ? { tunedSteps: v.step } : {}),
    ...(v.checkpointStep !== undefined ? { checkpoint: { step: v.checkpointStep, steps: settings.steps, corpusId, settings } } : {}),
    ...told,
  }));
}

const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/**
 * After the LM worker lost its GPU (lm-client.ts replaced it; gpu-loss.ts): the fresh worker reads
 * the stored model and fine-tune checkpoint back (as after a reload) on WebAssembly, and the run
 * goes on from that checkpoint, or from its start before the first one. Without a stored model
 * there is nothing to go on from: the run stops, saying how to train again.
 */
async function goOnAfterGpuLoss(ctx: LmContext, c: NonNullable<ReturnType<typeof lmClient>>): Promise<void> {
  const t = current(ctx)!;
  const what = t.backend === 'webgpu' ? 'WebGPU device' : 'WebGL context';
  const lostAfter = t.losses.at(-1)?.[0] ?? 0;
  patch(ctx, { live: undefined, notice: `The ${what} was lost after step ${lostAfter}; reading the stored model back on WebAssembly…` });
  const back = await c.pretrained.restore('wasm');
  if (!back.ok || !back.value.card) {
    const why = back.ok ? 'the model is not stored in this browser' : back.error.message;
    return patch(ctx, { notice: undefined, problem: { message: `The ${what} was lost after step ${lostAfter}, and the fine-tune cannot go on: ${why}.`, hint: 'Drop the checkpoint again, choose WebAssembly (CPU) under "Run on" and fine-tune again.' } });
  }
  const ck = back.value.checkpoint;
  const mine = t.checkpoint;
  // The stored checkpoint is this run's when it is the step the run last reported saving.
  const from = ck && mine && ck.step === mine.step && ck.corpusId === mine.corpusId ? ck.step : undefined;
  const notice =
    from !== undefined
      ? `The ${what} was lost after step ${lostAfter}; fine-tuning continued on WebAssembly from the last checkpoint (step ${from}).`
      : `The ${what} was lost after step ${lostAfter}, before any checkpoint was saved; fine-tuning started again on WebAssembly.`;
  return start(ctx, from !== undefined, { backend: 'wasm', notice });
}

function control(ctx: LmContext, action: 'pause' | 'resume' | 'stop') {
  const live = current(ctx)?.live;
  if (!live) return;
  live[action]();
  if (action !== 'stop') patch(ctx, { live: { ...live, status: action === 'pause' ? 'paused' : 'running' } });
}

export function createPretrainedTuneActions(ctx: LmContext) {
  return {
    pretrainedTuneSet: (s: Partial<FineTuneSettings>) => patch(ctx, (t) => ({ settings: { ...t.settings, ...s }, problem: undefined })),
    pretrainedTuneStart: () => start(ctx),
    pretrainedTuneResumeFromCheckpoint: () => start(ctx, true),
    pretrainedTunePause: () => control(ctx, 'pause'),
    pretrainedTuneResume: () => control(ctx, 'resume'),
    pretrainedTuneStop: () => control(ctx, 'stop'),
    pretrainedTuneProblem: () => tuneProblem(ctx),
    pretrainedTuneDismiss: () => patch(ctx, { problem: undefined }),
  };
}

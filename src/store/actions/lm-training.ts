/**
 * Language-model training: the run's settings as the user edits them, then runs with live losses,
 * evaluations, a sample timeline and checkpoints; pause, resume, stop, more steps. A run that was
 * training when the page closed (or the worker crashed) is `interrupted` and resumes from its last
 * checkpoint (automatically after a crash, at most twice).
 */
import type { BackendChoice, GptConfig, LmStampData, LmTrainSettings, TrainStart } from '../../core/jobs';
import { lmConfig, lmMemory, thin, type LmDoc, type LmRun } from '../lm-doc';
import { deviceMemoryGb, fitProblem } from '../../core/lm/fit';
import { fail, lmClient, lmOf, patchLm, patchLmRun, patchT, type LmContext } from './lm-context';

const UI_FLUSH_MS = 400;

export function lmSetSettings(ctx: LmContext, patch: Partial<LmTrainSettings>) {
  patchLm(ctx, (l) => ({ settings: { ...l.settings, ...patch } }));
}

/** Moves the live loss points into the saved run (at evaluations and at the end: not every step). */
function flushPoints(ctx: LmContext) {
  const live = ctx.store.getState().lm?.live;
  if (!live || live.points.length === 0) return;
  const points = live.points;
  patchT(ctx, { live: { ...live, points: [] } });
  patchLmRun(ctx, (r) => ({ losses: thin([...r.losses, ...points]) }));
}

/** The saved run keeps only what came before the checkpoint it resumes from. */
const keepUpTo = (at: number) => (r: LmRun) => ({ losses: r.losses.filter(([s]) => s <= at), evals: r.evals.filter((e) => e.step <= at), samples: r.samples.filter((e) => e.step <= at) });

async function runTraining(ctx: LmContext, start: TrainStart, note?: string, backend?: BackendChoice) {
  const c = lmClient(ctx);
  const l = lmOf(ctx);
  const run = l.run;
  if (!c || !run || ctx.store.getState().lm?.live) return;
  // Events of this run only touch this run (a new project or a new run may have replaced it).
  const patchMine = (patch: Parameters<typeof patchLmRun>[1]) => patchLmRun(ctx, patch, run.id);
  patchT(ctx, { problem: undefined });
  patchMine({ status: 'running', problem: note });
  const pending: [number, number][] = [];
  let speed: { tokensPerSec: number; lr: number } | undefined;
  const flushUi = () => {
    const live = ctx.store.getState().lm?.live;
    if (!live || (pending.length === 0 && !speed)) return;
    patchT(ctx, { live: { ...live, points: [...live.points, ...pending.splice(0)], ...speed } });
  };
  const timer = setInterval(flushUi, UI_FLUSH_MS);
  const handle = c.train(
    { runId: run.id, corpusId: run.corpusId, backend: backend ?? l.backend, config: run.config, settings: run.settings, start },
    {
      backend: (info) => patchMine({ backend: info.name, workers: info.workers }),
      steps: (points, tokensPerSec, lr) => {
        pending.push(...points);
        speed = { tokensPerSec, lr };
      },
      eval: (point, sample) => {
        flushUi();
        flushPoints(ctx);
        patchMine((r) => ({ step: point.step, tokensPerSec: point.tokensPerSec, evals: [...r.evals, point], samples: [...r.samples, { step: point.step, text: sample }] }));
      },
      checkpoint: (step) => {
        // Saved at once: a reload right after must offer to resume from this step, not an older one.
        patchMine({ checkpointStep: step });
        void ctx.saveNow();
      },
    },
  );
  patchT(ctx, { live: { runId: run.id, handle, points: [] } });
  const res = await handle.result;
  clearInterval(timer);
  if (ctx.store.getState().lm?.live?.runId !== run.id) return; // replaced (New project) while it ended
  flushUi();
  flushPoints(ctx);
  patchT(ctx, { live: undefined });
  if (!res.ok) {
    const now = lmOf(ctx).run;
    if (res.error.code === 'gpu-lost' && now && GPU_BACKENDS.has(now.backend ?? '')) {
      // The worker with the lost GPU was replaced (lm-client.ts); the run goes on by itself on
      // WebAssembly from its last checkpoint, or from its start before the first one. Once only:
      // WebAssembly has no GPU to lose. The view's "Run on" stays as the user chose it.
      const at = now.checkpointStep;
      const lostAfter = Math.max(now.step, now.losses.at(-1)?.[0] ?? 0);
      patchMine((r) => ({ ...keepUpTo(at ?? 0)(r), step: at ?? 0 }));
      return runTraining(ctx, at !== undefined ? { kind: 'resume' } : start, lmFallbackNotice(now.backend!, lostAfter, at), 'wasm');
    }
    if (res.error.code === 'worker-crashed' && lmOf(ctx).run?.checkpointStep !== undefined && ctx.crashResumes < 2) {
      ctx.crashResumes++;
      const at = lmOf(ctx).run!.checkpointStep!;
      patchMine(keepUpTo(at));
      return runTraining(ctx, { kind: 'resume' }, `The worker stopped unexpectedly; training resumed from the last checkpoint (step ${at}).`);
    }
    patchMine({ status: res.error.code === 'worker-crashed' ? 'interrupted' : 'failed', problem: [res.error.message, res.error.hint].filter(Boolean).join(' ') });
    return;
  }
  const o = res.value;
  patchMine({ step: o.step, status: o.stoppedBy === 'nan' ? 'failed' : o.stoppedBy === 'user' ? 'stopped' : 'done', ...(o.message ? { problem: o.message } : {}) });
}

const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/** Said on a run that went on on WebAssembly after its GPU was lost near step `atStep`; `fromStep` undefined: no checkpoint yet. */
export function lmFallbackNotice(backend: string, atStep: number, fromStep: number | undefined): string {
  const what = backend === 'webgpu' ? 'WebGPU device' : 'WebGL context';
  return fromStep !== undefined
    ? `The ${what} was lost after step ${atStep}; training continued on WebAssembly from the last checkpoint (step ${fromStep}).`
    : `The ${what} was lost after step ${atStep}, before any checkpoint was saved; training started again on WebAssembly.`;
}

/** What a new run trains on, for its stamp: the corpus's text hash (none for corpora from before stamps). */
function stampData(l: LmDoc, continues: string | undefined): LmStampData | undefined {
  const c = l.corpus;
  if (!c?.textSha256) return undefined;
  return { textSha256: c.textSha256, trainTokens: c.trainTokens, valFraction: l.valFraction, tokenizerKind: c.tokenizerKind, vocabSize: c.vocabSize, ...(continues ? { continues } : {}) };
}

/**
 * A new run on the current corpus with the view's settings, or (Reproduce) with `again`'s model
 * size, settings and backend; resolves with the run's id when it has ended.
 */
export async function lmStartTraining(ctx: LmContext, again?: { config: GptConfig; settings: LmTrainSettings; backend: BackendChoice; fresh?: boolean }): Promise<string | undefined> {
  const c = lmClient(ctx);
  const l = lmOf(ctx);
  const config = again?.config ?? lmConfig(l);
  if (!c || !config || !l.corpus || ctx.store.getState().lm?.live) return undefined;
  const tooBig = fitProblem(lmMemory(config, again?.settings ?? l.settings).trainingBytes, again?.backend ?? l.backend, deviceMemoryGb());
  if (tooBig) {
    fail(ctx, tooBig); // told before training, not by a tab that ran out of memory
    return undefined;
  }
  const id = ctx.deps.newId();
  // `fresh`: reproducing an imported model's own training, from scratch (its tokenizer may still be in use).
  const continues = !again?.fresh && l.useImported && l.imported ? l.imported : undefined;
  const data = stampData(l, continues?.fileName);
  const run: LmRun = { id, corpusId: l.corpus.corpusId, config, settings: again?.settings ?? l.settings, startedAt: Date.now(), status: 'running', step: 0, losses: [], evals: [], samples: [], ...(continues ? { continues: continues.fileName } : {}), ...(data ? { stampData: data } : {}) };
  patchLm(ctx, { run });
  ctx.crashResumes = 0;
  // Only this run's checkpoints (and the imported model's) are kept.
  await c.forget([id, ...(l.imported ? [l.imported.runId] : [])]);
  await runTraining(ctx, continues ? { kind: 'weights', fromRunId: continues.runId } : { kind: 'fresh' }, undefined, again?.backend);
  return id;
}

export async function lmResumeTraining(ctx: LmContext) {
  const run = lmOf(ctx).run;
  if (!run || run.checkpointStep === undefined || ctx.store.getState().lm?.live) return;
  ctx.crashResumes = 0;
  // The chart continues from the checkpoint: later points were not saved with the model.
  patchLmRun(ctx, keepUpTo(run.checkpointStep));
  await runTraining(ctx, { kind: 'resume' });
}

/** More steps for a finished or stopped run (raises its step budget). */
export async function lmTrainMore(ctx: LmContext, extra: number) {
  const run = lmOf(ctx).run;
  if (!run || ctx.store.getState().lm?.live) return;
  patchLmRun(ctx, { settings: { ...run.settings, maxIters: run.step + extra, lrDecayIters: Math.max(run.settings.lrDecayIters, run.step + extra) } });
  await lmResumeTraining(ctx);
}

export function lmPause(ctx: LmContext) {
  const live = ctx.store.getState().lm?.live;
  if (!live) return;
  live.handle.pause();
  patchLmRun(ctx, { status: 'paused' });
}

export function lmResumeLive(ctx: LmContext) {
  const live = ctx.store.getState().lm?.live;
  if (!live) return;
  live.handle.resume();
  patchLmRun(ctx, { status: 'running' });
}

export function lmStop(ctx: LmContext) {
  ctx.store.getState().lm?.live?.handle.stop();
}

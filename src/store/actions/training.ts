/**
 * Training runs of the tabular and text families: the user's training settings, the device
 * probe, starting a run with live logs, and pause/resume/stop of the run in progress.
 */
import { DEFAULT_TRAINING, touchedOf, type BackendChoice, type BackendInfo, type BatchLog, type EpochLog, type FeedbackData, type Hyperparams, type InitialWeights, type TouchedSettings } from '../../core/jobs';
import { makeStamp, recipeSha256 } from '../../core/bundle/stamp';
import { STUDIO_VERSION } from '../studio-version';
import type { RowFix } from '../../core/data/row-fixes';
import { getModelInfo } from '../../core/models/catalog';
import { pretrainedFor, restoreBertFolder } from '../bert-encoder';
import { BERT_ENCODER_ID } from '../../core/models/info/bert-encoder';
import type { ProjectDoc } from '../project';
import { RUNS_WITH_ARTIFACTS, type RunRecord } from '../modeling';
import { fallbackNotice, interruptedMessage, keptEpochs, RELOADED, resumeAfter } from '../run-doc';
import { checkpointsOf } from '../checkpoints';
import { needsJob, runJobOf } from '../run-job';
import type { TrainCheckpoint } from '../../core/train/checkpoint';
import { cleanRef as cleanRefOf, patchDoc as patchDocOf, patchRun as patchRunOf, type ModelingContext } from './modeling-context';

const UI_FLUSH_MS = 400;

/** A user's edit of the training settings: each field given is marked as touched (a family's suggestion no longer replaces it). */
export function setTraining(ctx: ModelingContext, patch: { backend?: BackendChoice; hp?: Partial<Hyperparams> }) {
  const { training, model } = ctx.store.getState().doc;
  const t = training ?? DEFAULT_TRAINING;
  const touched: TouchedSettings = { ...touchedOf(t, getModelInfo(model?.family ?? '')), ...Object.fromEntries(Object.keys(patch.hp ?? {}).map((k) => [k, true])) };
  patchDocOf(ctx, { training: { backend: patch.backend ?? t.backend, hp: { ...t.hp, ...patch.hp }, touched } });
}

export async function probeDevice(ctx: ModelingContext) {
  if (ctx.store.getState().device) return;
  const res = await ctx.deps.train.probe();
  if (res.ok) ctx.store.setState({ device: { report: res.value.device, auto: res.value.auto } });
}

/**
 * A run other than "the current settings": a reproduction (another run's or a bundle's family,
 * params, settings and backend) or a retrain with feedback rows. `record` is merged into the run.
 */
export interface RunOptions {
  family?: string;
  params?: RunRecord['params'];
  hp?: Hyperparams;
  backend?: BackendChoice;
  feedback?: FeedbackData;
  record?: Pick<RunRecord, 'feedback' | 'fixes'>;
  /** Label fixes applied to the training split (core/data/row-fixes.ts). */
  fixes?: RowFix[];
  /** Train with the training rows weighed by these columns' groups (the fairness panel's mitigation). */
  reweigh?: string[];
  /** Start from these trained weights instead of a fresh initialisation (a neural family's "continue training"). */
  init?: InitialWeights;
  /**
   * Go on with interrupted run `runId` (the same record: its curves continue) from `checkpoint`, or
   * from scratch without one; `notice` says why on the run (a GPU lost, continued on WebAssembly);
   * `epochs`: the curve kept with the checkpoint, for a saved run that ends before it (a reload).
   */
  resume?: { runId: string; checkpoint?: TrainCheckpoint; notice?: string; epochs?: EpochLog[] };
}

const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/** Starts a run; resolves with its id once it has ended (undefined when it could not start). */
export async function startTraining(ctx: ModelingContext, opts: RunOptions = {}): Promise<string | undefined> {
  const get = ctx.store.getState;
  const set = ctx.store.setState;
  const { deps } = ctx;
  const patchDoc = (patch: Partial<ProjectDoc>) => patchDocOf(ctx, patch);
  const patchRun = (id: string, patch: Parameters<typeof patchRunOf>[2]) => patchRunOf(ctx, id, patch);
  const cleanRef = () => cleanRefOf(ctx);
  // The speed test's jobs share the training worker and start their own backend: let them end
  // first, or the run could find its backend switched under it.
  await ctx.measuring;
  // A BERT folder dropped before a reload comes back from this browser's storage first.
  if ((opts.family ?? get().doc.model?.family) === BERT_ENCODER_ID) await restoreBertFolder();
  const { doc, live } = get();
  const table = cleanRef();
  const artifact = doc.features?.artifact;
  if (live || !table || !artifact || !doc.features || !doc.model) return;
  const settings = doc.training ?? DEFAULT_TRAINING;
  const training = { backend: opts.backend ?? settings.backend, hp: opts.hp ?? settings.hp };
  const choice = { family: opts.family ?? doc.model.family, params: opts.params ?? doc.model.params };
  const wants = artifact.fitted.text?.representation === 'tokens' ? 'tokens' : 'vector';
  const fam = getModelInfo(choice.family);
  if (!fam || (fam.input ?? 'vector') !== wants) {
    set({
      problem: {
        message: wants === 'tokens' ? 'This model cannot read a token sequence' : 'This model needs a token sequence',
        hint: wants === 'tokens' ? 'Choose a text model in the Model step, or use a bag of words in the Encode step.' : 'Choose another model in the Model step, or read the text as a token sequence in the Encode step.',
      },
    });
    return;
  }
  // The matrices go from the data worker to the training worker on a channel of their own: this
  // thread only hands over its two ends and gets the test rows and targets back (small). The
  // training job starts first, so its backend starts while the data is encoded.
  const channel = new MessageChannel();
  // Logs are buffered and flushed to the store at most every UI_FLUSH_MS: re-rendering charts
  // for every log would block the main thread while the worker keeps both cores busy.
  const pending: { epochs: EpochLog[]; batches: BatchLog[] } = { epochs: [], batches: [] };
  // The backend can be reported before the run record exists (it is made once the data is ready).
  const early: { runId?: string; backend?: BackendInfo } = {};
  const checkpoints = checkpointsOf(deps);
  let checkpoint: TrainCheckpoint | undefined;
  const handle = deps.train.train(
    { type: 'train', backend: training.backend, family: choice.family, params: choice.params, hp: training.hp, data: { port: channel.port2 }, ...(opts.init ? { init: opts.init } : {}), ...(opts.resume?.checkpoint ? { resume: opts.resume.checkpoint } : {}), ...pretrainedFor(choice.family) },
    {
      backend: (info) => {
        early.backend = info;
        if (early.runId) patchRun(early.runId, { backend: info });
      },
      epoch: (log) => pending.epochs.push(log),
      batch: (log) => pending.batches.push(log),
      checkpoint: (cp) => (checkpoint = cp),
    },
  );
  const prepared = await deps.data.run({ type: 'training-data', table, spec: doc.features.spec, fitted: artifact.fitted, port: channel.port1, ...(opts.feedback ? { feedback: opts.feedback } : {}), ...(opts.reweigh ? { reweigh: opts.reweigh } : {}), ...(opts.fixes ? { fixes: opts.fixes } : {}) });
  if (!prepared.ok) {
    handle.stop(); // it may wait for data that will not come (a crashed data worker)
    set({ problem: prepared.error });
    return;
  }
  const { testRows, testY, trainSha256, trainRows } = prepared.value;
  const stampOf = (backend: BackendInfo | undefined) =>
    makeStamp({
      studioVersion: STUDIO_VERSION,
      seed: training.hp.seed,
      dataSha256: trainSha256,
      trainRows,
      recipeSha256: recipeSha256(doc.recipe, doc.features!.spec, doc.schema),
      backend: fam.kind === 'tree' ? null : (backend?.name ?? null),
      createdAt: new Date().toISOString(),
    });
  const runs = doc.runs ?? [];
  const resumed = opts.resume && runs.find((r) => r.id === opts.resume!.runId);
  const fresh: RunRecord = {
    id: deps.newId(),
    number: (runs.at(-1)?.number ?? 0) + 1,
    startedAt: Date.now(),
    inputsKey: artifact.key,
    recipeKey: table.recipeKey,
    family: choice.family,
    params: choice.params,
    hp: training.hp,
    ...(opts.record?.feedback ? { feedback: { ...opts.record.feedback, ...prepared.value.feedback } } : {}),
    ...(opts.record?.fixes ? { fixes: { ...opts.record.fixes, ...prepared.value.fixed } } : {}),
    ...((job) => (job ? { job } : {}))(runJobOf(opts.feedback, opts.fixes)),
    epochs: [],
    status: 'running',
    ...(opts.reweigh ? { reweighed: opts.reweigh } : {}),
    ...(early.backend ? { backend: early.backend } : {}),
  };
  // A resumed run is the same record: its curves up to the checkpoint stay, the epochs after it (lost with the worker) go.
  const run: RunRecord = resumed
    ? (({ problem: _p, checkpoint: _c, notice: _n, ...r }) => ({ ...r, status: 'running' as const, epochs: curveTo(r.epochs, opts.resume?.checkpoint?.epoch ?? 0, opts.resume?.epochs), ...(opts.resume?.checkpoint ? { checkpoint: { epoch: opts.resume.checkpoint.epoch } } : {}), ...(opts.resume?.notice ? { notice: opts.resume.notice } : {}), ...(early.backend ? { backend: early.backend } : {}) }))(resumed)
    : fresh;
  early.runId = run.id;
  patchDoc({ runs: resumed ? runs.map((r) => (r.id === run.id ? run : r)) : [...runs, run], step: 'train' });
  const flush = () => {
    const { epochs, batches } = pending;
    if (checkpoint) {
      const cp = checkpoint;
      checkpoint = undefined;
      // The curve up to the checkpoint goes with it: the saved project may be a few seconds older.
      const curve = [...(get().doc.runs?.find((r) => r.id === run.id)?.epochs ?? []), ...epochs].filter((e) => e.epoch <= cp.epoch);
      checkpoints.keep(run.id, { checkpoint: cp, epochs: curve });
      patchRun(run.id, { checkpoint: { epoch: cp.epoch } });
    }
    if (epochs.length) patchRun(run.id, (r) => ({ epochs: [...r.epochs, ...epochs] }));
    if (batches.length) set((s) => (s.live ? { live: { ...s.live, batches: [...s.live.batches, ...batches].slice(-600) } } : {}));
    pending.epochs = [];
    pending.batches = [];
  };
  const timer = setInterval(flush, UI_FLUSH_MS);
  set({ live: { runId: run.id, handle, batches: [], startedAt: performance.now(), pausedMs: 0 } });
  const res = await handle.result;
  clearInterval(timer);
  flush();
  if (!res.ok) {
    set({ live: undefined });
    const now = get().doc.runs?.find((r) => r.id === run.id);
    const saved = now?.checkpoint?.epoch;
    if (res.error.code === 'gpu-lost' && now && GPU_BACKENDS.has(now.backend?.name ?? '')) {
      // The run goes on by itself on WebAssembly from its last checkpoint (the worker with the lost GPU is replaced).
      const cp = saved ? (await checkpoints.get(run.id))?.checkpoint : undefined;
      return startTraining(ctx, { ...opts, backend: 'wasm', resume: { runId: run.id, ...(cp ? { checkpoint: cp } : {}), notice: fallbackNotice(now.backend!.name, now.epochs.length + 1, cp?.epoch ?? 0) } });
    }
    if (res.error.code === 'worker-crashed') patchRun(run.id, (r) => ({ status: 'interrupted', problem: interruptedMessage(r.epochs.length, fam.kind === 'neural', undefined, saved) }));
    else if (res.error.code === 'out-of-memory') patchRun(run.id, (r) => ({ status: 'interrupted', problem: [res.error.message, keptEpochs(r.epochs.length, fam.kind === 'neural'), saved ? `${resumeAfter(saved, fam.kind === 'neural')}.` : '', res.error.hint].filter(Boolean).join(' ') }));
    else if (res.error.code === 'gpu-lost') patchRun(run.id, (r) => ({ status: 'interrupted', problem: [res.error.message, keptEpochs(r.epochs.length, true), res.error.hint].filter(Boolean).join(' ') }));
    else patchRun(run.id, { status: 'failed', problem: [res.error.message, res.error.hint].filter(Boolean).join(' '), job: undefined }); // a failed run neither resumes nor retrains from its record
    return run.id;
  }
  checkpoints.drop(run.id); // a model came back: nothing to resume
  if (!get().doc.runs?.some((r) => r.id === run.id)) {
    set({ live: undefined }); // the project was replaced
    return undefined;
  }
  const { model, testPredictions, metrics, backend, ...outcome } = res.value;
  const finished: Partial<RunRecord> = { status: outcome.stoppedBy === 'nan' ? 'failed' : 'done', outcome, metrics, model, backend, stamp: stampOf(backend), test: { rows: testRows, y: testY, predictions: testPredictions }, ...(outcome.message ? { problem: outcome.message } : {}) };
  // One store update for the whole ending (one render, one save). Old runs keep their settings,
  // curves and metrics; their weights and predictions are dropped.
  const all = (get().doc.runs ?? []).map((r) => (r.id === run.id ? (({ checkpoint: _c, job: _j, ...rest }) => ({ ...rest, ...finished }))(r) : r));
  const keep = new Set(all.filter((r) => r.model).slice(-RUNS_WITH_ARTIFACTS).map((r) => r.id));
  set((s) => ({ live: undefined, doc: { ...s.doc, runs: all.map((r) => (keep.has(r.id) ? r : (({ model: _m, test: _t, ...rest }) => rest)(r))) } }));
  return run.id;
}

/**
 * A resumed run's curve: its own epochs up to the checkpoint's, or the curve kept with the
 * checkpoint when the saved run ends before it (the project was autosaved before the checkpoint).
 */
function curveTo(own: EpochLog[], epoch: number, kept: EpochLog[] | undefined): EpochLog[] {
  const mine = own.filter((e) => e.epoch <= epoch);
  return kept && kept.length > mine.length ? kept.filter((e) => e.epoch <= epoch) : mine;
}

/** Goes on with an interrupted neural, boosting or random-forest run from its last checkpoint: the same run, its curves continue. */
export async function resumeInterrupted(ctx: ModelingContext, runId: string): Promise<string | undefined> {
  const { doc, live } = ctx.store.getState();
  const run = doc.runs?.find((r) => r.id === runId);
  if (live || !run || run.status !== 'interrupted') return undefined;
  const why = resumeProblem(run, doc.features?.artifact?.key, doc.clean?.recipeKey);
  const kept = why ? undefined : await checkpointsOf(ctx.deps).get(runId);
  if (why || !kept) {
    ctx.store.setState({ problem: { message: why ?? `The saved weights of run #${run.number} are gone (site data cleared, or another browser).`, hint: `Train run #${run.number}'s settings again instead.` } });
    return undefined;
  }
  // A feedback or label-fix run goes on with the rows and fixes it started with (saved with the run), not the project's current ones.
  return startTraining(ctx, { family: run.family, params: run.params, hp: run.hp, ...dataOptions(run), resume: { runId, checkpoint: kept.checkpoint, ...(kept.epochs ? { epochs: kept.epochs } : {}) } });
}

/** The training data options a run was started with beyond the project's data: reweighing, and the feedback rows and fixes of its job. */
function dataOptions(run: RunRecord): Pick<RunOptions, 'reweigh' | 'feedback' | 'fixes'> {
  return { ...(run.reweighed ? { reweigh: run.reweighed } : {}), ...(run.job?.feedback ? { feedback: run.job.feedback } : {}), ...(run.job?.fixes ? { fixes: run.job.fixes } : {}) };
}

/**
 * After a reload: runs the saved project had as training (`ids`) were saved up to 3 s before their
 * latest checkpoint. Each takes its stored checkpoint's epoch and curve, so the curves, the message
 * and **Resume after …** name what Resume really goes on from.
 */
export async function catchUpCutOffRuns(ctx: ModelingContext, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const kept = await checkpointsOf(ctx.deps).get(id);
    const run = ctx.store.getState().doc.runs?.find((r) => r.id === id);
    if (!kept || !run || run.status !== 'interrupted' || kept.checkpoint.epoch <= (run.checkpoint?.epoch ?? 0)) continue;
    const epoch = kept.checkpoint.epoch;
    const epochs = curveTo(run.epochs, epoch, kept.epochs);
    const mine = run.epochs.filter((e) => e.epoch > epoch); // epochs saved after the checkpoint stay shown
    patchRunOf(ctx, id, { checkpoint: { epoch }, epochs: [...epochs, ...mine], problem: interruptedMessage(epochs.length + mine.length, getModelInfo(run.family)?.kind === 'neural', RELOADED, epoch) });
  }
}

/** Why run `run` cannot go on from its checkpoint with the project as it is now; undefined when it can. */
export function resumeProblem(run: RunRecord, inputsKey: string | undefined, recipeKey: string | undefined): string | undefined {
  if (!run.checkpoint) return `Run #${run.number} has no saved weights to resume from.`;
  if (needsJob(run) && !run.job) return `Run #${run.number} trained with feedback rows or label fixes that were not saved with it: it cannot resume.`;
  if (run.inputsKey !== inputsKey || (run.recipeKey !== undefined && run.recipeKey !== recipeKey)) return `The data or the encoded features changed since run #${run.number}: its saved weights belong to the old ones.`;
  return undefined;
}

/**
 * Trains an interrupted run's settings again (its family, parameters and settings, on the chosen
 * backend) as a new run; a feedback or label-fix run again with the rows and fixes saved with it
 * (and, continuing a base run, from that run's weights while they are kept).
 */
export function retrainInterrupted(ctx: ModelingContext, runId: string): Promise<string | undefined> {
  const { doc } = ctx.store.getState();
  const run = doc.runs?.find((r) => r.id === runId);
  if (!run || run.status !== 'interrupted') return Promise.resolve(undefined);
  const refuse = (message: string, hint: string) => (ctx.store.setState({ problem: { message, hint } }), Promise.resolve(undefined));
  if (needsJob(run) && !run.job) return refuse(`Run #${run.number}'s feedback rows or label fixes were not saved with it, so it cannot train again as it did.`, 'Retrain from the Evaluate step (Feedback, or the fixes of a confusion-matrix cell) instead.');
  const base = run.feedback?.mode === 'continue' ? doc.runs?.find((r) => r.id === run.feedback!.baseRunId) : undefined;
  if (run.feedback?.mode === 'continue' && base?.model?.type !== 'tfjs') return refuse(`Run #${run.number} continued a model whose weights are no longer kept, so it cannot train again as it did.`, 'Retrain with feedback from a run that keeps its weights, or from scratch.');
  const init = base?.model?.type === 'tfjs' ? { init: { modelJson: base.model.modelJson, weights: base.model.weights } } : {};
  const record = { ...(run.feedback ? { feedback: run.feedback } : {}), ...(run.fixes ? { fixes: run.fixes } : {}) };
  return startTraining(ctx, { family: run.family, params: run.params, hp: run.hp, ...dataOptions(run), ...init, ...(needsJob(run) ? { record } : {}) });
}

export function pauseTraining(ctx: ModelingContext) {
  const live = ctx.store.getState().live;
  if (!live) return;
  live.handle.pause();
  patchRunOf(ctx, live.runId, { status: 'paused' });
}

export function resumeTraining(ctx: ModelingContext) {
  const live = ctx.store.getState().live;
  if (!live) return;
  live.handle.resume();
  patchRunOf(ctx, live.runId, { status: 'running' });
}

export function stopTraining(ctx: ModelingContext) {
  ctx.store.getState().live?.handle.stop();
}

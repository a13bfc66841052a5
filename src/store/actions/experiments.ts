/**
 * Experiments: training jobs run in parallel through the training-worker pool (store/train-pool.ts),
 * and cross-validation on top of them.
 *
 * The seam for other experiments (search trials): `runTrainingJobs(ctx, jobs, options)` trains each
 * `TrainingJob` (family, params, hp, backend, and which data: one CV fold, or the encode step's
 * split) on the pool, reports progress per job (`onStart`, `onEpoch`, `onEnd`) and stops every
 * running job when `signal` aborts; it resolves with one Result per job, in order.
 */
import {
  DEFAULT_TRAINING,
  clampFoldSettings,
  trainingForFamily,
  type BackendChoice,
  type CvFold,
  type CvModelResult,
  type CvRecord,
  type EpochLog,
  type FoldDataResult,
  type FoldJob,
  type FoldSettings,
  type Hyperparams,
  type TrainOutcome,
} from '../../core/jobs';
// Not the core/experiments barrel: it also holds the fold-refitted cleaning (every clean op, the
// stop-word lists), which the first screen does not need (bench/load.ts).
import { makeFolds } from '../../core/experiments/folds';
import { aggregateFolds } from '../../core/experiments/aggregate';
import { foldMetricValues } from '../../core/experiments/metrics';
import { catalogFor, familyInput, getModelInfo, type ModelParams } from '../../core/models/catalog';
import type { Result } from '../../core/util/result';
import { trainPool } from '../train-pool';
import type { TrainClient } from '../../worker/train-client';
import { CV_RECORDS_KEPT, defaultCvDoc, type CvDoc } from '../cv-doc';
import { chooseModel, setModelParams } from './model';
import { pretrainedFor, restoreBertFolder } from '../bert-encoder';
import { BERT_ENCODER_ID } from '../../core/models/info/bert-encoder';
import { cleanRef, patchDoc, type ModelingContext } from './modeling-context';
import type { Deps, StudioStore } from '../store';

export interface TrainingJob {
  family: string;
  params: ModelParams;
  hp: Hyperparams;
  backend: BackendChoice;
  /** A cross-validation fold (recipe and encoders refitted on its training rows), or the encode step's train/validation/test split. */
  data: { kind: 'fold'; job: FoldJob } | { kind: 'split' };
}

export interface TrainingJobResult {
  outcome: TrainOutcome;
  /** Which fold and its sizes (fold jobs only). */
  fold?: FoldDataResult;
}

export interface RunJobsOptions {
  signal?: AbortSignal;
  onStart?(i: number): void;
  onEpoch?(i: number, log: EpochLog): void;
  onEnd?(i: number, result: Result<TrainingJobResult>): void;
}

/** One training job on `client`: the data worker sends its matrices straight to that training worker. */
export async function trainJob(ctx: ModelingContext, client: TrainClient, job: TrainingJob, signal: AbortSignal, onEpoch?: (log: EpochLog) => void): Promise<Result<TrainingJobResult>> {
  const { doc } = ctx.store.getState();
  const table = cleanRef(ctx);
  const artifact = doc.features?.artifact;
  if (!table || !artifact || !doc.features || !doc.clean) return { ok: false, error: { message: 'Encode the data first.' } };
  // "Pretrained encoder (BERT)" trials start from the dropped checkpoint, as a single run does
  // (restored from this browser's storage after a reload); without it they failed with "no encoder".
  if (job.family === BERT_ENCODER_ID) await restoreBertFolder();
  const channel = new MessageChannel();
  const handle = client.train({ type: 'train', backend: job.backend, family: job.family, params: job.params, hp: job.hp, data: { port: channel.port2 }, ...pretrainedFor(job.family) }, { epoch: onEpoch });
  const stop = () => handle.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    const { spec } = doc.features;
    let fold: FoldDataResult | undefined;
    if (job.data.kind === 'fold') {
      const prepared = await ctx.deps.data.run({ type: 'fold-data', table, rawSchema: doc.schema, recipe: doc.clean.recipe, spec, fitted: artifact.fitted, job: job.data.job, port: channel.port1 });
      if (!prepared.ok) {
        stop();
        return prepared;
      }
      fold = prepared.value;
    } else {
      const prepared = await ctx.deps.data.run({ type: 'training-data', table, spec, fitted: artifact.fitted, port: channel.port1 });
      if (!prepared.ok) {
        stop();
        return prepared;
      }
    }
    const res = await handle.result;
    return res.ok ? { ok: true, value: { outcome: res.value, ...(fold ? { fold } : {}) } } : res;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** Trains `jobs` on the training-worker pool, as many at once as it has workers (see the file comment). */
export function runTrainingJobs(ctx: ModelingContext, jobs: TrainingJob[], options: RunJobsOptions = {}): Promise<Result<TrainingJobResult>[]> {
  const pool = trainPool(ctx.deps);
  return pool.run(
    jobs.map((job, i) => (client: TrainClient, signal: AbortSignal) => trainJob(ctx, client, job, signal, (log) => options.onEpoch?.(i, log))),
    { ...(options.signal ? { signal: options.signal } : {}), onStart: (i) => options.onStart?.(i), onEnd: (i, r) => options.onEnd?.(i, r as Result<TrainingJobResult>) },
  );
}

// ——— cross-validation ———

const running = new WeakMap<object, AbortController>();
const UI_FLUSH_MS = 400;

export function cvDoc(ctx: ModelingContext): CvDoc {
  return ctx.store.getState().doc.cv ?? defaultCvDoc();
}

export function setCvSettings(ctx: ModelingContext, patch: Partial<FoldSettings> & { compare?: boolean }) {
  const cv = cvDoc(ctx);
  const { compare, ...settings } = patch;
  patchDoc(ctx, { cv: { ...cv, settings: { ...cv.settings, ...settings }, ...(compare !== undefined ? { compare } : {}) } });
}

/** The models a cross-validation trains: the chosen one, or (compare) every family for this data, the chosen one with its own settings. */
function cvModels(ctx: ModelingContext, compare: boolean): Omit<CvModelResult, 'folds' | 'status'>[] {
  const { doc } = ctx.store.getState();
  const model = doc.model!;
  const training = doc.training ?? DEFAULT_TRAINING;
  const current = getModelInfo(model.family);
  const chosen = { family: model.family, params: model.params, hp: training.hp };
  if (!compare || !current) return [chosen];
  const task = doc.features!.spec.task;
  return catalogFor(task, familyInput(current)).map((fam) => (fam.id === model.family ? chosen : { family: fam.id, params: { ...fam.defaultParams }, hp: trainingForFamily(training, current, fam).hp }));
}

function patchCvRecord(ctx: ModelingContext, id: string, patch: (r: CvRecord) => CvRecord) {
  const cv = cvDoc(ctx);
  if (cv.records.some((r) => r.id === id)) patchDoc(ctx, { cv: { ...cv, records: cv.records.map((r) => (r.id === id ? patch(r) : r)) } });
}

/** Cross-validates the chosen model (or every family, with `compare`) on the training split; the result goes into `doc.cv`. */
export async function startCrossValidation(ctx: ModelingContext) {
  const { doc } = ctx.store.getState();
  const artifact = doc.features?.artifact;
  if (!artifact || !doc.model || !doc.features || running.has(ctx.store)) return;
  await ctx.measuring;
  const cv = cvDoc(ctx);
  const settings = clampFoldSettings(cv.settings, artifact.sizes.train);
  if (artifact.sizes.train < settings.k * 2) {
    return ctx.store.setState({ problem: { message: `Cross-validation needs at least ${settings.k * 2} training rows.`, hint: 'Use fewer folds, or give the training split a larger share in the Encode step.' } });
  }
  const folds = makeFolds(artifact.sizes.train, settings).map(({ repeat, fold }) => ({ repeat, fold, status: 'waiting' as const }));
  const models = cvModels(ctx, cv.compare);
  const record: CvRecord = {
    id: ctx.deps.newId(),
    startedAt: Date.now(),
    inputsKey: artifact.key,
    task: doc.features.spec.task,
    settings,
    status: 'running',
    models: models.map((m) => ({ ...m, status: 'running', folds: folds.map((f) => ({ ...f })) })),
  };
  patchDoc(ctx, { cv: { ...cv, records: [...cv.records, record].slice(-CV_RECORDS_KEPT) } });
  const controller = new AbortController();
  running.set(ctx.store, controller);
  const backend = (doc.training ?? DEFAULT_TRAINING).backend;
  const jobs: TrainingJob[] = [];
  const where: { m: number; f: number }[] = [];
  models.forEach((m, mi) => {
    const neural = getModelInfo(m.family)?.kind === 'neural';
    folds.forEach((_, fi) => {
      jobs.push({ family: m.family, params: m.params, hp: m.hp, backend, data: { kind: 'fold', job: { settings, index: fi, validationShare: neural ? 0.15 : 0 } } });
      where.push({ m: mi, f: fi });
    });
  });
  const setFold = (i: number, patch: Partial<CvFold>) => {
    const { m, f } = where[i]!;
    patchCvRecord(ctx, record.id, (r) => ({
      ...r,
      models: r.models.map((model, mi) => {
        if (mi !== m) return model;
        const folds = model.folds.map((fold, fi) => (fi === f ? { ...fold, ...patch } : fold));
        const finished = folds.filter((x) => x.status === 'done' && x.metrics);
        return { ...model, folds, summary: aggregateFolds(finished.map((x) => x.metrics!)) };
      }),
    }));
  };
  // Epoch counts are flushed to the store at most every UI_FLUSH_MS (one render and one save for all folds).
  const epochs = new Map<number, number>();
  const timer = setInterval(() => {
    for (const [i, e] of epochs) setFold(i, { progress: e });
    epochs.clear();
  }, UI_FLUSH_MS);
  try {
    await runTrainingJobs(ctx, jobs, {
      signal: controller.signal,
      onStart: (i) => setFold(i, { status: 'running' }),
      onEpoch: (i, log) => epochs.set(i, log.epoch),
      onEnd: (i, res) => {
        epochs.delete(i);
        if (res.ok && res.value.outcome.stoppedBy === 'user') setFold(i, { status: 'stopped' });
        else if (res.ok && res.value.outcome.stoppedBy !== 'nan') setFold(i, { status: 'done', metrics: foldMetricValues(res.value.outcome.metrics), seconds: res.value.outcome.seconds });
        else if (res.ok) setFold(i, { status: 'failed', problem: res.value.outcome.message ?? 'The loss became NaN.' });
        else setFold(i, { status: res.error.code === 'cancelled' ? 'stopped' : 'failed', problem: res.error.message });
      },
    });
  } finally {
    clearInterval(timer);
    running.delete(ctx.store);
  }
  const stopped = controller.signal.aborted;
  patchCvRecord(ctx, record.id, (r) => ({
    ...r,
    status: stopped ? 'stopped' : 'done',
    models: r.models.map((m) => ({ ...m, status: m.folds.every((f) => f.status === 'done') ? 'done' : m.folds.some((f) => f.status === 'done') || stopped ? 'stopped' : 'failed' })),
  }));
}

export function stopCrossValidation(ctx: ModelingContext) {
  running.get(ctx.store)?.abort();
}

export const isCrossValidating = (ctx: ModelingContext) => running.has(ctx.store);

/** Makes a cross-validated model the chosen one (family and its settings), for the Train step. */
export function useCvModel(ctx: ModelingContext, recordId: string, family: string) {
  const m = cvDoc(ctx).records.find((r) => r.id === recordId)?.models.find((x) => x.family === family);
  if (!m) return;
  if (ctx.store.getState().doc.model?.family !== family) chooseModel(ctx, family);
  setModelParams(ctx, m.params);
}

export function createExperimentActions(store: StudioStore, deps: Deps) {
  const ctx: ModelingContext = { store, deps };
  return {
    setCvSettings: (patch: Parameters<typeof setCvSettings>[1]) => setCvSettings(ctx, patch),
    startCrossValidation: () => startCrossValidation(ctx),
    stopCrossValidation: () => stopCrossValidation(ctx),
    useCvModel: (recordId: string, family: string) => useCvModel(ctx, recordId, family),
  };
}

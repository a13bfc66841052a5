/**
 * Batch prediction: a new file scored by a run of this project or by the imported bundle, with a
 * drift report against the training data. The store only hands the two workers the ends of a
 * channel (chunks of rows go between them, see core/jobs/batch.ts) and gets the result back.
 *
 * The training data's summary is made by the data worker as soon as a finished run's inputs are
 * the current ones (the cleaned table is there then), kept in `doc.batch`, and written into
 * exported bundles (training.json `dataSummary`), so imported models get drift reports too.
 */
import { parseDataSummary, type DataSummary } from '../../core/drift';
import type { BatchPredictor, BatchResult, ModelArtifact } from '../../core/jobs';
import type { TaskKind } from '../../core/data/schema';
import type { FittedEncoders } from '../../core/features';
import type { Recipe } from '../../core/clean/recipe';
import type { Problem, Result } from '../../core/util/result';
import type { Progress } from '../../worker/data-client';
import type { Deps, StudioStore } from '../store';
import { runMatchesEncoders } from './bundle';
import { runSummary, withSummary } from '../batch-doc';

export type BatchSource = { runId: string } | 'imported';

interface Scorer extends BatchPredictor {
  model: ModelArtifact;
  task: TaskKind;
}

const noModel: Problem = { message: 'There is no trained model to predict with.', hint: 'Train a model with the current encode settings, or import a bundle.' };

export function createBatchActions(store: StudioStore, deps: Deps) {
  const get = store.getState;
  /** Summaries being made, by encode key (a second caller waits for the same job). */
  const making = new Map<string, Promise<DataSummary | undefined>>();

  /** The training summary of the current encode artifact, made once per artifact in the data worker. */
  function ensureTrainingSummary(): Promise<DataSummary | undefined> {
    const { doc } = get();
    const artifact = doc.features?.artifact;
    const saved = artifact && doc.batch?.summaries.find((e) => e.key === artifact.key)?.summary;
    if (saved || !artifact || !doc.dataset || !doc.clean || !doc.features) return Promise.resolve(saved);
    const inFlight = making.get(artifact.key);
    if (inFlight) return inFlight;
    const table = { datasetId: doc.dataset.datasetId, stage: 'clean' as const, recipeKey: doc.clean.recipeKey };
    const job = deps.data.run({ type: 'batch-summary', table, spec: doc.features.spec, fitted: artifact.fitted }).then((res) => {
      making.delete(artifact.key);
      if (!res.ok || get().doc.features?.artifact?.key !== artifact.key) return undefined;
      store.setState((s) => ({ doc: { ...s.doc, batch: withSummary(s.doc.batch, artifact.key, res.value) } }));
      return res.value;
    });
    making.set(artifact.key, job);
    return job;
  }

  /** Makes the summary when a finished run's inputs are the current ones (so it is there for export). */
  function watchTrainingSummaries(): () => void {
    return store.subscribe((s) => {
      const key = s.doc.features?.artifact?.key;
      if (!key || making.has(key) || s.doc.batch?.summaries.some((e) => e.key === key)) return;
      if (s.doc.runs?.some((r) => r.status === 'done' && r.model && r.inputsKey === key)) void ensureTrainingSummary();
    });
  }

  async function scorer(source: BatchSource): Promise<Result<Scorer>> {
    const { doc } = get();
    if (source === 'imported') {
      const c = doc.imported?.contents;
      if (!c) return { ok: false, error: noModel };
      const fitted = c.features as FittedEncoders;
      const summary = parseDataSummary((c.training as { dataSummary?: unknown } | null)?.dataSummary);
      const rawSchema = c.rawSchema.map((col) => ({ name: col.name, inferred: col.type }));
      return { ok: true, value: { rawSchema, recipe: c.recipe as Recipe, fitted, labels: c.labels, model: c.model as ModelArtifact, task: c.meta.task, ...(summary ? { summary } : {}) } };
    }
    const run = doc.runs?.find((r) => r.id === source.runId);
    const fitted = doc.features?.artifact?.fitted;
    if (!run?.model || !fitted) return { ok: false, error: noModel };
    if (!runMatchesEncoders(run, doc)) return { ok: false, error: { message: 'This run was trained with other encode settings than the current ones.', hint: 'Train it again with the current settings, or go back to the settings it used.' } };
    const labels = fitted.target.kind === 'classification' ? fitted.target.classes : [];
    if (!runSummary(get().doc, run, labels)) await ensureTrainingSummary();
    const summary = runSummary(get().doc, run, labels);
    return { ok: true, value: { rawSchema: doc.schema, recipe: doc.recipe, fitted, labels, model: run.model, task: fitted.task, ...(summary ? { summary } : {}) } };
  }

  /** Scores `file` (CSV, JSON, JSONL or .txt): the result CSV with probabilities, and the drift report. */
  async function predictFile(file: Blob, fileName: string, source: BatchSource, options: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<Result<BatchResult>> {
    const s = await scorer(source);
    if (!s.ok) return s;
    const { model, task, ...predictor } = s.value;
    const channel = new MessageChannel();
    // A training job that fails (its backend did not start) ends the data job, which would wait for its answers.
    const stop = new AbortController();
    options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
    const serving = deps.train.batchPredict({ type: 'batch-predict', port: channel.port2, model, task, features: predictor.fitted.featureNames.length });
    let trainProblem: Problem | undefined;
    void serving.then((r) => {
      if (!r.ok) {
        trainProblem = r.error;
        stop.abort();
      }
    });
    const res = await deps.data.run({ type: 'batch', file, fileName, port: channel.port1, ...predictor }, { ...(options.onProgress ? { onProgress: options.onProgress } : {}), signal: stop.signal });
    if (!res.ok && trainProblem) return { ok: false, error: trainProblem };
    return res;
  }

  // Started with the store: a run can finish while no batch view is open, and the export needs the summary.
  watchTrainingSummaries();
  return { predictFile, ensureTrainingSummary };
}

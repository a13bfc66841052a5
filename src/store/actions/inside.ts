/**
 * The decision views of a run (Evaluate step, issue 16 §3): permutation importance, the 2-D
 * decision boundary and a drawn tree's row counts. The data worker encodes the run's splits as for
 * training and hands them to the training worker on a channel; the result is view state, not
 * saved (it is recomputed from the run's saved model in seconds).
 */
import { encodedColumns, featureGroups, type InsideJob, type InsideResult } from '../../core/jobs';
import type { ClassificationReport } from '../../core/metrics';
import type { Result } from '../../core/util/result';
import type { RowFix } from '../../core/data/row-fixes';
import type { Deps, StudioStore } from '../store';

export function createInsideActions(store: StudioStore, deps: Deps) {
  /** Runs one job on run `runId`'s model; `progress` gets (done, total). */
  async function insideJob(
    runId: string,
    job: InsideJob,
    progress: (done: number, total: number) => void = () => {},
    /** The fix-and-retrain loop: the training rows with these fixes, and their cleaned-table rows back. */
    training?: { fixes?: RowFix[]; rows: (rows: Uint32Array) => void },
  ): Promise<Result<InsideResult>> {
    const { doc } = store.getState();
    const run = doc.runs?.find((r) => r.id === runId);
    const artifact = doc.features?.artifact;
    const { dataset, clean } = doc;
    if (!run?.model || !run.metrics) return { ok: false, error: { message: 'This run has no saved model any more.', hint: 'Only the latest runs keep their model: train it again to look inside.' } };
    if (!artifact || !doc.features || !dataset || !clean || artifact.key !== run.inputsKey || (run.recipeKey !== undefined && run.recipeKey !== clean.recipeKey)) {
      return { ok: false, error: { message: 'The data or its encoding changed since this run was trained.', hint: 'Train the model again (Train step) to look inside it.' } };
    }
    const channel = new MessageChannel();
    const classes = run.metrics.kind === 'classification' ? (run.metrics as ClassificationReport).classNames.length : 1;
    const pending = deps.train.inside(
      { type: 'inside', family: run.family, model: run.model, task: run.metrics.kind, classes, groups: featureGroups(artifact.fitted), job, data: { port: channel.port2 } },
      progress,
    );
    const table = { datasetId: dataset.datasetId, stage: 'clean' as const, recipeKey: clean.recipeKey };
    const prepared = await deps.data.run({ type: 'training-data', table, spec: doc.features.spec, fitted: artifact.fitted, port: channel.port1, ...(training ? { withTrainRows: true, ...(training.fixes?.length ? { fixes: training.fixes } : {}) } : {}) });
    if (!prepared.ok) {
      channel.port1.close();
      return prepared;
    }
    if (training && prepared.value.trainIndex) training.rows(prepared.value.trainIndex);
    return pending;
  }

  /** The encoded columns of the current encoding, read back in raw terms (the tree's rules). */
  const insideColumns = () => {
    const fitted = store.getState().doc.features?.artifact?.fitted;
    return fitted ? { columns: encodedColumns(fitted), groups: featureGroups(fitted) } : undefined;
  };

  return { insideJob, insideColumns };
}

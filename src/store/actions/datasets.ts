/** Binds the feedback, reproduce and dataset-export actions to one store (one line in studio.ts). */
import type { Deps, StudioStore } from '../store';
import type { ModelingContext } from './modeling-context';
import { addFeedback, clearFeedback, removeFeedback, retrainWithFeedback, scoreFeedback, setFeedbackWeight, type NewFeedbackRow, type RetrainChoice } from './feedback';
import { reproduceImported, reproduceRun } from './reproduce';
import type { createBundleActions } from './bundle';
import { exportDatasetFile } from './dataset-export';
import type { BatchResult, DatasetExportOptions } from '../../core/jobs';
import { addBatchFeedback } from './batch-feedback';

export function createDatasetActions(store: StudioStore, deps: Deps, bundle: Pick<ReturnType<typeof createBundleActions>, 'predictRecords'>) {
  const ctx: ModelingContext = { store, deps };
  return {
    addFeedback: (rows: NewFeedbackRow[]) => addFeedback(ctx, rows),
    addBatchFeedback: (result: BatchResult, fileName: string) => addBatchFeedback(ctx, result, fileName),
    removeFeedback: (id: string) => removeFeedback(ctx, id),
    clearFeedback: () => clearFeedback(ctx),
    setFeedbackWeight: (w: number) => setFeedbackWeight(ctx, w),
    retrainWithFeedback: (baseRunId: string, choice?: RetrainChoice) => retrainWithFeedback(ctx, baseRunId, choice),
    scoreFeedback: (runId: string) => scoreFeedback(ctx, runId, bundle.predictRecords),
    reproduceRun: (runId: string) => reproduceRun(ctx, runId),
    reproduceImported: () => reproduceImported(ctx),
    exportDatasetFile: (options: DatasetExportOptions) => exportDatasetFile(ctx, options),
  };
}

/**
 * A labelled batch file becomes feedback: its rows with a usable answer (BatchResult.labelled,
 * picked by the data worker) are appended to the project's feedback dataset as `source: 'batch'`
 * rows, so "Retrain with feedback" learns from them like from corrections typed in a prediction view.
 */
import type { BatchResult } from '../../core/jobs';
import { addFeedback, type NewFeedbackRow } from './feedback';
import type { ModelingContext } from './modeling-context';

export function batchFeedbackRows(result: BatchResult, fileName: string): NewFeedbackRow[] {
  const l = result.labelled;
  if (!l) return [];
  return l.records.map((record, i) => ({ record, label: l.labels[i]!, predicted: l.predicted[i]!, source: 'batch', fileName }));
}

/** Appends the file's labelled rows; returns how many were added (the dataset holds at most MAX_FEEDBACK_ROWS). */
export function addBatchFeedback(ctx: ModelingContext, result: BatchResult, fileName: string): number {
  return addFeedback(ctx, batchFeedbackRows(result, fileName));
}

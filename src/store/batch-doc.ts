/**
 * The saved part of batch prediction: the training data's summary per encode artifact (the
 * encode key a run records as `inputsKey`), so drift reports work after a reload and exported
 * bundles carry it. Runs with the same inputs share one summary; the model's own reference (its
 * test-split predictions) is taken from the run when needed.
 */
import { parseDataSummary, summarizePredictions, type DataSummary } from '../core/drift';
import type { ProjectDoc } from './project';
import type { RunRecord } from './modeling';

export interface BatchDoc {
  /** Latest first; at most KEPT_SUMMARIES. */
  summaries: { key: string; summary: DataSummary }[];
}

export const KEPT_SUMMARIES = 3;

/** A saved batch part read back: damaged entries are dropped, never handed on. */
export function restoreBatchDoc(v: unknown): BatchDoc | undefined {
  if (typeof v !== 'object' || v === null || !Array.isArray((v as BatchDoc).summaries)) return undefined;
  const summaries = (v as { summaries: unknown[] }).summaries.flatMap((e) => {
    const entry = e as { key?: unknown; summary?: unknown } | null;
    const summary = entry && typeof entry.key === 'string' ? parseDataSummary(entry.summary) : undefined;
    return summary ? [{ key: entry!.key as string, summary }] : [];
  });
  return { summaries: summaries.slice(0, KEPT_SUMMARIES) };
}

export function withSummary(batch: BatchDoc | undefined, key: string, summary: DataSummary): BatchDoc {
  return { summaries: [{ key, summary }, ...(batch?.summaries ?? []).filter((e) => e.key !== key)].slice(0, KEPT_SUMMARIES) };
}

/** The training summary of a run, with its test predictions as the prediction reference. */
export function runSummary(doc: Pick<ProjectDoc, 'batch'>, run: RunRecord, labels: readonly string[]): DataSummary | undefined {
  const s = doc.batch?.summaries.find((e) => e.key === run.inputsKey)?.summary;
  if (!s) return undefined;
  return run.test ? { ...s, predictions: summarizePredictions(run.test.predictions, labels) } : s;
}

/** The saved feedback dataset (`doc.feedback`), restored defensively: damaged rows are dropped, never handed to the steps. */
import { feedbackWeight, MAX_FEEDBACK_ROWS, type FeedbackDoc, type FeedbackRow } from '../core/jobs';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function restoreRow(v: unknown): FeedbackRow | undefined {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.label !== 'string' || !isObject(v.record)) return undefined;
  if (v.source !== 'prediction' && v.source !== 'batch') return undefined;
  // Null-prototype, string cells only: column names come from the user's file (one may be "__proto__").
  const record = Object.create(null) as Record<string, string>;
  for (const [k, cell] of Object.entries(v.record)) if (typeof cell === 'string') record[k] = cell;
  return {
    id: v.id,
    record,
    label: v.label,
    source: v.source,
    addedAt: typeof v.addedAt === 'number' ? v.addedAt : 0,
    ...(typeof v.predicted === 'string' ? { predicted: v.predicted } : {}),
    ...(typeof v.fileName === 'string' ? { fileName: v.fileName } : {}),
  };
}

/** A stored `feedback` value → a valid FeedbackDoc, or undefined to drop it. */
export function restoreFeedback(v: unknown): FeedbackDoc | undefined {
  if (!isObject(v) || !Array.isArray(v.rows)) return undefined;
  const rows = v.rows.slice(0, MAX_FEEDBACK_ROWS).flatMap((r) => restoreRow(r) ?? []);
  return { rows, weight: feedbackWeight(v.weight) };
}

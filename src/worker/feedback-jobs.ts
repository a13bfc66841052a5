/**
 * Feedback rows in the data worker: raw records → encoded training rows (the prediction path:
 * recipe in predict mode, then the fitted encoders), each repeated `weight` times.
 */
import type { FittedEncoders } from '../core/features';
import type { Table } from '../core/data/table';
import type { EncodedSplit, FeedbackData } from '../core/jobs';
import { encodeRecords } from './encode-jobs';

/** The target of a feedback label, or undefined when the model cannot learn it (unknown class, not a number). */
function targetOf(fitted: FittedEncoders, label: string): number | undefined {
  if (fitted.target.kind === 'classification') {
    const k = fitted.target.classes.indexOf(label);
    return k >= 0 ? k : undefined;
  }
  const v = Number(label.trim());
  return label.trim() !== '' && Number.isFinite(v) ? v : undefined;
}

export function encodeFeedback(fb: FeedbackData, fitted: FittedEncoders, like?: Table): { rows: EncodedSplit; used: number; skipped: number } {
  const keep = fb.records.map((_, i) => i).filter((i) => targetOf(fitted, fb.labels[i] ?? '') !== undefined);
  const features = fitted.featureNames.length;
  const weight = Math.max(1, Math.round(fb.weight));
  const enc = encodeRecords(keep.map((i) => fb.records[i]!), fb.rawSchema, fb.recipe, fitted, like);
  const n = keep.length * weight;
  const x = new Float32Array(n * features);
  const y = new Float32Array(n);
  for (let w = 0; w < weight; w++) {
    keep.forEach((i, k) => {
      const at = w * keep.length + k;
      x.set(enc.x.subarray(k * features, (k + 1) * features), at * features);
      y[at] = targetOf(fitted, fb.labels[i]!)!;
    });
  }
  return { rows: { x, y, n }, used: keep.length, skipped: fb.records.length - keep.length };
}

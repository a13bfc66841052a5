/**
 * The labelled rows of a batch file (one that has the model's target column), as raw records the
 * feedback dataset keeps (core/jobs/feedback.ts): the model's input columns as text, as in the
 * file, the target's value as the right answer, and what the model predicted. Rows whose answer
 * is missing, or is not one the model can learn (an unknown class, a regression target that is not
 * a number), are left out and counted.
 */
import { isMissingText } from '../core/data/column-builder';
import { cellText, type Table } from '../core/data/table';
import type { ColumnSchema } from '../core/data/schema';
import { MAX_FEEDBACK_ROWS, type BatchLabelledRows } from '../core/jobs';

export function labelledRows(input: Table, rawSchema: readonly ColumnSchema[], target: string, labels: readonly string[], predictions: Float32Array, max = MAX_FEEDBACK_ROWS): BatchLabelledRows {
  const targetCol = input.columns.find((c) => c.name === target)!;
  const inputs = input.columns.filter((c) => c.name !== target && rawSchema.some((s) => s.name === c.name));
  const classification = labels.length > 0;
  const k = classification ? labels.length : 1;
  const out: BatchLabelledRows = { records: [], labels: [], predicted: [], skipped: 0 };
  for (let r = 0; r < input.rowCount; r++) {
    const label = cellText(targetCol, r).trim();
    const usable = !isMissingText(label) && (classification ? labels.includes(label) : Number.isFinite(Number(label)));
    if (!usable || out.records.length >= max) {
      out.skipped++;
      continue;
    }
    out.records.push(Object.fromEntries(inputs.map((c) => [c.name, cellText(c, r)])));
    out.labels.push(label);
    if (classification) {
      let best = 0;
      for (let c = 1; c < k; c++) if (predictions[r * k + c]! > predictions[r * k + best]!) best = c;
      out.predicted.push(labels[best]!);
    } else out.predicted.push(String(predictions[r]!));
  }
  return out;
}

/**
 * Encoding rows with fitted encoders: the table becomes a row-major Float32Array x of shape
 * [n, features] (x[k * features + j] is feature j of the k-th requested row), in the order of
 * `fitted.featureNames`. Column by column with typed-array loops and one reused scratch buffer;
 * no per-row objects.
 *
 * Cells:
 * - missing number / date part / boolean → the fitted fill (train mean), scaled; indicator 1.
 * - one-hot: a known value sets its slot; any other value (rare in training, or never seen)
 *   sets "(other)"; a missing cell sets no slot (all zeros) and the indicator.
 * - ordinal: the value's index in the sorted kept categories (0..K-1); other values K;
 *   missing −1 (and the indicator).
 * A fitted column the table lacks is encoded as missing in every row.
 */
import type { Table } from '../data/table';
import { widthOf, type FittedColumn, type FittedEncoders } from './fit';
import { encodeText } from './text';
import { allRows, DATE_PART_INDEX, datePartsOf, gatherBooleans, gatherDates, gatherNumbers, gatherSlots } from './read';

export interface EncodedRows {
  /** Row-major [n, features]. */
  x: Float32Array;
  n: number;
  features: number;
}

interface Out {
  x: Float32Array;
  stride: number;
  offset: number;
}

/** Scaled numbers into one feature; NaN → scaled fill, plus the indicator right after. */
function writeScaled(v: Float64Array, n: number, center: number, scale: number, fill: number, indicator: number, o: Out, at: number): void {
  const { x, stride } = o;
  const filled = (fill - center) / scale;
  for (let k = 0, p = at; k < n; k++, p += stride) {
    const raw = v[k]!;
    if (raw !== raw) {
      x[p] = filled;
      if (indicator >= 0) x[p - at + indicator] = 1;
    } else x[p] = (raw - center) / scale;
  }
}

function encodeColumn(c: FittedColumn, table: Table, rows: Uint32Array, o: Out, scratch: Float64Array, slots: Int32Array): void {
  const col = table.columns.find((t) => t.name === c.name);
  const n = rows.length;
  const width = widthOf(c);
  const indicator = c.indicator ? o.offset + width - 1 : -1;
  const { x, stride, offset } = o;
  switch (c.kind) {
    case 'numeric':
      gatherNumbers(col, rows, scratch);
      return writeScaled(scratch, n, c.center, c.scale, c.fill, indicator, o, offset);
    case 'boolean':
      gatherBooleans(col, rows, scratch);
      return writeScaled(scratch, n, 0, 1, c.fill, indicator, o, offset);
    case 'categorical': {
      gatherSlots(col, c.categories, rows, slots);
      const onehot = c.mode === 'onehot';
      for (let k = 0, base = 0; k < n; k++, base += stride) {
        const s = slots[k]!;
        if (s < 0) {
          if (!onehot) x[base + offset] = -1;
          if (indicator >= 0) x[base + indicator] = 1;
        } else x[base + offset + (onehot ? s : 0)] = onehot ? 1 : s;
      }
      return;
    }
    case 'date': {
      gatherDates(col, rows, scratch);
      const parts = new Float64Array(5);
      const index = c.parts.map((p) => DATE_PART_INDEX[p.part]);
      const filled = c.parts.map((p) => (p.fill - p.center) / p.scale);
      const m = c.parts.length;
      for (let k = 0, base = 0; k < n; k++, base += stride) {
        const t = scratch[k]!;
        if (t !== t) {
          for (let j = 0; j < m; j++) x[base + offset + j] = filled[j]!;
          if (indicator >= 0) x[base + indicator] = 1;
          continue;
        }
        datePartsOf(t, parts);
        for (let j = 0; j < m; j++) {
          const p = c.parts[j]!;
          x[base + offset + j] = (parts[index[j]!]! - p.center) / p.scale;
        }
      }
      return;
    }
  }
}

/** Encodes `rows` of `table` (all rows when omitted) into a [n, features] matrix. */
export function encodeRows(table: Table, fitted: FittedEncoders, rows?: Uint32Array): EncodedRows {
  const r = rows ?? allRows(table.rowCount);
  const n = r.length;
  const features = fitted.featureNames.length;
  const x = new Float32Array(n * features);
  const scratch = new Float64Array(n);
  const slots = new Int32Array(n);
  let offset = 0;
  for (const c of fitted.columns) {
    encodeColumn(c, table, r, { x, stride: features, offset }, scratch, slots);
    offset += widthOf(c);
  }
  if (fitted.text) encodeText(fitted.text, table, r, x, features, offset);
  return { x, n, features };
}

/**
 * Targets of `rows`: class indices into `fitted.target.classes` (Int32Array, −1 for a missing
 * or unknown value) or raw numbers (Float32Array, NaN when missing). Pass rows from
 * `rowsWithTarget` so neither occurs.
 */
export function encodeTarget(table: Table, fitted: FittedEncoders, rows?: Uint32Array): Int32Array | Float32Array {
  const r = rows ?? allRows(table.rowCount);
  const col = table.columns.find((t) => t.name === fitted.target.name);
  if (fitted.target.kind === 'classification') {
    const out = new Int32Array(r.length);
    gatherSlots(col, fitted.target.classes, r, out);
    const unknown = fitted.target.classes.length;
    for (let k = 0; k < out.length; k++) if (out[k] === unknown) out[k] = -1;
    return out;
  }
  const v = new Float64Array(r.length);
  gatherNumbers(col, r, v);
  return Float32Array.from(v);
}

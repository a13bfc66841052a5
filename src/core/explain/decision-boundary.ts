/**
 * A 2-D decision boundary: the model's prediction over a grid of two chosen features, with every
 * other feature held at a typical training value (numbers: the median; one-hot blocks: the most
 * common category; flags and codes: the most common value). Everything is in the encoded space the
 * model reads, so it works for every family; the view converts the two axes back to raw units.
 */

export type HoldRule = 'median' | 'mode' | 'onehot';

export interface HeldGroup {
  start: number;
  width: number;
  hold: HoldRule;
}

/** numpy's median: the mean of the two middle values for an even count. */
export function median(v: Float32Array | number[]): number {
  if (v.length === 0) return 0;
  const s = Float64Array.from(v).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The most common value (the smallest on ties). */
export function mode(v: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < v.length; i++) counts.set(v[i]!, (counts.get(v[i]!) ?? 0) + 1);
  let best = 0, bestCount = -1;
  for (const [value, c] of counts) if (c > bestCount || (c === bestCount && value < best)) [best, bestCount] = [value, c];
  return best;
}

/** One encoded row of typical values, from the training rows x (n × f). */
export function heldRow(x: Float32Array, n: number, f: number, groups: readonly HeldGroup[]): Float32Array {
  const row = new Float32Array(f);
  const col = (c: number) => {
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = x[i * f + c]!;
    return v;
  };
  for (const g of groups) {
    if (g.hold === 'onehot') {
      // The column of the block with the most ones; the row gets exactly that one.
      let best = g.start, bestSum = -1;
      for (let c = g.start; c < g.start + g.width; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i * f + c]!;
        if (s > bestSum) [best, bestSum] = [c, s];
      }
      row[best] = 1;
    } else {
      for (let c = g.start; c < g.start + g.width; c++) row[c] = g.hold === 'median' ? median(col(c)) : mode(col(c));
    }
  }
  return row;
}

export interface GridAxis {
  /** Encoded column index. */
  column: number;
  min: number;
  max: number;
}

/** The range of a column over some matrices, widened by `pad` of its span on each side. */
export function axisRange(column: number, parts: readonly { x: Float32Array; n: number }[], f: number, pad = 0.05): GridAxis {
  let min = Infinity, max = -Infinity;
  for (const p of parts) for (let i = 0; i < p.n; i++) {
    const v = p.x[i * f + column]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  const span = max - min || 1;
  return { column, min: min - pad * span, max: max + pad * span };
}

/** Cell centres of `steps` cells from min to max. */
export const gridValues = (a: GridAxis, steps: number): number[] => Array.from({ length: steps }, (_, i) => a.min + ((i + 0.5) * (a.max - a.min)) / steps);

/** steps × steps rows (row-major, b outer / a inner: row j·steps + i is cell (i, j)), the held row with the two axes set. */
export function gridRows(base: Float32Array, a: GridAxis, b: GridAxis, steps: number): Float32Array {
  const f = base.length;
  const out = new Float32Array(steps * steps * f);
  const va = gridValues(a, steps), vb = gridValues(b, steps);
  for (let j = 0; j < steps; j++) for (let i = 0; i < steps; i++) {
    const r = (j * steps + i) * f;
    out.set(base, r);
    out[r + a.column] = va[i]!;
    out[r + b.column] = vb[j]!;
  }
  return out;
}

export interface GridCells {
  /** Classification: the predicted class of each cell, and its probability. Regression: the value (and no class). */
  cls?: number[];
  value: number[];
}

export function gridCells(pred: Float32Array, cells: number, classes: number, task: 'classification' | 'regression'): GridCells {
  if (task === 'regression') return { value: Array.from(pred.subarray(0, cells)) };
  const cls: number[] = [], value: number[] = [];
  for (let c = 0; c < cells; c++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (pred[c * classes + k]! > pred[c * classes + best]!) best = k;
    cls.push(best);
    value.push(pred[c * classes + best]!);
  }
  return { cls, value };
}

/**
 * The fairness audit's jobs in the data worker: the sensitive columns' values for the rows of a
 * split (and, for the validation split, the encoded rows, so a run can predict them), and the
 * reweighing weights of a training split.
 */
import { cellText, type Table } from '../core/data/table';
import { encodeRows, encodeTarget, splitForSpec } from '../core/features';
import { groupKeys } from '../core/metrics/fairness';
import { reweighingWeights } from '../core/metrics/fairness-mitigation';
import { MAX_GROUP_VALUES, type SensitiveRows, type SensitiveRowsRequest } from '../core/jobs';
import { problem, type Problem } from '../core/util/result';

const fmt = (v: number) => String(Number(v.toPrecision(4)));

/**
 * The group name of each row for one column. A number column with many values (age) is cut at
 * its quartiles over the whole table, so groups are large enough to compare: "age [18, 28)", …, "age [44, 64]".
 */
function columnGroups(table: Table, name: string, rows: ArrayLike<number>): { values: string[]; binned: boolean } | Problem {
  const col = table.columns.find((c) => c.name === name);
  if (!col) return problem(`There is no column named "${name}" in the cleaned data.`, 'A cleaning step may have dropped it: choose another column, or keep it in the Clean step.');
  const values = Array.from(rows, (r) => cellText(col, r));
  if (col.kind !== 'number') return { values, binned: false };
  const all = Array.from(col.values).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (new Set(all).size <= MAX_GROUP_VALUES) return { values, binned: false };
  const q = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))]!;
  const cuts = [...new Set([q(0.25), q(0.5), q(0.75)])];
  const edges = [all[0]!, ...cuts, all.at(-1)!];
  const label = (v: number) => {
    const k = cuts.findIndex((c) => v < c);
    const i = k === -1 ? cuts.length : k;
    return `${name} [${fmt(edges[i]!)}, ${fmt(edges[i + 1]!)}${i === cuts.length ? ']' : ')'}`;
  };
  return { values: Array.from(rows, (r) => (Number.isNaN(col.values[r]!) ? '' : label(col.values[r]!))), binned: true };
}

export function sensitiveRows(table: Table, req: SensitiveRowsRequest): { ok: true; value: SensitiveRows } | { ok: false; error: Problem } {
  if (req.columns.length === 0) return { ok: false, error: problem('Choose at least one sensitive column.') };
  const split = splitForSpec(table, req.spec);
  if (!split.ok) return split;
  const rows = split.value[req.split];
  const values: string[][] = [];
  const binned: string[] = [];
  for (const name of req.columns) {
    const g = columnGroups(table, name, rows);
    if ('message' in g) return { ok: false, error: g };
    values.push(g.values);
    if (g.binned) binned.push(name);
  }
  const y = encodeTarget(table, req.fitted, rows);
  const features = req.fitted.featureNames.length;
  return {
    ok: true,
    value: {
      rows,
      y: y instanceof Float32Array ? y : Float32Array.from(y),
      values,
      binned,
      features,
      ...(req.encode ? { x: encodeRows(table, req.fitted, rows).x } : {}),
    },
  };
}

/** Kamiran & Calders weights for the training rows, by the groups of `columns` and the label y. */
export function reweighTraining(table: Table, rows: Uint32Array, y: ArrayLike<number>, columns: string[]): Float32Array | Problem {
  const values: string[][] = [];
  for (const name of columns) {
    const g = columnGroups(table, name, rows);
    if ('message' in g) return g;
    values.push(g.values);
  }
  return reweighingWeights(groupKeys(values), y);
}

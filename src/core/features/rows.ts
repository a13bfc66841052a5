/**
 * Which rows a model sees: rows whose target is present, split into train / validation / test
 * by the spec's seeded split (stratified by class for classification when asked).
 */
import type { TaskKind } from '../data/schema';
import { splitRows, type Split } from '../data/split';
import type { Table } from '../data/table';
import { ok, problem, err, type Result } from '../util/result';
import { classNames } from './fit';
import { allRows, gatherNumbers, gatherSlots } from './read';
import type { FeatureSpec } from './spec';

/**
 * Rows (ascending) whose target cell is present: not NaN, not −1, not a missing token; for
 * regression also a number (text that does not parse counts as missing).
 */
export function rowsWithTarget(table: Table, target: string, task: TaskKind = 'classification'): Uint32Array {
  const col = table.columns.find((c) => c.name === target);
  if (!col) return new Uint32Array(0);
  const all = allRows(table.rowCount);
  const keep = new Uint8Array(all.length);
  if (task === 'regression') {
    const v = new Float64Array(all.length);
    gatherNumbers(col, all, v);
    for (let i = 0; i < v.length; i++) keep[i] = v[i] === v[i] ? 1 : 0;
  } else {
    const slots = new Int32Array(all.length);
    gatherSlots(col, [], all, slots); // no categories: every present value is "other" (0), missing −1
    for (let i = 0; i < slots.length; i++) keep[i] = slots[i]! >= 0 ? 1 : 0;
  }
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i]!;
  const out = new Uint32Array(n);
  for (let i = 0, k = 0; i < keep.length; i++) if (keep[i]) out[k++] = i;
  return out;
}

/**
 * The spec's split of the rows with a target, as row indices of `table` (each part in the shuffled
 * order splitRows gives). A problem when the fractions are invalid or no row has a target.
 */
export function splitForSpec(table: Table, spec: FeatureSpec): Result<Split> {
  const rows = rowsWithTarget(table, spec.target, spec.task);
  if (rows.length === 0) {
    return err({ ...problem(`No row has a value in the target column "${spec.target}"`, 'Choose another target, or fill its missing values.'), code: 'no-target-rows' });
  }
  let stratifyBy: Int32Array | undefined;
  if (spec.task === 'classification' && spec.split.stratify) {
    const col = table.columns.find((c) => c.name === spec.target)!;
    stratifyBy = new Int32Array(rows.length);
    gatherSlots(col, classNames(col), rows, stratifyBy);
  }
  const { train, validation, test, seed } = spec.split;
  const res = splitRows({ n: rows.length, fractions: { train, validation, test }, seed, ...(stratifyBy ? { stratifyBy } : {}) });
  if (!res.ok) return res;
  const back = (part: Uint32Array) => part.map((i) => rows[i]!);
  return ok({ train: back(res.value.train), validation: back(res.value.validation), test: back(res.value.test) });
}

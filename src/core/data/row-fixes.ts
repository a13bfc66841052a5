/**
 * Label fixes for the fix-and-retrain loop (issue 16 §3): a user opens the training rows of a
 * confusion-matrix cell and relabels or removes some. A fix is keyed by the row's index in the
 * cleaned table (stable while the cleaning recipe is the same: `RowFixes.recipeKey`), and is applied
 * to the TRAINING split only, after the split is drawn. So the validation and test rows of the
 * retrained run are exactly those of the run before, and their predictions compare row by row.
 * (A fix saved as a cleaning step would change the table, hence the seeded split; a fix to a test
 * row would mean grading the model against answers it was told.)
 */

export interface RowFix {
  /** Row index in the cleaned table. */
  row: number;
  /** The right label (a class name); absent when the row is removed. */
  label?: string;
  /** Leave this row out of training. */
  remove?: true;
}

/** The project's fixes (`doc.fixes`, optional): valid for the cleaned table of `recipeKey`. */
export interface RowFixes {
  recipeKey: string;
  rows: RowFix[];
}

export const MAX_ROW_FIXES = 5000;

/** The training split with the fixes applied: removed rows dropped (order kept), relabels by row. Fixes of rows outside `train` do nothing. */
export function fixTrainRows(train: Uint32Array, fixes: readonly RowFix[]): { rows: Uint32Array; relabel: Map<number, string>; removed: number; relabelled: number } {
  const inTrain = new Set(train);
  const drop = new Set<number>();
  const relabel = new Map<number, string>();
  for (const f of fixes) {
    if (!inTrain.has(f.row)) continue;
    if (f.remove) drop.add(f.row);
    else if (typeof f.label === 'string') relabel.set(f.row, f.label);
  }
  for (const r of drop) relabel.delete(r);
  const rows = drop.size ? train.filter((r) => !drop.has(r)) : train;
  return { rows, relabel, removed: drop.size, relabelled: relabel.size };
}

/** Sets (or, with `fix` undefined, clears) the fix of one row; the list stays sorted by row. */
export function withFix(rows: readonly RowFix[], row: number, fix: Omit<RowFix, 'row'> | undefined): RowFix[] {
  const rest = rows.filter((f) => f.row !== row);
  if (!fix || (!fix.remove && fix.label === undefined)) return rest;
  const next: RowFix = fix.remove ? { row, remove: true } : { row, label: fix.label! };
  return [...rest, next].sort((a, b) => a.row - b.row).slice(0, MAX_ROW_FIXES);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A stored `fixes` value → valid RowFixes, or undefined to drop it; damaged entries are dropped, the rest kept. */
export function restoreRowFixes(v: unknown): RowFixes | undefined {
  if (!isObject(v) || typeof v.recipeKey !== 'string' || !Array.isArray(v.rows)) return undefined;
  const seen = new Set<number>();
  const rows: RowFix[] = [];
  for (const f of v.rows.slice(0, MAX_ROW_FIXES)) {
    if (!isObject(f) || !Number.isInteger(f.row) || (f.row as number) < 0 || seen.has(f.row as number)) continue;
    const row = f.row as number;
    if (f.remove === true) rows.push({ row, remove: true });
    else if (typeof f.label === 'string') rows.push({ row, label: f.label });
    else continue;
    seen.add(row);
  }
  return { recipeKey: v.recipeKey, rows };
}

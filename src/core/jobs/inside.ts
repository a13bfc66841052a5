/**
 * The decision views' jobs (issue 16 §3) as they cross to the training worker: permutation
 * importance on the test split, a 2-D decision boundary, and the training-row counts of a drawn
 * tree. The matrices come from the data worker on a port (the `training-data` job, as for a run),
 * so they never pass through the main thread. Also the pure mappings from the fitted encoders to
 * the raw columns the views speak of.
 */
import type { TaskKind } from '../data/schema';
import type { FittedEncoders } from '../features';
import { featureNamesOf } from '../features';
import type { FeatureGroup, ImportanceResult } from '../explain/permutation-importance';
import type { GridAxis, GridCells, HeldGroup } from '../explain/decision-boundary';
import type { EncodedColumn } from '../explain/tree-view';
import type { ModelArtifact, TrainInput } from './training';

export type InsideGroup = FeatureGroup & HeldGroup & {
  /** A number the boundary can use as an axis: raw = encoded · scale + center on its first column. */
  axis?: { center: number; scale: number };
};

export type InsideJob =
  | { kind: 'importance'; repeats: number; seed: number }
  /** Two encoded column indices (group starts of numeric groups). */
  | { kind: 'boundary'; a: number; b: number; steps: number }
  | { kind: 'tree-counts'; tree: number }
  /** The model's predicted class of every training row (the fix-and-retrain loop's training confusion matrix). */
  | { kind: 'train-predictions' };

export interface InsideRequest {
  family: string;
  model: ModelArtifact;
  task: TaskKind;
  classes: number;
  groups: InsideGroup[];
  job: InsideJob;
  data: TrainInput;
}

export interface BoundaryResult {
  kind: 'boundary';
  a: GridAxis;
  b: GridAxis;
  steps: number;
  cells: GridCells;
  /** The test rows' two encoded values, their true targets and the model's predictions (class or value). */
  test: { a: number[]; b: number[]; y: number[]; predicted: number[] };
}

export type InsideResult = { kind: 'importance'; result: ImportanceResult } | BoundaryResult | { kind: 'tree-counts'; counts: number[] } | { kind: 'train-predictions'; y: number[]; predicted: number[] };

/** Each raw column's block of encoded columns (a one-hot block with its indicator is one group), then the text input as one group. */
export function featureGroups(fitted: FittedEncoders): InsideGroup[] {
  const groups: InsideGroup[] = [];
  let start = 0;
  for (const c of fitted.columns) {
    const width = featureNamesOf(c).length;
    const hold = c.kind === 'categorical' && c.mode === 'onehot' ? 'onehot' : c.kind === 'numeric' || c.kind === 'date' ? 'median' : 'mode';
    groups.push({ name: c.name, start, width, hold, ...(c.kind === 'numeric' ? { axis: { center: c.center, scale: c.scale } } : {}) });
    start += width;
  }
  if (start < fitted.featureNames.length) groups.push({ name: fitted.text?.columns.join(' + ') || 'text', start, width: fitted.featureNames.length - start, hold: 'mode' });
  return groups;
}

/** How to read each encoded column back in raw terms (the tree's split rules). */
export function encodedColumns(fitted: FittedEncoders): EncodedColumn[] {
  const out: EncodedColumn[] = [];
  for (const c of fitted.columns) {
    if (c.kind === 'numeric') out.push({ kind: 'number', column: c.name, center: c.center, scale: c.scale });
    else if (c.kind === 'boolean') out.push({ kind: 'flag', column: c.name });
    else if (c.kind === 'date') for (const p of c.parts) out.push({ kind: 'number', column: `${c.name}.${p.part}`, center: p.center, scale: p.scale });
    else if (c.mode === 'onehot') for (const v of [...c.categories, '(other)']) out.push({ kind: 'category', column: c.name, category: v });
    else out.push({ kind: 'codes', column: c.name, categories: [...c.categories, '(other)'] });
    if (c.indicator) out.push({ kind: 'missing', column: c.name });
  }
  for (let i = out.length; i < fitted.featureNames.length; i++) out.push({ kind: 'other', column: fitted.featureNames[i]! });
  return out;
}

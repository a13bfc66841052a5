/**
 * Training runs as the run comparison reads them (`ComparableRun`, core/metrics/compare.ts).
 * A search trial or a cross-validation fold set joins the comparison by adding its own mapping
 * next to `comparableRun`; the views only read `ComparableRun`.
 */
import type { ComparableRun } from '../core/metrics/compare';
import { getModelInfo } from '../core/models/catalog';
import type { RunRecord } from './modeling';

export interface ComparedRun extends ComparableRun {
  number: number;
  /** The encode key the run trained on: runs with different keys saw other data or features. */
  inputsKey: string;
  /** The cleaned table its test row indices point into, when known. */
  recipeKey?: string;
}

export function comparableRun(run: RunRecord): ComparedRun {
  return {
    id: run.id,
    number: run.number,
    label: `#${run.number}`,
    settings: { model: getModelInfo(run.family)?.label ?? run.family, params: run.params, training: run.hp },
    ...(run.metrics ? { metrics: run.metrics } : {}),
    curve: run.epochs,
    ...(run.test ? { test: run.test } : {}),
    inputsKey: run.inputsKey,
    ...(typeof run.recipeKey === 'string' ? { recipeKey: run.recipeKey } : {}),
  };
}

/**
 * Whether the cleaned table in the data worker now is the one `run`'s test rows index, so its rows'
 * values can be shown: the same recipe key, or (older runs) the same encode key as now.
 */
export function rowsReadable(run: ComparedRun, now: { recipeKey?: string; encodeKey?: string }): boolean {
  if (run.recipeKey !== undefined) return run.recipeKey === now.recipeKey;
  return run.inputsKey === now.encodeKey;
}

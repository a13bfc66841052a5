/**
 * The fix-and-retrain loop (issue 16 §3): the training rows of a run's confusion-matrix cell are
 * relabelled or removed (`doc.fixes`, per cleaned-table row, autosaved), then "Retrain with fixes"
 * trains the run's family, parameters, settings and backend again with the fixes applied to the
 * training split only (worker/encode-jobs.ts `trainingData`), so both runs are tested on exactly
 * the same rows and the Compare view's row flips apply.
 */
import { withFix, type RowFix, type RowFixes } from '../../core/data/row-fixes';
import type { Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';
import { startTraining } from './training';
import { runMatchesEncoders } from './bundle';
import type { createInsideActions } from './inside';

export interface TrainingPredictions {
  /** Cleaned-table row of each training row. */
  rows: number[];
  /** Class index: the label (with the fixes so far) and the run's prediction. */
  y: number[];
  predicted: number[];
  classNames: string[];
}

type InsideJob = ReturnType<typeof createInsideActions>['insideJob'];

export function createFixActions(store: StudioStore, deps: Deps, insideJob: InsideJob) {
  const ctx = { store, deps };
  /** The fixes that apply to the cleaned table now (fixes of another cleaning do not). */
  const currentFixes = (): RowFix[] => {
    const { fixes, clean } = store.getState().doc;
    return fixes && clean && fixes.recipeKey === clean.recipeKey ? fixes.rows : [];
  };

  /** Sets one training row's fix: a new label, removal, or (undefined) none. */
  function setRowFix(row: number, fix: Omit<RowFix, 'row'> | undefined) {
    const recipeKey = store.getState().doc.clean?.recipeKey;
    if (recipeKey === undefined) return;
    const rows = withFix(currentFixes(), row, fix);
    store.setState((s) => ({ doc: { ...s.doc, fixes: rows.length ? ({ recipeKey, rows } satisfies RowFixes) : undefined } }));
  }

  const clearFixes = () => store.setState((s) => ({ doc: { ...s.doc, fixes: undefined } }));

  /** The run's predictions on its training rows, with the fixes so far applied to the labels. */
  async function trainingPredictions(runId: string): Promise<Result<TrainingPredictions>> {
    const { doc } = store.getState();
    const run = doc.runs?.find((r) => r.id === runId);
    const b = doc.features?.spec.balance;
    if (b && (b.oversample || b.augment > 0)) return { ok: false, error: { message: 'The training rows are balanced (oversampled or augmented) in the Encode step, so they are not the rows of the file.', hint: 'Turn balancing off in the Encode step and train again to fix training rows.' } };
    if (run?.metrics?.kind !== 'classification') return { ok: false, error: { message: 'Label fixes are for classification runs.' } };
    let rows: Uint32Array | undefined;
    const res = await insideJob(runId, { kind: 'train-predictions' }, undefined, { fixes: currentFixes(), rows: (r) => (rows = r) });
    if (!res.ok) return res;
    if (res.value.kind !== 'train-predictions' || !rows || rows.length !== res.value.y.length) return { ok: false, error: { message: 'The training rows could not be matched to the data.', hint: 'Train the model again, then try once more.' } };
    return { ok: true, value: { rows: Array.from(rows), y: res.value.y, predicted: res.value.predicted, classNames: run.metrics.classNames } };
  }

  /** Trains run `baseRunId`'s settings once more with the fixes; resolves with the new run's id. */
  async function retrainWithFixes(baseRunId: string): Promise<string | undefined> {
    const { doc } = store.getState();
    const base = doc.runs?.find((r) => r.id === baseRunId);
    const fixes = currentFixes();
    if (!base || fixes.length === 0) return undefined;
    if (!runMatchesEncoders(base, doc)) {
      store.setState({ problem: { message: 'This run was trained with other encode settings than the current ones.', hint: 'Choose a run trained with the current settings.' } });
      return undefined;
    }
    return startTraining(ctx, {
      family: base.family,
      params: base.params,
      hp: base.hp,
      ...(base.backend ? { backend: base.backend.name } : {}),
      fixes,
      record: { fixes: { baseRunId, removed: 0, relabelled: 0 } },
    });
  }

  return { setRowFix, clearFixes, currentFixes, trainingPredictions, retrainWithFixes };
}

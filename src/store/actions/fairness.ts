/**
 * The fairness audit of a run (Evaluate step): per-group rates on the test split by sensitive
 * columns, counterfactual swaps for text models, and two mitigations whose audit is shown beside
 * the run's own: reweighing in training (a new run) and per-group thresholds (chosen on the
 * validation split, applied to the test split).
 */
import type { ClassificationReport } from '../../core/metrics';
import { auditClassification, auditRegression, groupKeys } from '../../core/metrics/fairness';
import { chooseThresholds, positiveProbabilities, type ThresholdGoal } from '../../core/metrics/fairness-mitigation';
import { swapMap, swapTerms, type SwapPair } from '../../core/words/swaps';
import type { FairnessAuditRecord, FairnessMitigation, SensitiveRows, SwapExample, SwapReport } from '../../core/jobs';
import type { Problem, Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';
import type { RunRecord } from '../modeling';
import { defaultFairness, MAX_AUDITS, type FairnessDoc } from '../fairness-doc';
import type { Prediction } from './bundle';

const MAX_EXAMPLES = 50;

export interface FairnessDeps {
  /** The Train step's start, with the rows reweighed (bound in model.ts, so it waits for a speed test). */
  startReweighedTraining: (columns: string[]) => Promise<unknown>;
  predictRecords: (records: Record<string, string>[], source: { runId: string }) => Promise<Result<Prediction[]>>;
}

const fail = (message: string, hint?: string): { ok: false; error: Problem } => ({ ok: false, error: { message, ...(hint ? { hint } : {}) } });

/** The class binary rates are about: the user's choice, else the rarer class among the test rows (spam, not ham). */
export function positiveClass(run: RunRecord, chosen: string | undefined): number {
  const names = (run.metrics as ClassificationReport).classNames;
  const i = chosen === undefined ? -1 : names.indexOf(chosen);
  if (i >= 0) return i;
  const counts = names.map(() => 0);
  run.test?.y.forEach((y) => counts[y]!++);
  return names.length === 2 ? (counts[1]! <= counts[0]! ? 1 : 0) : counts.indexOf(Math.min(...counts));
}

export function createFairnessActions(store: StudioStore, deps: Deps, more: FairnessDeps) {
  const get = store.getState;
  const fairness = (): FairnessDoc => get().doc.fairness ?? defaultFairness();
  const patch = (p: Partial<FairnessDoc>) => store.setState((s) => ({ doc: { ...s.doc, fairness: { ...(s.doc.fairness ?? defaultFairness()), ...p } } }));
  const runOf = (id: string) => get().doc.runs?.find((r) => r.id === id);

  function setFairness(p: Partial<Pick<FairnessDoc, 'columns' | 'positive' | 'pairs'>>) {
    patch(p);
  }

  function saveAudit(record: FairnessAuditRecord) {
    patch({ audits: [...fairness().audits.filter((a) => a.id !== record.id), record].slice(-MAX_AUDITS) });
  }

  /** What a run's audit needs: its test predictions, current encoders and the cleaned table. */
  function auditable(run: RunRecord | undefined): Result<{ run: RunRecord & { test: NonNullable<RunRecord['test']> }; table: { datasetId: string; stage: 'clean'; recipeKey: string } }> {
    const { doc } = get();
    if (!run?.test || !run.metrics) return fail('This run has no test predictions to audit.', 'Train it again: predictions are kept for the latest five runs.');
    if (!doc.dataset || !doc.clean || !doc.features?.artifact) return fail('The data of this run is not loaded.');
    if (run.inputsKey !== doc.features.artifact.key) return fail('This run was trained with other encode settings than the current ones.', 'Train it again with the current settings, or go back to the settings it used.');
    return { ok: true, value: { run: run as RunRecord & { test: NonNullable<RunRecord['test']> }, table: { datasetId: doc.dataset.datasetId, stage: 'clean', recipeKey: doc.clean.recipeKey } } };
  }

  async function sensitive(runId: string, split: 'validation' | 'test', columns: string[]): Promise<Result<SensitiveRows>> {
    const a = auditable(runOf(runId));
    if (!a.ok) return a;
    const { doc } = get();
    return deps.data.run({ type: 'sensitive-rows', table: a.value.table, spec: doc.features!.spec, fitted: doc.features!.artifact!.fitted, split, columns, encode: split === 'validation' });
  }

  /** The run's audit on the test split; `thresholds` (binary) replace its default decision per group. */
  async function audit(runId: string, opts: { before?: string; mitigation?: FairnessMitigation } = {}): Promise<Result<FairnessAuditRecord>> {
    const a = auditable(runOf(runId));
    if (!a.ok) return a;
    const { run } = a.value;
    const columns = fairness().columns;
    const sens = await sensitive(runId, 'test', columns);
    if (!sens.ok) return sens;
    const rows = sens.value.rows;
    // The split is seeded, so the test rows are the run's; a different list means the data changed under it.
    if (rows.length !== run.test.rows.length || rows.some((r, i) => r !== run.test.rows[i])) return fail('The test rows of this run are not the current ones.', 'Train it again.');
    const groups = groupKeys(sens.value.values);
    const m = run.metrics!;
    let result: FairnessAuditRecord['audit'];
    let positiveLabel: string | undefined;
    if (m.kind === 'classification') {
      const names = (m as ClassificationReport).classNames;
      const positive = positiveClass(run, fairness().positive);
      positiveLabel = names[positive]!;
      const thresholds = opts.mitigation?.kind === 'thresholds' ? opts.mitigation.thresholds : undefined;
      result = auditClassification({ yTrue: run.test.y, proba: run.test.predictions, numClasses: names.length, positive, groups, ...(thresholds ? { thresholds } : {}) });
    } else {
      result = auditRegression({ yTrue: run.test.y, yPred: run.test.predictions, groups });
    }
    const record: FairnessAuditRecord = {
      id: deps.newId(),
      runId,
      runNumber: run.number,
      columns,
      ...(positiveLabel !== undefined ? { positiveLabel } : {}),
      ...(opts.before ? { before: opts.before } : {}),
      ...(opts.mitigation ? { mitigation: opts.mitigation } : run.reweighed ? { mitigation: { kind: 'reweigh' as const, columns: run.reweighed } } : {}),
      audit: result,
      binned: sens.value.binned,
      createdAt: Date.now(),
    };
    saveAudit(record);
    return { ok: true, value: record };
  }

  function reportProblem(r: Result<unknown>): boolean {
    if (!r.ok) store.setState({ problem: r.error });
    return r.ok;
  }

  async function auditRun(runId: string): Promise<FairnessAuditRecord | undefined> {
    const r = await audit(runId);
    return reportProblem(r) && r.ok ? r.value : undefined;
  }

  /** The latest plain audit of a run with the current columns, made when missing. */
  async function baseline(runId: string): Promise<FairnessAuditRecord | undefined> {
    const cols = fairness().columns.join('\u0000');
    const run = runOf(runId);
    const positive = run?.metrics?.kind === 'classification' ? (run.metrics as ClassificationReport).classNames[positiveClass(run, fairness().positive)] : undefined;
    const found = fairness().audits.filter((a) => a.runId === runId && !a.before && a.columns.join('\u0000') === cols && a.positiveLabel === positive).at(-1);
    return found ?? auditRun(runId);
  }

  /** Per-group thresholds chosen on the validation split (binary classification), then the test audit with them. */
  async function applyThresholds(runId: string, goal: ThresholdGoal): Promise<FairnessAuditRecord | undefined> {
    const run = runOf(runId);
    if (!run?.model || run.metrics?.kind !== 'classification' || (run.metrics as ClassificationReport).classNames.length !== 2) {
      reportProblem(fail('Per-group thresholds need a binary classification run with its model.'));
      return undefined;
    }
    const before = await baseline(runId);
    if (!before) return undefined;
    const val = await sensitive(runId, 'validation', fairness().columns);
    if (!reportProblem(val) || !val.ok) return undefined;
    const { x, rows, y, features, values } = val.value;
    if (rows.length === 0) {
      reportProblem(fail('The validation split is empty: thresholds are chosen on it.', 'Give the validation split a share in the Encode step.'));
      return undefined;
    }
    const fitted = get().doc.features!.artifact!.fitted;
    const proba = await deps.train.predict({ type: 'predict', family: run.family, model: run.model, task: fitted.task, x: x!, n: rows.length, features });
    if (!reportProblem(proba) || !proba.ok) return undefined;
    const positive = positiveClass(run, fairness().positive);
    const choice = chooseThresholds(positiveProbabilities(proba.value, positive), Array.from(y, (v) => v === positive), groupKeys(values), goal);
    const r = await audit(runId, { before: before.id, mitigation: { kind: 'thresholds', goal, target: choice.target, thresholds: choice.thresholds } });
    return reportProblem(r) && r.ok ? r.value : undefined;
  }

  /**
   * Reweighing: the run's model trained again with the same settings, its training rows weighed by
   * the sensitive columns' groups; the new run's audit is the "after" of this one's.
   */
  async function trainReweighed(runId: string): Promise<FairnessAuditRecord | undefined> {
    const run = runOf(runId);
    const columns = fairness().columns;
    if (!run || columns.length === 0) return undefined;
    const before = await baseline(runId);
    if (!before) return undefined;
    // Same family, parameters and training settings as the audited run, so the weights are the only change.
    const { doc } = get();
    store.setState({ doc: { ...doc, model: { family: run.family, params: run.params }, training: { ...(doc.training ?? { backend: 'auto', hp: run.hp }), hp: run.hp } } });
    const known = new Set((get().doc.runs ?? []).map((r) => r.id));
    await more.startReweighedTraining(columns);
    const made = (get().doc.runs ?? []).find((r) => !known.has(r.id));
    if (!made || made.status !== 'done') return undefined; // the Train step shows why
    store.setState((s) => ({ doc: { ...s.doc, step: 'evaluate' } }));
    const r = await audit(made.id, { before: before.id, mitigation: { kind: 'reweigh', columns } });
    return reportProblem(r) && r.ok ? r.value : undefined;
  }

  /**
   * Counterfactual swaps: every test text with a term of the list is predicted as it is and with
   * the terms swapped (both through the same path, recipe and encoders, in the workers).
   */
  async function runSwaps(runId: string, pairs: SwapPair[] = fairness().pairs): Promise<SwapReport | undefined> {
    const a = auditable(runOf(runId));
    if (!reportProblem(a) || !a.ok) return undefined;
    const { run, table } = a.value;
    const textColumns = get().doc.features!.artifact!.fitted.text?.columns ?? [];
    if (run.metrics!.kind !== 'classification' || textColumns.length === 0) {
      reportProblem(fail('Counterfactual swaps need a classification model with a text input.'));
      return undefined;
    }
    const labels = (run.metrics as ClassificationReport).classNames;
    const records = await deps.data.run({ type: 'records', table, rows: Array.from(run.test.rows) });
    if (!reportProblem(records) || !records.ok) return undefined;
    const map = swapMap(pairs);
    const changed: { row: number; column: string; original: Record<string, string>; swapped: Record<string, string> }[] = [];
    records.value.forEach((rec, i) => {
      let swapped: Record<string, string> | undefined;
      let column = '';
      for (const c of textColumns) {
        const s = swapTerms(rec[c] ?? '', map);
        if (s.swapped === 0) continue;
        swapped = { ...(swapped ?? rec), [c]: s.text };
        column ||= c;
      }
      if (swapped) changed.push({ row: run.test.rows[i]!, column, original: rec, swapped });
    });
    const preds = changed.length ? await more.predictRecords([...changed.map((c) => c.original), ...changed.map((c) => c.swapped)], { runId }) : { ok: true as const, value: [] };
    if (!reportProblem(preds) || !preds.ok) return undefined;
    const argmax = (p: Prediction) => p.classes!.reduce((best, c, j, all) => (c.probability > all[best]!.probability ? j : best), 0);
    let flips = 0;
    let sum = 0;
    let max = 0;
    const examples: (SwapExample & { flipped: boolean; change: number })[] = changed.map((c, i) => {
      const before = preds.value[i]!;
      const after = preds.value[i + changed.length]!;
      const k = argmax(before);
      const k2 = argmax(after);
      const pBefore = before.classes![k]!.probability;
      const pAfter = after.classes![k]!.probability;
      const change = Math.abs(pAfter - pBefore);
      if (k !== k2) flips++;
      sum += change;
      max = Math.max(max, change);
      return { row: c.row, column: c.column, original: c.original[c.column]!, swapped: c.swapped[c.column]!, before: labels[k]!, after: labels[k2]!, pBefore, pAfter, flipped: k !== k2, change };
    });
    examples.sort((x, y) => Number(y.flipped) - Number(x.flipped) || y.change - x.change);
    const report: SwapReport = {
      runId,
      runNumber: run.number,
      pairs: pairs.map(([x, y]) => [x, y]),
      texts: records.value.length,
      changed: changed.length,
      flips,
      meanChange: changed.length ? sum / changed.length : 0,
      maxChange: max,
      examples: examples.slice(0, MAX_EXAMPLES).map(({ flipped: _f, change: _c, ...e }) => e),
      createdAt: Date.now(),
    };
    patch({ swaps: [...fairness().swaps.filter((s) => s.runId !== runId), report].slice(-MAX_AUDITS) });
    return report;
  }

  return { setFairness, auditRun, applyThresholds, trainReweighed, runSwaps };
}

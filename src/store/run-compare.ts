/**
 * Training runs as the run comparison reads them (`ComparableRun`, core/metrics/compare.ts).
 * A search trial or a cross-validation fold set joins the comparison by adding its own mapping
 * next to `comparableRun`; the views only read `ComparableRun`.
 */
import type { ComparableRun, MetricDef } from '../core/metrics/compare';
import { applyPoint, budgetOf, cvMetrics, type CvModelResult, type CvRecord, type SearchState, type SearchTrial } from '../core/jobs';
import { getModelInfo } from '../core/models/catalog';
import type { RunRecord } from './modeling';

export interface ComparedRun extends ComparableRun {
  number: number;
  /** The encode key the run trained on: runs with different keys saw other data or features. */
  inputsKey: string;
  /** The cleaned table its test row indices point into, when known. */
  recipeKey?: string;
  /** A run, a search trial or a cross-validation fold set (absent = a run). */
  source?: 'run' | 'trial' | 'fold set';
  /**
   * Scores that are not test metrics, keyed `validation.<metric>` (scored on the validation split)
   * or `cv.<metric>` (mean over cross-validation folds), metric ids as core/experiments' cvMetrics.
   */
  scores?: Record<string, number>;
}

const family = (id: string) => getModelInfo(id)?.label ?? id;

/** A feedback retrain in the settings diff: how it trained (restart, or continued from which run's weights), with what weight and rows. */
function feedbackSetting(fb: NonNullable<RunRecord['feedback']>) {
  return { training: fb.mode === 'continue' ? 'continued' : 'restarted', weight: fb.weight, rows: fb.used, ...(fb.mode === 'continue' ? { furtherEpochs: fb.furtherEpochs ?? null } : {}) };
}

export function comparableRun(run: RunRecord): ComparedRun {
  return {
    id: run.id,
    number: run.number,
    label: `#${run.number}`,
    settings: { model: family(run.family), params: run.params, training: run.hp, ...(run.feedback ? { feedback: feedbackSetting(run.feedback) } : {}) },
    ...(run.metrics ? { metrics: run.metrics } : {}),
    curve: run.epochs,
    ...(run.test ? { test: run.test } : {}),
    inputsKey: run.inputsKey,
    ...(typeof run.recipeKey === 'string' ? { recipeKey: run.recipeKey } : {}),
    ...(run.outcome?.validation ? { scores: { [`validation.${run.outcome.validation.metric}`]: run.outcome.validation.value } } : {}),
  };
}

/**
 * A search trial as the comparison reads it: its configuration (the search's base settings with the
 * trial's point and budget applied) and its score — on the validation split, or a CV mean. It has
 * no test predictions (trials never touch the test split) and keeps no curve.
 */
export function comparableTrial(search: SearchState, trial: SearchTrial): ComparedRun | undefined {
  const fam = getModelInfo(search.settings.family);
  if (!fam || !search.base || typeof trial.score !== 'number' || !Number.isFinite(trial.score)) return undefined;
  const full = budgetOf(fam, search.base.params, search.base.hp);
  const { params, hp } = applyPoint(search.base.params, search.base.hp, trial.point, trial.budget !== undefined && full ? { key: full.key, value: trial.budget } : undefined);
  const metric = /^r²|^r2/i.test(search.metricName ?? '') ? 'r2' : 'accuracy';
  const by = search.settings.scoreBy?.kind === 'cv' ? 'cv' : 'validation';
  return {
    id: `trial:${trial.id}`,
    number: trial.id,
    label: `trial ${trial.id}`,
    source: 'trial',
    settings: { model: fam.label, params, training: hp },
    inputsKey: search.inputsKey ?? '',
    scores: { [`${by}.${metric}`]: trial.score },
  };
}

/** One model's folds of a cross-validation: settings and the CV mean of each fold metric (no test rows). */
export function comparableFoldSet(record: CvRecord, model: CvModelResult, index: number): ComparedRun | undefined {
  const scores: Record<string, number> = {};
  for (const [id, s] of Object.entries(model.summary ?? {})) if (Number.isFinite(s.mean)) scores[`cv.${id}`] = s.mean;
  if (Object.keys(scores).length === 0) return undefined;
  return {
    id: `cv:${record.id}:${model.family}`,
    number: index,
    label: `CV ${index}${record.models.length > 1 ? ` ${family(model.family)}` : ''}`,
    source: 'fold set',
    settings: { model: family(model.family), params: model.params, training: model.hp, folds: { k: record.settings.k, repeats: record.settings.repeats, seed: record.settings.seed } },
    inputsKey: record.inputsKey,
    scores,
  };
}

/** Every comparable entry of a project: finished runs, scored search trials, fold sets with a mean. */
export function comparableEntries(doc: { runs?: RunRecord[]; search?: SearchState; cv?: { records: CvRecord[] } }): ComparedRun[] {
  const runs = (doc.runs ?? []).filter((r) => r.metrics).map(comparableRun);
  const search = doc.search;
  const trials = search ? search.trials.flatMap((t) => comparableTrial(search, t) ?? []) : [];
  const folds = (doc.cv?.records ?? []).flatMap((r, i) => r.models.flatMap((m) => comparableFoldSet(r, m, i + 1) ?? []));
  return [...runs, ...trials, ...folds];
}

/** The non-test scores the entries have, as metric rows: "Accuracy (validation)", "Log loss (CV mean)", … */
export function scoreDefs(entries: readonly ComparedRun[]): MetricDef<ComparedRun>[] {
  const keys = new Set(entries.flatMap((e) => Object.keys(e.scores ?? {})));
  const all = [...cvMetrics('classification'), ...cvMetrics('regression')];
  return (['validation', 'cv'] as const).flatMap((by) =>
    all
      .filter((m) => keys.has(`${by}.${m.id}`))
      .map((m) => ({ id: `${by}.${m.id}`, label: `${m.label} (${by === 'cv' ? 'CV mean' : 'validation'})`, direction: m.higherIsBetter ? ('higher' as const) : ('lower' as const), get: (e: ComparedRun) => e.scores?.[`${by}.${m.id}`] ?? null })),
  );
}

/**
 * Whether the cleaned table in the data worker now is the one `run`'s test rows index, so its rows'
 * values can be shown: the same recipe key, or (older runs) the same encode key as now.
 */
export function rowsReadable(run: ComparedRun, now: { recipeKey?: string; encodeKey?: string }): boolean {
  if (run.recipeKey !== undefined) return run.recipeKey === now.recipeKey;
  return run.inputsKey === now.encodeKey;
}

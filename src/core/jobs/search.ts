/**
 * Hyperparameter search as the UI, the store and the workers share it: which settings of a family
 * can vary (its own fields and, for neural families, the optimiser's), their default ranges, how a
 * configuration becomes a run's settings, the budget successive halving spends (epochs or
 * boosting rounds), and the saved search (settings and trials).
 */
import type { TaskKind } from '../data/schema';
import type { ModelInfo, ModelParams } from '../models/types';
import type { Hyperparams } from '../train/types';
import type { Point, SearchParam, SearchTrial, StrategyId } from '../search';

export type { Point, SearchParam, SearchTrial, StrategyId } from '../search';

/** A parameter the user may vary: `param.<field>` (the family's own) or `hp.<setting>` (training). */
export interface SearchCandidate {
  param: SearchParam;
  label: string;
}

export interface SearchSettings {
  /** The family searched (the Model step's choice when the search started). */
  family: string;
  /** The varied parameters with their ranges, keyed `param.<field>` or `hp.<setting>`. */
  space: SearchParam[];
  strategy: StrategyId;
  budget: { kind: 'trials' | 'minutes'; trials: number; minutes: number };
  halving: boolean;
  /** Grid: values per numeric parameter. */
  gridSteps: number;
  seed: number;
  /**
   * How each trial is scored: on the encode step's validation split (absent = this), or by
   * k-fold cross-validation of the training split (the mean of the folds' accuracy / R²).
   */
  scoreBy?: TrialScoring;
}

export type TrialScoring = { kind: 'validation' } | { kind: 'cv'; k: number };

export interface SearchState {
  settings: SearchSettings;
  /** The model parameters and training settings the varied ones were applied to. */
  base?: { params: ModelParams; hp: Hyperparams };
  /** Encode artifact key the trials were scored on. */
  inputsKey?: string;
  status: 'idle' | 'running' | 'paused' | 'stopped' | 'done';
  /** Validation metric the trials are scored by (accuracy or R²). */
  metricName?: string;
  trials: SearchTrial[];
  /** The run "Use best" made. */
  bestRunId?: string;
}

/** Settings of rates and penalties are searched on a log scale by default. */
const LOG_KEYS = /rate|l2|lambda|alpha|decay|penalty|regular/i;

/** Families whose size grows with a budget successive halving can cut: its key and full value. */
export function budgetOf(fam: ModelInfo, params: ModelParams, hp: Hyperparams): { key: string; max: number } | undefined {
  if (fam.kind === 'neural') return { key: 'hp.epochs', max: hp.epochs };
  const n = params.nEstimators;
  return typeof n === 'number' ? { key: 'param.nEstimators', max: n } : undefined;
}

/** What can vary for a family, with default ranges (the field's range; log scale for rates and penalties and wide counts). */
export function searchCandidates(fam: ModelInfo): SearchCandidate[] {
  const out: SearchCandidate[] = [];
  for (const f of fam.fields) {
    const key = `param.${f.key}`;
    if (f.kind === 'select') out.push({ label: f.label, param: { kind: 'categorical', key, choices: [...(f.options ?? [])] } });
    else if (f.kind === 'int' || f.kind === 'number') {
      const min = f.min ?? 0;
      let max = f.max ?? Math.max(1, min * 10);
      const log = LOG_KEYS.test(f.key) || (f.kind === 'int' && max / Math.max(1, min) > 50);
      // A penalty's field starts at 0, which a log scale cannot: its default range is 1e-5 … 0.1.
      const low = log && min <= 0 ? 1e-5 : min;
      if (log && min <= 0) max = Math.min(max, 0.1);
      out.push({ label: f.label, param: { kind: f.kind === 'int' ? 'int' : 'float', key, low, high: max, log } });
    }
  }
  if (fam.kind === 'neural') {
    out.push(
      { label: 'Learning rate', param: { kind: 'float', key: 'hp.learningRate', low: 1e-4, high: 0.1, log: true } },
      { label: 'Weight decay', param: { kind: 'float', key: 'hp.weightDecay', low: 1e-6, high: 1e-2, log: true } },
      { label: 'Batch size', param: { kind: 'categorical', key: 'hp.batchSize', choices: [16, 32, 64, 128] } },
      { label: 'Optimizer', param: { kind: 'categorical', key: 'hp.optimizer', choices: ['sgd', 'adam', 'adamw'] } },
    );
  }
  return out;
}

/** The search a family starts with: its first two candidates (rates first when it has them), 20 trials, TPE. */
export function defaultSearch(fam: ModelInfo, seed = 1): SearchSettings {
  const cands = searchCandidates(fam);
  const byRate = [...cands].sort((a, b) => Number(LOG_KEYS.test(b.param.key)) - Number(LOG_KEYS.test(a.param.key)));
  return { family: fam.id, space: byRate.slice(0, 2).map((c) => c.param), strategy: 'bayes', budget: { kind: 'trials', trials: 20, minutes: 5 }, halving: false, gridSteps: 4, seed };
}

/** A run's settings for a configuration, with the halving budget (epochs or rounds) when given. */
export function applyPoint(params: ModelParams, hp: Hyperparams, point: Point, budget?: { key: string; value: number }): { params: ModelParams; hp: Hyperparams } {
  const p: ModelParams = { ...params };
  const h: Record<string, unknown> = { ...hp };
  const entries = Object.entries(point);
  if (budget) entries.push([budget.key, budget.value]);
  for (const [key, value] of entries) {
    if (key.startsWith('param.')) p[key.slice(6)] = value;
    else if (key.startsWith('hp.')) h[key.slice(3)] = value;
  }
  return { params: p, hp: h as unknown as Hyperparams };
}

/** Validation score of a trial: accuracy (classification, argmax of the probabilities) or R² (regression). */
export function validationScore(task: TaskKind, y: ArrayLike<number>, predictions: ArrayLike<number>, classes: number): { metric: 'accuracy' | 'r2'; value: number } {
  const n = y.length;
  if (task === 'classification') {
    let right = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < classes; k++) if (predictions[i * classes + k]! > predictions[i * classes + best]!) best = k;
      if (best === y[i]) right++;
    }
    return { metric: 'accuracy', value: n ? right / n : NaN };
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]! / n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (y[i]! - predictions[i]!) ** 2;
    ssTot += (y[i]! - mean) ** 2;
  }
  return { metric: 'r2', value: n && ssTot > 0 ? 1 - ssRes / ssTot : NaN };
}

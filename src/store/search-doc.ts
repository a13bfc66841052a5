/**
 * The saved hyperparameter search (`doc.search`, optional): restored defensively, so a damaged
 * part is dropped rather than handed to the UI. A search that was running when the page closed
 * comes back stopped, with its trials.
 */
import { MAX_FOLDS, MIN_FOLDS, type SearchState, type TrialScoring } from '../core/jobs';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const STRATEGIES = ['grid', 'random', 'bayes'];

function validParam(p: unknown): boolean {
  if (!isObject(p) || typeof p.key !== 'string') return false;
  if (p.kind === 'categorical') return Array.isArray(p.choices) && p.choices.every((c) => typeof c === 'string' || typeof c === 'number');
  return (p.kind === 'int' || p.kind === 'float') && typeof p.low === 'number' && typeof p.high === 'number' && typeof p.log === 'boolean';
}

function validTrial(t: unknown): boolean {
  return isObject(t) && typeof t.id === 'number' && isObject(t.point) && typeof t.status === 'string' && Array.isArray(t.rungs) && typeof t.seconds === 'number';
}

export function restoreSearch(value: unknown): SearchState | undefined {
  if (!isObject(value) || !isObject(value.settings) || !Array.isArray(value.trials)) return undefined;
  const s = value.settings;
  const budget = s.budget;
  if (typeof s.family !== 'string' || !Array.isArray(s.space) || !s.space.every(validParam) || !STRATEGIES.includes(s.strategy as string)) return undefined;
  if (!isObject(budget) || typeof budget.trials !== 'number' || typeof budget.minutes !== 'number' || typeof s.halving !== 'boolean' || typeof s.seed !== 'number') return undefined;
  const search = value as unknown as SearchState;
  const trials = search.trials.filter(validTrial).map((t) => (t.status === 'running' ? { ...t, status: 'stopped' as const } : t));
  const status = search.status === 'running' || search.status === 'paused' ? 'stopped' : search.status;
  return { ...search, settings: { ...search.settings, gridSteps: typeof s.gridSteps === 'number' ? s.gridSteps : 4, ...(s.scoreBy !== undefined ? { scoreBy: restoreScoring(s.scoreBy) } : {}) }, trials, status };
}

/** A saved trial scoring: cross-validation with k folds in range, else the validation split. */
function restoreScoring(v: unknown): TrialScoring {
  const o = v as { kind?: unknown; k?: unknown } | null;
  if (o && o.kind === 'cv' && typeof o.k === 'number' && Number.isFinite(o.k)) return { kind: 'cv', k: Math.min(MAX_FOLDS, Math.max(MIN_FOLDS, Math.round(o.k))) };
  return { kind: 'validation' };
}

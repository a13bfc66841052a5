/**
 * The search loop, independent of workers and UI: it asks the strategy for configurations,
 * evaluates up to `parallel` at once through the caller's `evaluate`, and, with successive
 * halving, runs them in brackets of rungs with growing budgets. Every change of a trial is
 * reported through `update`, so pause/stop keep what is done.
 */
import { halvingRungs, promote } from './halving';
import type { Observation, Point, SearchSpace } from './space';
import type { Strategy } from './strategies';

export interface SearchTrial {
  /** 1-based, in the order trials started. */
  id: number;
  point: Point;
  status: 'running' | 'done' | 'pruned' | 'failed' | 'stopped';
  /** Score at the largest budget it reached (higher is better). */
  score?: number;
  /** The budget of `score`; absent = the family's own (no halving). */
  budget?: number;
  rungs: { budget: number; score: number }[];
  seconds: number;
  error?: string;
}

export interface HalvingPlan {
  minBudget: number;
  maxBudget: number;
  eta: number;
}

export interface SearchPlan {
  space: SearchSpace;
  strategy: Strategy;
  /** Configurations to try at most. */
  maxTrials: number;
  /** No trial starts after this time (`hooks.now()` units, ms). */
  deadline?: number;
  parallel: number;
  halving?: HalvingPlan;
}

export interface SearchHooks {
  evaluate(point: Point, budget: number | undefined, trialId: number): Promise<{ score: number }>;
  update(trial: SearchTrial): void;
  stopped(): boolean;
  waitWhilePaused(): Promise<void>;
  now(): number;
}

/** Runs `fn` on each item with at most `parallel` at once; stops taking new items once `more()` is false. */
async function inParallel<T>(items: readonly T[], parallel: number, more: () => boolean, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length && more()) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, lane));
}

export async function runSearch(plan: SearchPlan, hooks: SearchHooks): Promise<SearchTrial[]> {
  const trials: SearchTrial[] = [];
  const observations: Observation[] = [];
  const timeLeft = () => plan.deadline === undefined || hooks.now() < plan.deadline;
  const more = () => !hooks.stopped() && timeLeft();

  /** One evaluation of a trial at a budget; false when it did not give a score. */
  async function evaluate(trial: SearchTrial, budget: number | undefined): Promise<boolean> {
    await hooks.waitWhilePaused();
    if (hooks.stopped()) return false;
    const t0 = hooks.now();
    trial.status = 'running';
    hooks.update({ ...trial });
    try {
      const { score } = await hooks.evaluate(trial.point, budget, trial.id);
      trial.seconds += (hooks.now() - t0) / 1000;
      if (hooks.stopped() && !Number.isFinite(score)) throw new Error('stopped');
      trial.score = score;
      if (budget !== undefined) {
        trial.budget = budget;
        trial.rungs.push({ budget, score });
      }
      observations.push({ point: trial.point, score, ...(budget !== undefined ? { budget } : {}) });
      return true;
    } catch (e) {
      trial.seconds += (hooks.now() - t0) / 1000;
      trial.status = hooks.stopped() ? 'stopped' : 'failed';
      trial.error = e instanceof Error ? e.message : String(e);
      hooks.update({ ...trial });
      return false;
    }
  }

  const newTrial = (): SearchTrial | undefined => {
    if (trials.length >= plan.maxTrials) return undefined;
    const point = plan.strategy.suggest(observations);
    if (!point) return undefined;
    const trial: SearchTrial = { id: trials.length + 1, point, status: 'running', rungs: [], seconds: 0 };
    trials.push(trial);
    return trial;
  };

  if (!plan.halving) {
    const lane = async () => {
      while (more()) {
        await hooks.waitWhilePaused();
        if (!more()) return;
        const trial = newTrial();
        if (!trial) return;
        if (await evaluate(trial, undefined)) {
          trial.status = 'done';
          hooks.update({ ...trial });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, plan.parallel) }, lane));
    return trials;
  }

  const { minBudget, maxBudget, eta } = plan.halving;
  let levels = 0;
  while (maxBudget / eta ** (levels + 1) >= minBudget) levels++;
  while (more() && trials.length < plan.maxTrials) {
    const size = Math.min(plan.maxTrials - trials.length, eta ** levels);
    const bracket: SearchTrial[] = [];
    for (let i = 0; i < size; i++) {
      const t = newTrial();
      if (!t) break;
      bracket.push(t);
    }
    if (bracket.length === 0) break;
    const rungs = halvingRungs(bracket.length, minBudget, maxBudget, eta);
    let alive = bracket;
    for (let r = 0; r < rungs.length && alive.length && more(); r++) {
      const { budget } = rungs[r]!;
      const scored: SearchTrial[] = [];
      await inParallel(alive, plan.parallel, more, async (t) => {
        if (await evaluate(t, budget)) scored.push(t);
      });
      const last = r === rungs.length - 1;
      const keep = last ? scored : promote(scored.map((t) => t.score ?? NaN), eta).map((i) => scored[i]!);
      for (const t of scored) {
        if (!keep.includes(t)) t.status = 'pruned';
        else if (last) t.status = 'done';
        hooks.update({ ...t });
      }
      alive = last ? [] : keep;
    }
    // Stopped or out of time between rungs: the survivors keep the score of the rung they reached.
    for (const t of alive) {
      if (t.status === 'running') {
        t.status = t.score !== undefined ? 'done' : 'stopped';
        hooks.update({ ...t });
      }
    }
    for (const t of bracket) {
      if (t.status === 'running') {
        t.status = 'stopped';
        hooks.update({ ...t });
      }
    }
  }
  return trials;
}

/** The best finished trial (highest score; a pruned one counts only when nothing finished). */
export function bestTrial(trials: readonly SearchTrial[]): SearchTrial | undefined {
  const scored = trials.filter((t) => t.score !== undefined && Number.isFinite(t.score));
  const full = scored.filter((t) => t.status === 'done');
  const pool = full.length ? full : scored;
  return pool.reduce<SearchTrial | undefined>((b, t) => (!b || t.score! > b.score! ? t : b), undefined);
}

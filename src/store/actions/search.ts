/**
 * Hyperparameter search: each trial is an ordinary `train` job on the training-worker pool (as
 * many trials at once as the pool has workers), scored on the validation split or by
 * cross-validation (`scoreTrial`); the loop
 * itself is core/search's `runSearch`. Trials go into `doc.search` as they change, so pause and
 * stop keep them; "Use best" trains the best configuration as a normal run.
 */
import { applyPoint, budgetOf, clampFoldSettings, DEFAULT_FOLD_SETTINGS, DEFAULT_TRAINING, defaultSearch, primaryMetric, type Hyperparams, type SearchSettings, type SearchState, type SearchTrial, type TrialScoring } from '../../core/jobs';
import { foldMetricValues } from '../../core/experiments/metrics';
import type { Result } from '../../core/util/result';
import { trainPool } from '../train-pool';
import { runTrainingJobs, type TrainingJob } from './experiments';
import { getModelInfo, type ModelParams } from '../../core/models/catalog';
import { bestTrial, checkSpace, makeStrategy, runSearch, type HalvingPlan } from '../../core/search';
import type { Deps, StudioStore } from '../store';
import { chosenTask } from '../selectors';
import { cleanRef, patchDoc, type ModelingContext } from './modeling-context';
import { startTraining } from './training';

/** Successive halving keeps the best third at each rung (η = 3) from a ninth of the budget. */
const ETA = 3;

export interface TrialRun {
  family: string;
  params: ModelParams;
  hp: Hyperparams;
}

const crashed = (r: Result<unknown>) => !r.ok && r.error.code === 'worker-crashed';

/** A trial whose worker died (out of memory, ended by the browser) runs once more on the fresh worker the pool got. */
async function retryCrashed<T>(run: () => Promise<Result<T>[]>, signal: AbortSignal): Promise<Result<T>[]> {
  const first = await run();
  return first.some(crashed) && !signal.aborted ? run() : first;
}

const failed = (r: Result<unknown>) => new Error(r.ok ? 'stopped' : r.error.code === 'cancelled' ? 'stopped' : r.error.message);

/**
 * Trains one configuration on the training-worker pool and returns its score (accuracy or R²):
 * on the validation split, or (`scoring.kind === 'cv'`) the mean over k cross-validation folds of
 * the training split, the folds themselves spread over the pool's free workers. Rejects when a
 * run fails, is stopped through `signal`, or there are no validation rows to score on.
 */
export async function scoreTrial(ctx: ModelingContext, run: TrialRun, signal: AbortSignal, scoring: TrialScoring = { kind: 'validation' }): Promise<{ score: number; metric: string }> {
  const { doc } = ctx.store.getState();
  const artifact = doc.features?.artifact;
  if (!cleanRef(ctx) || !artifact || !doc.features) throw new Error('The data is not encoded.');
  const backend = (doc.training ?? DEFAULT_TRAINING).backend;
  if (scoring.kind === 'cv') {
    const settings = clampFoldSettings({ ...DEFAULT_FOLD_SETTINGS, k: scoring.k, repeats: 1 }, artifact.sizes.train);
    const neural = getModelInfo(run.family)?.kind === 'neural';
    const jobs: TrainingJob[] = Array.from({ length: settings.k }, (_, index) => ({ ...run, backend, data: { kind: 'fold', job: { settings, index, validationShare: neural ? 0.15 : 0 } } }));
    const metric = primaryMetric(doc.features.spec.task).id;
    const results = await retryCrashed(() => runTrainingJobs(ctx, jobs, { signal }), signal);
    const scores = results.map((r) => {
      if (!r.ok || r.value.outcome.stoppedBy === 'user' || signal.aborted) throw failed(r);
      if (r.value.outcome.stoppedBy === 'nan') throw new Error(r.value.outcome.message ?? 'The loss became NaN.');
      const v = foldMetricValues(r.value.outcome.metrics)[metric];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`A fold has no ${metric}.`);
      return v;
    });
    return { score: scores.reduce((a, b) => a + b, 0) / scores.length, metric };
  }
  const [res] = await retryCrashed(() => runTrainingJobs(ctx, [{ ...run, backend, data: { kind: 'split' } }], { signal }), signal);
  if (!res!.ok || res!.value.outcome.stoppedBy === 'user' || signal.aborted) throw failed(res!);
  const { validation } = res!.value.outcome;
  if (!validation) throw new Error('There are no validation rows to score on.');
  return { score: validation.value, metric: validation.metric };
}

function patchSearch(ctx: ModelingContext, patch: Partial<SearchState> | ((s: SearchState) => Partial<SearchState>)) {
  const s = ctx.store.getState().doc.search;
  if (s) patchDoc(ctx, { search: { ...s, ...(typeof patch === 'function' ? patch(s) : patch) } });
}

/** The search settings for the chosen model: the saved ones when they are for its family, else its defaults. */
export function searchSettingsFor(ctx: ModelingContext): SearchSettings | undefined {
  const { model, search } = ctx.store.getState().doc;
  const fam = getModelInfo(model?.family ?? '');
  if (!fam) return undefined;
  return search && search.settings.family === fam.id ? search.settings : defaultSearch(fam);
}

export function setSearch(ctx: ModelingContext, patch: Partial<SearchSettings>) {
  const settings = searchSettingsFor(ctx);
  if (!settings) return;
  const { search } = ctx.store.getState().doc;
  if (search?.status === 'running' || search?.status === 'paused') return;
  const same = search && search.settings.family === settings.family;
  patchDoc(ctx, { search: { ...(same ? search : { status: 'idle' as const, trials: [] }), settings: { ...settings, ...patch } } });
}

export function createSearchActions(store: StudioStore, deps: Deps) {
  const ctx: ModelingContext = { store, deps };
  let control: { paused: boolean; stopped: boolean; wake: () => void; abort: AbortController } | undefined;

  async function startSearch() {
    const { doc } = store.getState();
    const settings = searchSettingsFor(ctx);
    const fam = getModelInfo(doc.model?.family ?? '');
    if (control || !settings || !fam || !doc.model || !doc.features?.artifact || !cleanRef(ctx)) return;
    const problem = checkSpace(settings.space);
    if (problem) return store.setState({ problem: { message: problem, hint: 'Change the parameters to vary in the search.' } });
    const base = { params: doc.model.params, hp: (doc.training ?? DEFAULT_TRAINING).hp };
    const full = settings.halving ? budgetOf(fam, base.params, base.hp) : undefined;
    const halving: HalvingPlan | undefined = full && full.max >= ETA ? { minBudget: Math.max(1, Math.round(full.max / ETA ** 2)), maxBudget: full.max, eta: ETA } : undefined;
    const abort = new AbortController();
    const c = { paused: false, stopped: false, wake: () => {}, abort };
    control = c;
    const metricName = chosenTask(store.getState()) === 'regression' ? 'R²' : 'accuracy';
    patchDoc(ctx, { search: { settings, base, inputsKey: doc.features.artifact.key, status: 'running', metricName, trials: [] } });
    const upsert = (t: SearchTrial) =>
      patchSearch(ctx, (s) => ({ trials: s.trials.some((x) => x.id === t.id) ? s.trials.map((x) => (x.id === t.id ? t : x)) : [...s.trials, t] }));
    try {
      await runSearch(
        {
          space: settings.space,
          strategy: makeStrategy(settings.strategy, settings.space, settings.seed, settings.gridSteps),
          maxTrials: settings.budget.kind === 'trials' ? Math.max(1, settings.budget.trials) : 100_000,
          ...(settings.budget.kind === 'minutes' ? { deadline: Date.now() + settings.budget.minutes * 60_000 } : {}),
          parallel: trainPool(deps).size,
          ...(halving ? { halving } : {}),
        },
        {
          evaluate: (point, budget) => scoreTrial(ctx, { family: fam.id, ...applyPoint(base.params, base.hp, point, budget !== undefined && full ? { key: full.key, value: budget } : undefined) }, abort.signal, settings.scoreBy),
          update: upsert,
          stopped: () => c.stopped,
          waitWhilePaused: () => (c.paused && !c.stopped ? new Promise<void>((r) => (c.wake = r)) : Promise.resolve()),
          now: () => Date.now(),
        },
      );
    } finally {
      control = undefined;
      patchSearch(ctx, { status: c.stopped ? 'stopped' : 'done' });
    }
  }

  function pauseSearch() {
    if (!control) return;
    control.paused = true;
    patchSearch(ctx, { status: 'paused' });
  }

  function resumeSearch() {
    if (!control) return;
    control.paused = false;
    control.wake();
    patchSearch(ctx, { status: 'running' });
  }

  /** Stops the trial in progress and starts no other; the trials so far stay. */
  function stopSearch() {
    if (!control) return;
    control.stopped = true;
    control.abort.abort();
    control.wake();
  }

  /** Trains the best trial's configuration (full budget) as a normal run: it joins the run history, to evaluate and export. */
  async function useBestTrial() {
    const search = store.getState().doc.search;
    const best = search && bestTrial(search.trials);
    const fam = getModelInfo(search?.settings.family ?? '');
    if (!search || !best || !fam || !search.base || store.getState().live) return;
    const { params, hp } = applyPoint(search.base.params, search.base.hp, best.point);
    const training = store.getState().doc.training ?? DEFAULT_TRAINING;
    patchDoc(ctx, { model: { family: fam.id, params }, training: { ...training, hp } });
    await startTraining(ctx);
    const run = store.getState().doc.runs?.at(-1);
    if (run) patchSearch(ctx, { bestRunId: run.id });
  }

  return {
    setSearch: (patch: Partial<SearchSettings>) => setSearch(ctx, patch),
    startSearch,
    pauseSearch,
    resumeSearch,
    stopSearch,
    useBestTrial,
  };
}

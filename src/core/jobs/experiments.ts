/**
 * Cross-validation as it crosses between the UI and the workers: the data job that builds one
 * fold's matrices (recipe and encoders refitted on the fold's training rows), and the results the
 * project keeps. The folds themselves are recomputed in the data worker from the settings
 * (core/experiments makeFolds over the training split), so only settings and a fold number travel.
 */
import type { TaskKind } from '../data/schema';
// From the files, not the core/experiments barrel: the barrel also holds the fold-refitted cleaning
// (every clean op and the stop-word lists), which would then load with every importer of core/jobs,
// the first screen included (bench/load.ts).
import type { FoldSettings } from '../experiments/folds';
import type { MetricSummary } from '../experiments/aggregate';
import { primaryMetric } from '../experiments/metrics';
import { oneStandardErrorPick, type CvPick } from '../experiments/pick';
import type { ModelParams } from '../models/types';
import type { Hyperparams } from '../train/types';

export type { FoldSettings } from '../experiments/folds';
export type { MetricSummary } from '../experiments/aggregate';
export { DEFAULT_FOLD_SETTINGS, MIN_FOLDS, MAX_FOLDS, MAX_REPEATS, clampFoldSettings } from '../experiments/folds';
export { cvMetrics, primaryMetric } from '../experiments/metrics';
export { meanSd } from '../experiments/aggregate';

/** What the data worker's `fold-data` job needs besides the table, recipe and spec. */
export interface FoldJob {
  settings: FoldSettings;
  /** Which fold: repeat × k + fold, in makeFolds order. */
  index: number;
  /**
   * Share of the fold's training rows held out as the run's validation rows (early stopping of
   * neural models); 0 = none (trees train on every training row of the fold).
   */
  validationShare: number;
}

/** What `fold-data` answers (the matrices went on the port). */
export interface FoldDataResult {
  repeat: number;
  fold: number;
  trainRows: number;
  validationRows: number;
}

/** One fold of one model: waiting, training (epochs or rounds so far), or its metrics on its validation part. */
export interface CvFold {
  repeat: number;
  fold: number;
  status: 'waiting' | 'running' | 'done' | 'failed' | 'stopped';
  /** Epochs (neural) or rounds (boosting) done, while running. */
  progress?: number;
  metrics?: Record<string, number | null>;
  seconds?: number;
  problem?: string;
}

/** One model family's part of a cross-validation. */
export interface CvModelResult {
  family: string;
  params: ModelParams;
  hp: Hyperparams;
  status: 'running' | 'done' | 'failed' | 'stopped';
  /** Per fold (makeFolds order): its metrics once done. */
  folds: CvFold[];
  /** Per metric over the finished folds. */
  summary?: Record<string, MetricSummary>;
}

/** A cross-validation, as the project keeps it (doc.experiments.cv). */
export interface CvRecord {
  id: string;
  startedAt: number;
  /** The encode artifact's key the folds were drawn for (stale when it changes). */
  inputsKey: string;
  task: TaskKind;
  settings: FoldSettings;
  status: 'running' | 'done' | 'stopped';
  models: CvModelResult[];
}

/** The model with the best mean of the primary metric over its folds (none before a fold ends). */
export function bestByCv(record: CvRecord): CvModelResult | undefined {
  const metric = primaryMetric(record.task).id;
  let best: CvModelResult | undefined;
  for (const m of record.models) {
    const v = m.summary?.[metric]?.mean;
    if (v === undefined || !Number.isFinite(v) || m.status === 'failed') continue;
    if (!best || v > best.summary![metric]!.mean) best = m;
  }
  return best;
}

/**
 * Model families from the simplest to the most flexible, for the one-standard-error pick: a linear
 * model; then trees: one tree, then ensembles ordered by how large their trees grow with default
 * settings (gradient boosting: 100 trees 3 levels deep, at most 8 leaves; histogram boosting: at most
 * 31 leaves; random forest: 100 trees up to 12 levels deep, up to 4,096 leaves); then a neural
 * network, the hardest to explain. For text: an average of word vectors, then convolutions, a
 * recurrent network, the hybrid, a Transformer, then a pretrained BERT encoder (a Transformer with millions
 * of weights it did not learn from this data). A family not listed is the least simple.
 */
export const SIMPLER_FIRST: readonly string[] = [
  'linear-regression',
  'logistic-regression',
  'decision-tree',
  'gradient-boosting',
  'hist-gradient-boosting',
  'random-forest',
  'mlp',
  'text-embedding-bag',
  'text-cnn',
  'text-rnn',
  'text-hybrid',
  'text-transformer',
  'bert-encoder',
];

export const familySimplicity = (family: string): number => {
  const i = SIMPLER_FIRST.indexOf(family);
  return i < 0 ? SIMPLER_FIRST.length : i;
};

/**
 * The studio's pick of a cross-validation (what "Use the best" chooses): by the one-standard-error
 * rule over the primary metric (core/experiments/pick.ts), among models that did not fail and have
 * a mean. `best` is the plain best mean, for the UI to show beside it.
 */
export function pickByCv(record: CvRecord): (Omit<CvPick, 'best' | 'picked'> & { best: CvModelResult; picked: CvModelResult }) | undefined {
  const metric = primaryMetric(record.task).id;
  const models = record.models.filter((m) => m.status !== 'failed' && m.summary?.[metric]);
  const pick = oneStandardErrorPick(
    models.map((m, i) => {
      const s = m.summary![metric]!;
      return { id: String(i), mean: s.mean, sd: s.sd, folds: s.values.length, rank: familySimplicity(m.family) };
    }),
  );
  if (!pick) return undefined;
  return { ...pick, best: models[Number(pick.best.id)]!, picked: models[Number(pick.picked.id)]! };
}

/** The saved state of the modeling steps (encode → model → train → evaluate → export). */
import type { FeatureSpec } from '../core/features';
import type { ModelParams } from '../core/models/catalog';
import type { BackendInfo, EncodeResult, EpochLog, FeedbackData, FeedbackMode, Hyperparams, ModelArtifact, TrainOutcome } from '../core/jobs';
import type { RowFix } from '../core/data/row-fixes';
import type { BundleContents, ReproStamp } from '../core/bundle';

export interface FeaturesState {
  spec: FeatureSpec;
  /** The encode artifact; `artifact.key` names its inputs (cleaned table + spec). */
  artifact?: EncodeResult;
}

export interface ModelChoice {
  family: string;
  params: ModelParams;
}

export interface RunRecord {
  id: string;
  number: number;
  startedAt: number;
  /** The encode artifact key the run trained on (staleness). */
  inputsKey: string;
  /** The cleaned table's recipe key the run trained on (its test rows index that table); absent in older projects. */
  recipeKey?: string;
  family: string;
  params: ModelParams;
  hp: Hyperparams;
  backend?: BackendInfo;
  epochs: EpochLog[];
  /** `interrupted`: the worker died mid-run, or the page closed (store/run-doc.ts); its finished epochs are kept. */
  status: 'running' | 'paused' | 'done' | 'failed' | 'interrupted';
  problem?: string;
  /** A neural run's last checkpoint (its weights are in store/checkpoints.ts, not here): what "Resume" goes on after. Dropped once the run has a model. */
  checkpoint?: { epoch: number };
  /** Something that happened to the run on the way, said beside it (a GPU lost, continued on WebAssembly). */
  notice?: string;
  /** Trained with its rows reweighed by these columns' groups (fairness mitigation). */
  reweighed?: string[];
  outcome?: Omit<TrainOutcome, 'model' | 'testPredictions' | 'metrics' | 'backend'>;
  metrics?: TrainOutcome['metrics'];
  model?: ModelArtifact;
  /** What the run trained on and with (data and recipe hashes, seed, backend); absent for runs before stamps. */
  stamp?: ReproStamp;
  /** A run retrained with the feedback dataset (store/actions/feedback.ts). */
  feedback?: { baseRunId: string; rows: number; used: number; skipped: number; weight: number; mode?: FeedbackMode; furtherEpochs?: number };
  /** A run retrained with label fixes of training rows (store/actions/fixes.ts). */
  fixes?: { baseRunId: string; removed: number; relabelled: number };
  /**
   * What a feedback or label-fix run trains on besides the project's data, as it was when the run
   * started: a resume (also after a reload) rebuilds the same training job from it, whatever the
   * project's feedback rows or fixes are by then. Dropped with the checkpoint once the run ends.
   */
  job?: RunJob;
  /** A run that re-ran an earlier run or an imported bundle (store/actions/reproduce.ts): what it found. */
  reproduction?: Reproduction;
  /** Test split: cleaned-table row indices, true targets, predictions (n × K or n). */
  test?: { rows: Uint32Array; y: Float32Array; predictions: Float32Array };
}

/** The extra training data of a run (store/run-job.ts): the feedback rows and the label fixes of its training job. */
export interface RunJob {
  feedback?: FeedbackData;
  fixes?: RowFix[];
}

/** A stable empty list for selectors (a fresh [] each call would re-render forever). */
export const NO_RUNS: RunRecord[] = [];

/** Keep every run's settings and curves; model weights and test predictions only for the latest few. */
export const RUNS_WITH_ARTIFACTS = 5;

export interface ImportedModel {
  fileName: string;
  contents: BundleContents;
}

/** The outcome of "Reproduce": same data, same metrics? */
export interface Reproduction {
  /** What was reproduced: a run number, or a bundle's file name. */
  of: string;
  dataMatches: boolean;
  recipeMatches: boolean;
  metrics: 'exact' | 'within' | 'differ';
  /** The largest absolute difference over the metric numbers, and the tolerance allowed. */
  maxDiff: number;
  tolerance: number;
}

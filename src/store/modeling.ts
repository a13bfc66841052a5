/** The saved state of the modeling steps (encode → model → train → evaluate → export). */
import type { FeatureSpec } from '../core/features';
import type { ModelParams } from '../core/models/catalog';
import type { BackendInfo, EncodeResult, EpochLog, Hyperparams, ModelArtifact, TrainOutcome } from '../core/jobs';
import type { BundleContents } from '../core/bundle';

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
  family: string;
  params: ModelParams;
  hp: Hyperparams;
  backend?: BackendInfo;
  epochs: EpochLog[];
  status: 'running' | 'paused' | 'done' | 'failed';
  problem?: string;
  /** Trained with its rows reweighed by these columns' groups (fairness mitigation). */
  reweighed?: string[];
  outcome?: Omit<TrainOutcome, 'model' | 'testPredictions' | 'metrics' | 'backend'>;
  metrics?: TrainOutcome['metrics'];
  model?: ModelArtifact;
  /** Test split: cleaned-table row indices, true targets, predictions (n × K or n). */
  test?: { rows: Uint32Array; y: Float32Array; predictions: Float32Array };
}

/** A stable empty list for selectors (a fresh [] each call would re-render forever). */
export const NO_RUNS: RunRecord[] = [];

/** Keep every run's settings and curves; model weights and test predictions only for the latest few. */
export const RUNS_WITH_ARTIFACTS = 5;

export interface ImportedModel {
  fileName: string;
  contents: BundleContents;
}

/**
 * Cross-validation's data job (`fold-data`, the sibling of `training-data`): one fold's matrices,
 * with the clean recipe's fitted steps and the encoders fitted again on the fold's training rows
 * only, sent on the job's port straight to the training worker (transferred).
 */
import type { ColumnSchema } from '../core/data/schema';
import type { Table } from '../core/data/table';
import { encodeRows, encodeTarget, fitEncoders, splitForSpec, type FeatureSpec, type FittedEncoders } from '../core/features';
import type { Recipe } from '../core/clean/recipe';
import { clampFoldSettings, cleanedRowSources, makeFolds, quantileBins, refitRecipeOnRows } from '../core/experiments';
import { createRng, shuffledIndices } from '../core/util/rng';
import { problem, type Problem } from '../core/util/result';
import type { EncodedSplit, FoldDataResult, FoldJob, PortedData, TrainData } from '../core/jobs';
import { balanced } from './encode-jobs';

export interface FoldInputs {
  raw: Table;
  rawSchema: ColumnSchema[];
  /** The recipe as the clean step left it (with its fitted statistics). */
  recipe: Recipe;
  /** The cleaned table the encode step split (the folds are drawn from its training rows). */
  cleaned: Table;
  spec: FeatureSpec;
  /** The encode step's encoders: only their class list is used (the same class ids in every fold). */
  fitted: FittedEncoders;
}

export class FoldProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** The fold's rows in the cleaned table: training (minus the held-out validation share), validation share, scored part. */
export function foldRows(inputs: Pick<FoldInputs, 'cleaned' | 'spec' | 'fitted'>, job: FoldJob) {
  const split = splitForSpec(inputs.cleaned, inputs.spec);
  if (!split.ok) throw new FoldProblem(split.error);
  const pool = split.value.train;
  // Classification: stratified by class; regression: by quantile bins of the target.
  const target = encodeTarget(inputs.cleaned, inputs.fitted, pool);
  const classes = inputs.fitted.target.kind === 'classification' ? target : quantileBins(target, clampFoldSettings(job.settings, pool.length).k);
  const folds = makeFolds(pool.length, job.settings, classes);
  const f = folds[job.index];
  if (!f) throw new FoldProblem(problem(`There is no fold ${job.index + 1} of ${folds.length}.`, 'Start the cross-validation again.'));
  const train = f.train.map((p) => pool[p]!);
  const scored = f.validation.map((p) => pool[p]!);
  const hold = Math.round(train.length * Math.max(0, Math.min(0.5, job.validationShare)));
  const order = shuffledIndices(train.length, createRng(job.settings.seed + 31 * job.index + 1));
  const inner = Uint32Array.from(order.subarray(0, hold), (i) => train[i]!).sort();
  const fit = Uint32Array.from(order.subarray(hold), (i) => train[i]!).sort();
  return { repeat: f.repeat, fold: f.fold, train, fit, inner, scored };
}

/** One fold's matrices: the recipe's statistics and the encoders learned from the fold's training rows. */
export async function foldData(inputs: FoldInputs, job: FoldJob): Promise<{ data: TrainData; result: FoldDataResult; recipe: Recipe; fitted: FittedEncoders }> {
  const rows = foldRows(inputs, job);
  const sources = cleanedRowSources(inputs.raw, inputs.rawSchema, inputs.recipe);
  if (!sources || sources.length !== inputs.cleaned.rowCount) {
    throw new FoldProblem(problem('The cleaning steps could not be replayed for cross-validation.', 'Run the Clean step again, then cross-validate.'));
  }
  const clean = refitRecipeOnRows(inputs.raw, inputs.rawSchema, inputs.recipe, sources, rows.train);
  // Encoders (scaling, categories, tokenizer, TF-IDF) from the rows the fold's model trains on;
  // classification keeps the encode step's class list, so class ids mean the same in every fold.
  const own = fitEncoders(clean.table, clean.schema, inputs.spec, rows.fit);
  const fitted: FittedEncoders = inputs.fitted.target.kind === 'classification' ? { ...own, target: inputs.fitted.target } : own;
  const part = (r: Uint32Array): EncodedSplit => {
    const enc = encodeRows(clean.table, fitted, r);
    const y = encodeTarget(clean.table, fitted, r);
    return { x: enc.x, y: y instanceof Float32Array ? y : Float32Array.from(y), n: enc.n };
  };
  const train = await balanced(clean.table, inputs.spec, fitted, rows.fit, part(rows.fit));
  const data: TrainData = {
    features: fitted.featureNames.length,
    classes: fitted.target.kind === 'classification' ? fitted.target.classes.length : 1,
    task: fitted.task,
    ...(fitted.target.kind === 'classification' ? { labels: fitted.target.classes } : {}),
    ...(fitted.text?.representation === 'tokens' ? { vocabSize: fitted.text.vocabSize } : {}),
    train,
    validation: part(rows.inner),
    test: part(rows.scored),
  };
  return { data, result: { repeat: rows.repeat, fold: rows.fold, trainRows: rows.fit.length, validationRows: rows.scored.length }, recipe: clean.recipe, fitted };
}

/** Builds the fold and posts it on `port` (or why it could not be built, so the training job ends too). */
export async function foldToPort(port: MessagePort, build: () => Promise<{ data: TrainData; result: FoldDataResult }>): Promise<FoldDataResult> {
  try {
    const { data, result } = await build();
    const buffers = [data.train, data.validation, data.test].flatMap((p) => [p.x.buffer, p.y.buffer]) as ArrayBuffer[];
    port.postMessage({ ok: true, data } satisfies PortedData, buffers);
    return result;
  } catch (e) {
    const p = e instanceof FoldProblem ? e.problem : problem('The fold could not be built.', `Details for a bug report: ${e instanceof Error ? e.message : String(e)}`);
    port.postMessage({ ok: false, problem: p } satisfies PortedData);
    throw e instanceof FoldProblem ? e : new FoldProblem(p);
  } finally {
    port.close();
  }
}

/**
 * The feedback dataset: predictions marked wrong with the right label (and, later, labelled rows
 * of batch files), kept in `doc.feedback`; "Retrain with feedback" trains the base run's model
 * again on the training split plus these rows (each repeated `weight` times), on the same
 * validation and test splits, so old and new metrics compare fairly.
 */
import { DEFAULT_FEEDBACK_WEIGHT, feedbackWeight, MAX_FEEDBACK_ROWS, type FeedbackDoc, type FeedbackMode, type FeedbackRow } from '../../core/jobs';
import { getModelInfo } from '../../core/models/catalog';
import { RUNS_WITH_ARTIFACTS, type RunRecord } from '../modeling';
import { effectiveType } from '../../core/data/schema';
import type { Result } from '../../core/util/result';
import type { ModelingContext } from './modeling-context';
import { startTraining } from './training';
import { runMatchesEncoders, type Prediction } from './bundle';

const NO_FEEDBACK: FeedbackDoc = { rows: [], weight: DEFAULT_FEEDBACK_WEIGHT };

export type NewFeedbackRow = Omit<FeedbackRow, 'id' | 'addedAt'>;

function patchFeedback(ctx: ModelingContext, f: (fb: FeedbackDoc) => FeedbackDoc) {
  ctx.store.setState((s) => ({ doc: { ...s.doc, feedback: f(s.doc.feedback ?? NO_FEEDBACK) } }));
}

/** Appends rows (a correction from a prediction view, or the labelled rows of a batch file). */
export function addFeedback(ctx: ModelingContext, rows: NewFeedbackRow[]): number {
  const room = MAX_FEEDBACK_ROWS - (ctx.store.getState().doc.feedback?.rows.length ?? 0);
  const added = rows.slice(0, Math.max(0, room)).map((r) => ({ ...r, record: { ...r.record }, id: ctx.deps.newId(), addedAt: Date.now() }));
  if (added.length) patchFeedback(ctx, (fb) => ({ ...fb, rows: [...fb.rows, ...added] }));
  return added.length;
}

export function removeFeedback(ctx: ModelingContext, id: string) {
  patchFeedback(ctx, (fb) => ({ ...fb, rows: fb.rows.filter((r) => r.id !== id) }));
}

export function clearFeedback(ctx: ModelingContext) {
  ctx.store.setState((s) => ({ doc: { ...s.doc, feedback: undefined } }));
}

export function setFeedbackWeight(ctx: ModelingContext, weight: number) {
  patchFeedback(ctx, (fb) => ({ ...fb, weight: feedbackWeight(weight) }));
}

/** Why a run cannot be continued (undefined when it can): tree families fit in one go, and only the last runs keep their weights. */
export function cannotContinue(run: RunRecord): string | undefined {
  if (getModelInfo(run.family)?.kind !== 'neural') return `${getModelInfo(run.family)?.label ?? run.family} is fitted in one go, so it can only be trained again from scratch.`;
  if (run.model?.type !== 'tfjs') return `Run #${run.number}’s weights are no longer kept (only the last ${RUNS_WITH_ARTIFACTS} runs keep them).`;
  return undefined;
}

export interface RetrainChoice {
  mode: FeedbackMode;
  /** `continue`: how many more epochs to train (0 keeps the base model as it is). */
  furtherEpochs?: number;
}

/**
 * Trains the base run's family, parameters, settings and backend again, with the feedback rows
 * added to its training split: from scratch (`restart`), or from the base run's weights for
 * `furtherEpochs` more epochs (`continue`; same encoders required, since the weights read the
 * encoded columns in their order).
 */
export async function retrainWithFeedback(ctx: ModelingContext, baseRunId: string, choice: RetrainChoice = { mode: 'restart' }): Promise<string | undefined> {
  const { doc } = ctx.store.getState();
  const base = doc.runs?.find((r) => r.id === baseRunId);
  const fb = doc.feedback;
  if (!base || !fb || fb.rows.length === 0) return undefined;
  if (!runMatchesEncoders(base, doc)) {
    ctx.store.setState({
      problem:
        choice.mode === 'continue'
          ? { message: 'Cannot continue: the encoded features changed since this run was trained, so its weights would read the wrong columns.', hint: 'Restart from scratch, or go back to the encode settings this run used.' }
          : { message: 'This run was trained with other encode settings than the current ones.', hint: 'Choose a run trained with the current settings.' },
    });
    return undefined;
  }
  const why = choice.mode === 'continue' ? cannotContinue(base) : undefined;
  if (why) {
    ctx.store.setState({ problem: { message: `Cannot continue: ${why}`, hint: 'Restart from scratch instead.' } });
    return undefined;
  }
  const further = Math.max(0, Math.round(choice.furtherEpochs ?? base.hp.epochs));
  const cont = choice.mode === 'continue' && base.model?.type === 'tfjs' ? { modelJson: base.model.modelJson, weights: base.model.weights } : undefined;
  return startTraining(ctx, {
    family: base.family,
    params: base.params,
    hp: cont ? { ...base.hp, epochs: further } : base.hp,
    ...(cont ? { init: cont } : {}),
    ...(base.backend ? { backend: base.backend.name } : {}),
    feedback: {
      records: fb.rows.map((r) => r.record),
      labels: fb.rows.map((r) => r.label),
      rawSchema: doc.schema.map((c) => ({ name: c.name, inferred: effectiveType(c) })),
      recipe: doc.recipe,
      weight: fb.weight,
    },
    record: { feedback: { baseRunId, rows: fb.rows.length, weight: fb.weight, used: 0, skipped: 0, mode: cont ? 'continue' : 'restart', ...(cont ? { furtherEpochs: further } : {}) } },
  });
}

/** How a run does on the feedback rows: what it predicts for each, and the share right (classification) or the mean absolute error. */
export interface FeedbackScore {
  predicted: string[];
  right: boolean[];
  /** Classification: share of rows predicted as their given label. Regression: mean absolute error. */
  score: number;
}

export async function scoreFeedback(
  ctx: ModelingContext,
  runId: string,
  predict: (records: Record<string, string>[], source: { runId: string }) => Promise<Result<Prediction[]>>,
): Promise<Result<FeedbackScore>> {
  const rows = ctx.store.getState().doc.feedback?.rows ?? [];
  const res = await predict(
    rows.map((r) => r.record),
    { runId },
  );
  if (!res.ok) return res;
  const predicted = res.value.map((p) => (p.task === 'classification' ? p.classes!.reduce((a, b) => (b.probability > a.probability ? b : a)).label : String(p.value)));
  if (res.value[0]?.task === 'regression') {
    // Rows whose label is not a number were not trained on either: they do not count.
    const errs = res.value.map((p, i) => (rows[i]!.label.trim() === '' ? NaN : Math.abs((p.value ?? NaN) - Number(rows[i]!.label))));
    const counted = errs.filter((e) => Number.isFinite(e));
    return { ok: true, value: { predicted, right: errs.map((e) => e < 1e-9), score: counted.length ? counted.reduce((a, b) => a + b, 0) / counted.length : NaN } };
  }
  const right = predicted.map((p, i) => p === rows[i]!.label);
  return { ok: true, value: { predicted, right, score: right.filter(Boolean).length / Math.max(1, right.length) } };
}

/**
 * A feedback or label-fix run's job description (`RunRecord.job`): the feedback rows and label
 * fixes its training job was given. It is saved with the run while the run may still resume, so a
 * resume after a worker's death or a reload trains on the run's own data, not on the project's
 * feedback or fixes as they are by then; it is restored defensively (a damaged job is dropped
 * whole: training on part of it would not be the same run).
 */
import type { FeedbackData } from '../core/jobs';
import type { RowFix } from '../core/data/row-fixes';
import type { RunJob } from './modeling';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The job to keep with a run started with `feedback` and/or `fixes`; undefined for a plain run. */
export function runJobOf(feedback: FeedbackData | undefined, fixes: RowFix[] | undefined): RunJob | undefined {
  if (!feedback && !fixes?.length) return undefined;
  return { ...(feedback ? { feedback } : {}), ...(fixes?.length ? { fixes } : {}) };
}

function restoreFeedbackData(v: unknown): FeedbackData | undefined {
  if (!isObject(v) || !Array.isArray(v.records) || !Array.isArray(v.labels) || v.records.length !== v.labels.length) return undefined;
  if (!v.labels.every((l) => typeof l === 'string') || !v.records.every(isObject)) return undefined;
  if (!Array.isArray(v.rawSchema) || !v.rawSchema.every((c) => isObject(c) && typeof c.name === 'string' && typeof c.inferred === 'string')) return undefined;
  const recipe = v.recipe;
  if (!isObject(recipe) || !Array.isArray(recipe.steps) || !recipe.steps.every((st) => isObject(st) && typeof st.id === 'string' && typeof st.op === 'string')) return undefined;
  if (typeof v.weight !== 'number' || !Number.isInteger(v.weight) || v.weight < 1) return undefined;
  // Null-prototype, string cells only: column names come from the user's file (one may be "__proto__").
  const records = (v.records as Record<string, unknown>[]).map((r) => {
    const rec = Object.create(null) as Record<string, string>;
    for (const [k, cell] of Object.entries(r)) if (typeof cell === 'string') rec[k] = cell;
    return rec;
  });
  return { records, labels: v.labels as string[], rawSchema: v.rawSchema as FeedbackData['rawSchema'], recipe: recipe as unknown as FeedbackData['recipe'], weight: v.weight };
}

function restoreFixes(v: unknown): RowFix[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: RowFix[] = [];
  for (const f of v) {
    if (!isObject(f) || !Number.isInteger(f.row) || (f.row as number) < 0) return undefined;
    if (f.remove === true) out.push({ row: f.row as number, remove: true });
    else if (typeof f.label === 'string') out.push({ row: f.row as number, label: f.label });
    else return undefined;
  }
  return out;
}

/** A saved `job` → a valid RunJob, or undefined to drop it. */
export function restoreRunJob(v: unknown): RunJob | undefined {
  if (!isObject(v) || (v.feedback === undefined && v.fixes === undefined)) return undefined;
  const feedback = v.feedback === undefined ? undefined : restoreFeedbackData(v.feedback);
  const fixes = v.fixes === undefined ? undefined : restoreFixes(v.fixes);
  if ((v.feedback !== undefined && !feedback) || (v.fixes !== undefined && !fixes)) return undefined;
  return runJobOf(feedback, fixes);
}

/** The saved runs with their jobs restored (a damaged one dropped). */
export function restoreRunJobs<R extends { job?: unknown }>(runs: R[]): R[] {
  return runs.map((r) => {
    if (r.job === undefined) return r;
    const job = restoreRunJob(r.job);
    if (job) return { ...r, job };
    const { job: _j, ...rest } = r;
    return rest as R;
  });
}

/** Whether a run needs a job to train again as it did (it was given feedback rows or label fixes). */
export const needsJob = (run: { feedback?: unknown; fixes?: unknown }) => run.feedback !== undefined || run.fixes !== undefined;

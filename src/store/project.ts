/**
 * The saved project document: small, JSON-only, versioned (architecture rule 9).
 * Table bytes are not in here: the data worker stores them in IndexedDB under `dataset.datasetId`.
 */
import type { ColumnSchema, TaskKind } from '../core/data/schema';
import type { IngestOptions, IngestReport } from '../core/data/ingest';
import type { DatasetProfile } from '../core/data/profile';
import type { Recipe } from '../core/clean/recipe';
import type { CleanResult, SearchState, TrainingSettings } from '../core/jobs';
import { STEP_IDS, type StepId } from './pipeline';
import type { FeaturesState, ImportedModel, ModelChoice, RunRecord } from './modeling';
import type { LmDoc } from './lm-doc';
import { restoreS2sDoc, type S2sDoc } from './seq2seq-doc';
import type { FeedbackDoc } from '../core/jobs';
import { restoreFeedback } from './feedback-doc';
import { restoreRunJobs } from './run-job';
import { restoreCv, type CvDoc } from './cv-doc';
import { restoreBatchDoc, type BatchDoc } from './batch-doc';
import { restoreFairness, type FairnessDoc } from './fairness-doc';
import { restoreChallenge, type ChallengeDoc } from './challenge-doc';
import { restoreRowFixes, type RowFixes } from '../core/data/row-fixes';
import { restoreSearch } from './search-doc';
import { settleRuns } from './run-doc';
import { restoreUploadNote, type UploadNote } from './upload-doc';

export const PROJECT_FORMAT = 'ml-studio-project';
export const PROJECT_VERSION = 1;

export interface DatasetRef {
  datasetId: string;
  fileName: string;
  options: IngestOptions;
  report: IngestReport;
  rawProfile: DatasetProfile;
  inferredSchema: ColumnSchema[];
}

export interface TargetChoice {
  column: string;
  /** The user's choice when they overrode the proposed task. */
  taskOverride?: TaskKind;
}

export interface ProjectDoc {
  format: typeof PROJECT_FORMAT;
  version: typeof PROJECT_VERSION;
  createdAt: number;
  step: StepId;
  dataset?: DatasetRef;
  /** Column types with the user's overrides (raw columns, before cleaning). */
  schema: ColumnSchema[];
  target?: TargetChoice;
  recipe: Recipe;
  /** The clean step's artifact; `recipeKey` says which inputs it was computed from. */
  clean?: CleanResult;
  features?: FeaturesState;
  model?: ModelChoice;
  training?: TrainingSettings;
  runs?: RunRecord[];
  /** A model loaded from a bundle file, for predictions. */
  imported?: ImportedModel;
  /** The language-model view (its own corpus, model and run; independent of the pipeline). */
  lm?: LmDoc;
  /** Predictions marked wrong, with the right label (store/actions/feedback.ts). */
  feedback?: FeedbackDoc;
  /** Cross-validation settings and results (store/cv-doc.ts). */
  cv?: CvDoc;
  /** Batch prediction: training-data summaries for drift reports (store/batch-doc.ts). */
  batch?: BatchDoc;
  /** The Evaluate step's fairness audits (sensitive columns, swap list, results). */
  fairness?: FairnessDoc;
  /** The classroom challenge's teacher key and leaderboard. */
  challenge?: ChallengeDoc;
  /** Label fixes of training rows (the fix-and-retrain loop, store/actions/fixes.ts). */
  fixes?: RowFixes;
  /** The hyperparameter search (settings and trials); see search-doc.ts. */
  search?: SearchState;
  /** The sequence-to-sequence view (store/seq2seq-doc.ts). */
  seq2seq?: S2sDoc;
  /** A file being read right now (upload-doc.ts): found on restore, the upload was cut off. */
  upload?: UploadNote;
}

export const emptyRecipe = (): Recipe => ({ format: 'ml-studio-recipe', version: 1, steps: [] });

export function newProject(now = Date.now()): ProjectDoc {
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, createdAt: now, step: 'upload', schema: [], recipe: emptyRecipe() };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** Optional parts that are objects; one of another shape (a damaged record) is dropped. */
const OBJECT_PARTS = ['dataset', 'target', 'clean', 'features', 'model', 'training', 'imported', 'lm'] as const;

/**
 * Lenient import of a saved document: anything unknown starts a new project rather than crash, and
 * a damaged optional part is dropped rather than handed to the steps (fuzzed in project-fuzz.test).
 */
export function restoreProject(value: unknown): ProjectDoc | undefined {
  if (!isObject(value)) return undefined;
  const doc = value as Partial<ProjectDoc>;
  if (doc.format !== PROJECT_FORMAT || doc.version !== PROJECT_VERSION) return undefined;
  if (!Array.isArray(doc.schema) || !isObject(doc.recipe) || !Array.isArray(doc.recipe.steps)) return undefined;
  if (!doc.schema.every((c) => isObject(c) && typeof c.name === 'string')) return undefined;
  if (!doc.recipe.steps.every((st) => isObject(st) && typeof st.id === 'string' && typeof st.op === 'string')) return undefined;
  const out: Record<string, unknown> = { ...newProject(typeof doc.createdAt === 'number' ? doc.createdAt : undefined), ...doc };
  if (!(STEP_IDS as readonly unknown[]).includes(out.step)) out.step = 'upload';
  for (const part of OBJECT_PARTS) if (out[part] !== undefined && !isObject(out[part])) delete out[part];
  if (out.runs !== undefined && !(Array.isArray(out.runs) && out.runs.every(isObject))) delete out.runs;
  if (out.runs !== undefined) out.runs = settleRuns(restoreRunJobs(out.runs as RunRecord[]));
  if (out.upload !== undefined && !(out.upload = restoreUploadNote(out.upload))) delete out.upload;
  const dataset = out.dataset as Record<string, unknown> | undefined;
  if (dataset && (typeof dataset.datasetId !== 'string' || typeof dataset.fileName !== 'string')) delete out.dataset;
  if (out.feedback !== undefined && !(out.feedback = restoreFeedback(out.feedback))) delete out.feedback;
  if (out.search !== undefined) out.search = restoreSearch(out.search);
  if (out.search === undefined) delete out.search;
  const target = out.target as Record<string, unknown> | undefined;
  if (target && typeof target.column !== 'string') delete out.target;
  const cv = restoreCv(out.cv);
  if (cv) out.cv = cv;
  else delete out.cv;
  if (out.batch !== undefined) out.batch = restoreBatchDoc(out.batch);
  if (out.fairness !== undefined) out.fairness = restoreFairness(out.fairness);
  if (out.fairness === undefined) delete out.fairness;
  if (out.challenge !== undefined) out.challenge = restoreChallenge(out.challenge);
  if (out.challenge === undefined) delete out.challenge;
  if (out.seq2seq !== undefined && !(out.seq2seq = restoreS2sDoc(out.seq2seq))) delete out.seq2seq;
  if (out.fixes !== undefined && !(out.fixes = restoreRowFixes(out.fixes))) delete out.fixes;
  return out as unknown as ProjectDoc;
}

/** One upgrade step: `PROJECT_MIGRATIONS[v]` turns a version-v document into a version v+1 one. */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Version 1 is the first saved format, so there is nothing to upgrade yet; a format change adds `1: (doc) => …`. */
export const PROJECT_MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** Runs the migrations from `from` up to `to`, one version at a time and in order; throws when one is missing. */
export function migrateProject(doc: Record<string, unknown>, from: number, migrations: Readonly<Record<number, Migration>>, to = PROJECT_VERSION): Record<string, unknown> {
  let out = doc;
  for (let v = from; v < to; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`there is no upgrade from project version ${v}`);
    out = { ...step(out), version: v + 1 };
  }
  return out;
}

/** The saved record read back: nothing saved, a project (migrated if old), or why it could not be restored. */
export type SavedProject = { ok: true; doc?: ProjectDoc } | { ok: false; reason: string };

export function readSavedProject(value: unknown, migrations: Readonly<Record<number, Migration>> = PROJECT_MIGRATIONS): SavedProject {
  if (value === undefined) return { ok: true };
  if (!isObject(value) || value.format !== PROJECT_FORMAT) return { ok: false, reason: 'The saved record is damaged: it is not an ML Studio project document.' };
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return { ok: false, reason: 'The saved project is damaged: its version number is missing or invalid.' };
  if (version > PROJECT_VERSION) {
    return { ok: false, reason: `It was saved by a newer version of ML Studio (project version ${version}; this version reads up to ${PROJECT_VERSION}).` };
  }
  let migrated: Record<string, unknown>;
  try {
    migrated = migrateProject(value, version, migrations);
  } catch (e) {
    return { ok: false, reason: `It is an old project (version ${version}) that could not be upgraded: ${e instanceof Error ? e.message : String(e)}.` };
  }
  const doc = restoreProject(migrated);
  return doc ? { ok: true, doc } : { ok: false, reason: 'The saved project is damaged: parts of it are missing or malformed.' };
}

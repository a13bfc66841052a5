/**
 * The saved project document: small, JSON-only, versioned (architecture rule 9).
 * Table bytes are not in here: the data worker stores them in IndexedDB under `dataset.datasetId`.
 */
import type { ColumnSchema, TaskKind } from '../core/data/schema';
import type { IngestOptions, IngestReport } from '../core/data/ingest';
import type { DatasetProfile } from '../core/data/profile';
import type { Recipe } from '../core/clean/recipe';
import type { CleanResult, TrainingSettings } from '../core/jobs';
import { STEP_IDS, type StepId } from './pipeline';
import type { FeaturesState, ImportedModel, ModelChoice, RunRecord } from './modeling';
import type { LmDoc } from './lm-doc';

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
  const dataset = out.dataset as Record<string, unknown> | undefined;
  if (dataset && (typeof dataset.datasetId !== 'string' || typeof dataset.fileName !== 'string')) delete out.dataset;
  const target = out.target as Record<string, unknown> | undefined;
  if (target && typeof target.column !== 'string') delete out.target;
  return out as unknown as ProjectDoc;
}

/**
 * The bundle: one `.zip` that carries a trained model and everything needed to reproduce its
 * predictions on new raw data (cleaning recipe, fitted encoders, class names), plus a README.
 * The layout is described for people in docs/bundle-format.md; keep the two in step.
 */
import type { ColumnType, TaskKind } from '../data/schema';
import type { ReproStamp } from './stamp';

export const BUNDLE_FORMAT = 'ml-studio-bundle';
/** Bump only together with a migration in migrate.ts and a new golden file in fixtures/. */
export const BUNDLE_VERSION = 1;

/** What kind of data the model was trained on. Only tabular today. */
export type BundleKind = 'tabular';

/** The two ways a model is stored: a tfjs LayersModel folder, or one JSON file for tree models. */
export type ModelFormat = 'tfjs-layers' | 'tree-json';

/** Where each part lives inside the zip. Readers follow these paths, so a migration may move files. */
export interface BundleEntries {
  /** `model/model.json` (tfjs) or `model/tree.json` (tree). */
  model: string;
  /** `model/weights.bin`; tfjs only. */
  weights?: string;
  recipe: string;
  schema: string;
  features: string;
  labels: string;
  metrics: string;
  training: string;
  readme: string;
  /** `stamp.json`, the reproducibility stamp (see stamp.ts). Optional: bundles written before it have none. */
  stamp?: string;
}

/** `manifest.json`, the first thing a reader looks at. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  /** ISO 8601 timestamp of the export. */
  createdAt: string;
  kind: BundleKind;
  task: TaskKind;
  /** The model registry id that trained it, e.g. `mlp`, `random-forest`. */
  modelFamily: string;
  modelFormat: ModelFormat;
  entries: BundleEntries;
}

/** The fixed v1 layout. */
export const V1_PATHS = {
  manifest: 'manifest.json',
  tfjsModel: 'model/model.json',
  tfjsWeights: 'model/weights.bin',
  treeModel: 'model/tree.json',
  recipe: 'recipe.json',
  schema: 'schema.json',
  features: 'features.json',
  labels: 'labels.json',
  metrics: 'metrics.json',
  training: 'training.json',
  readme: 'README.md',
  stamp: 'stamp.json',
} as const;

/** The only weight file name in a tfjs model.json written by the studio (relative to model/). */
export const TFJS_WEIGHTS_FILE = 'weights.bin';

/**
 * A tfjs LayersModel in the on-disk layout: `modelJson` is model.json (format, modelTopology,
 * weightsManifest with paths ['weights.bin'], …) and `weights` the bytes of weights.bin, tightly
 * packed little-endian float32/int32 in manifest order.
 */
export interface TfjsModelPart {
  type: 'tfjs';
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

/** A tree model (CART, random forest) as the JSON its library exports. */
export interface TreeModelPart {
  type: 'tree';
  json: unknown;
}

export type ModelPart = TfjsModelPart | TreeModelPart;

/** One raw column as it was in the uploaded file, before cleaning. */
export interface BundleColumn {
  name: string;
  type: ColumnType;
}

/** The facts of the manifest that the exporter chooses; the rest is derived. */
export interface BundleMeta {
  createdAt: string;
  kind: BundleKind;
  task: TaskKind;
  modelFamily: string;
}

/** Everything in a bundle, in memory. `writeBundle` and `readBundle` go between this and bytes. */
export interface BundleContents {
  meta: BundleMeta;
  model: ModelPart;
  /** The cleaning recipe with fitted statistics (`{ format: 'ml-studio-recipe', version, steps }`). */
  recipe: unknown;
  /** Columns before cleaning, so an importer can check a new file has the same shape. */
  rawSchema: BundleColumn[];
  /** The fitted encoders (scalers, one-hot vocabularies, label map) as JSON. */
  features: unknown;
  /** Class names in output order (classification); empty for regression. */
  labels: string[];
  /** Metrics on the test split, as JSON. */
  metrics: unknown;
  /** Training settings and the seed, as JSON (`{ seed, … }`). */
  training: unknown;
  /** README.md: the model card (see model-card.ts). */
  modelCard: string;
  /** stamp.json: studio version, seed, data and recipe hashes, backend, date (optional). */
  stamp?: ReproStamp;
}

/** The manifest `writeBundle` writes for these contents. */
export function manifestFor(contents: BundleContents): BundleManifest {
  const isTfjs = contents.model.type === 'tfjs';
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: contents.meta.createdAt,
    kind: contents.meta.kind,
    task: contents.meta.task,
    modelFamily: contents.meta.modelFamily,
    modelFormat: isTfjs ? 'tfjs-layers' : 'tree-json',
    entries: {
      model: isTfjs ? V1_PATHS.tfjsModel : V1_PATHS.treeModel,
      ...(isTfjs ? { weights: V1_PATHS.tfjsWeights } : {}),
      recipe: V1_PATHS.recipe,
      schema: V1_PATHS.schema,
      features: V1_PATHS.features,
      labels: V1_PATHS.labels,
      metrics: V1_PATHS.metrics,
      training: V1_PATHS.training,
      readme: V1_PATHS.readme,
      ...(contents.stamp ? { stamp: V1_PATHS.stamp } : {}),
    },
  };
}

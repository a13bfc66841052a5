/**
 * Shape guards for the manifest and each part. The reader uses them to refuse bad bundles with a
 * message; the writer runs the same guards and throws, so whatever is written can be read back
 * (strict export, strict import).
 */
import { COLUMN_TYPES, type ColumnType } from '../data/schema';
import { err, ok, type Problem, type Result } from '../util/result';
import type { BundleColumn, BundleContents, BundleEntries, BundleManifest } from './format';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './format';
import { findForbiddenKey, isPlainObject, isStringArray } from './json';
import { checkTfjsModelJson } from './tfjs-manifest';
import { isUnsafeName } from './zip';
import { parseStamp } from './stamp';

const REEXPORT = 'Export the model again from the studio that trained it; do not edit the files inside the .zip.';

export const badPart = (file: string, what: string): Problem => ({
  message: `“${file}” in the bundle ${what}`,
  hint: REEXPORT,
  code: 'bundle-bad-part',
});

const REQUIRED_ENTRIES = ['model', 'recipe', 'schema', 'features', 'labels', 'metrics', 'training', 'readme'] as const;

/** A migrated manifest → the current manifest type. */
export function validateManifest(m: Record<string, unknown>): Result<BundleManifest> {
  const bad = (what: string) => err(badPart('manifest.json', what));
  if (m.format !== BUNDLE_FORMAT || m.version !== BUNDLE_VERSION) return bad('has the wrong format or version');
  if (typeof m.createdAt !== 'string') return bad('has no creation date');
  if (m.kind !== 'tabular') return bad(`describes a “${String(m.kind)}” model; this studio imports tabular models`);
  if (m.task !== 'classification' && m.task !== 'regression') return bad('does not say whether the model classifies or predicts a number');
  if (typeof m.modelFamily !== 'string' || m.modelFamily === '') return bad('does not name the model family');
  if (m.modelFormat !== 'tfjs-layers' && m.modelFormat !== 'tree-json') return bad('does not say how the model is stored');
  const e = m.entries;
  if (!isPlainObject(e)) return bad('does not list its files');
  const names = [...REQUIRED_ENTRIES, ...(m.modelFormat === 'tfjs-layers' ? (['weights'] as const) : [])];
  for (const key of names) {
    const path = e[key];
    if (typeof path !== 'string' || isUnsafeName(path) || path.endsWith('/')) return bad(`has no valid path for the ${key} file`);
  }
  if (e.stamp !== undefined && (typeof e.stamp !== 'string' || isUnsafeName(e.stamp) || e.stamp.endsWith('/'))) return bad('has no valid path for the stamp file');
  const entries = Object.fromEntries([...names, ...(e.stamp !== undefined ? (['stamp'] as const) : [])].map((k) => [k, e[k] as string])) as unknown as BundleEntries;
  return ok({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: m.createdAt,
    kind: 'tabular',
    task: m.task,
    modelFamily: m.modelFamily,
    modelFormat: m.modelFormat,
    entries,
  });
}

/** schema.json → columns. */
export function parseSchema(v: unknown, file: string): Result<BundleColumn[]> {
  if (!isPlainObject(v) || !Array.isArray(v.columns)) return err(badPart(file, 'should hold { "columns": [...] }'));
  const seen = new Set<string>();
  const columns: BundleColumn[] = [];
  for (const c of v.columns as unknown[]) {
    if (!isPlainObject(c) || typeof c.name !== 'string' || !COLUMN_TYPES.includes(c.type as ColumnType)) {
      return err(badPart(file, 'has a column without a name or with an unknown type'));
    }
    if (seen.has(c.name)) return err(badPart(file, `lists the column “${c.name}” twice`));
    seen.add(c.name);
    columns.push({ name: c.name, type: c.type as ColumnType });
  }
  return ok(columns);
}

/** labels.json → class names (classification) or [] (regression). */
export function parseLabels(v: unknown, file: string, task: BundleManifest['task']): Result<string[]> {
  if (!isPlainObject(v) || !isStringArray(v.classes)) return err(badPart(file, 'should hold { "classes": [...] }'));
  const classes = v.classes;
  if (task === 'regression' && classes.length > 0) return err(badPart(file, 'lists classes, but the model predicts a number'));
  if (task === 'classification' && classes.length === 0) return err(badPart(file, 'lists no classes'));
  if (new Set(classes).size !== classes.length) return err(badPart(file, 'lists the same class twice'));
  return ok(classes);
}

/** The JSON parts whose inside belongs to other modules: only their outer shape is checked here. */
export function checkOpaqueParts(parts: Pick<BundleContents, 'recipe' | 'features' | 'metrics' | 'training'>, files: BundleEntries): Result<true> {
  const { recipe, features, metrics, training } = parts;
  if (!isPlainObject(recipe) || recipe.format !== 'ml-studio-recipe' || !Array.isArray(recipe.steps)) {
    return err(badPart(files.recipe, 'is not a cleaning recipe'));
  }
  if (!isPlainObject(features)) return err(badPart(files.features, 'is not a JSON object'));
  if (!isPlainObject(metrics)) return err(badPart(files.metrics, 'is not a JSON object'));
  if (!isPlainObject(training) || typeof training.seed !== 'number' || !Number.isInteger(training.seed)) {
    return err(badPart(files.training, 'has no whole-number seed'));
  }
  return ok(true);
}

/** The writer's check: the same rules the reader applies, on in-memory contents. */
export function checkContents(contents: BundleContents, manifest: BundleManifest): Result<true> {
  const m = validateManifest(manifest as unknown as Record<string, unknown>);
  if (!m.ok) return m;
  const e = manifest.entries;
  const jsonParts: [string, unknown][] = [
    [e.model, contents.model.type === 'tfjs' ? contents.model.modelJson : contents.model.json],
    [e.recipe, contents.recipe],
    [e.schema, contents.rawSchema],
    [e.features, contents.features],
    [e.labels, contents.labels],
    [e.metrics, contents.metrics],
    [e.training, contents.training],
  ];
  for (const [file, value] of jsonParts) {
    const key = findForbiddenKey(value);
    if (key !== undefined) return err(badPart(file, `contains the key “${key}”, which bundles may not use`));
  }
  if (contents.model.type === 'tfjs') {
    const specs = checkTfjsModelJson(contents.model.modelJson, contents.model.weights);
    if (!specs.ok) return specs;
  } else if (contents.model.json === null || contents.model.json === undefined) {
    return err(badPart(e.model, 'is empty'));
  }
  const schema = parseSchema({ columns: contents.rawSchema }, e.schema);
  if (!schema.ok) return schema;
  const labels = parseLabels({ classes: contents.labels }, e.labels, contents.meta.task);
  if (!labels.ok) return labels;
  if (typeof contents.modelCard !== 'string') return err(badPart(e.readme, 'is not text'));
  if (contents.stamp !== undefined && !parseStamp(contents.stamp)) return err(badPart(e.stamp ?? 'stamp.json', 'is not a valid reproducibility stamp'));
  return checkOpaqueParts(contents, e);
}

/**
 * Bytes → contents, strictly: every failure a file can cause comes back as a Problem a student can
 * act on (architecture rule 10); nothing is inflated before its declared size has been checked.
 * Order: zip directory → manifest (parse, migrate, shape) → the files it names → each part's shape.
 * Entries the manifest does not name are ignored and never inflated (e.g. a `.DS_Store`).
 */
import { err, ok, type Result } from '../util/result';
import { V1_PATHS, type BundleContents, type BundleManifest, type ModelPart } from './format';
import { decodeText, readJson } from './json';
import { migrate } from './migrate';
import { checkTfjsModelJson } from './tfjs-manifest';
import { badPart, checkOpaqueParts, parseLabels, parseSchema, validateManifest } from './validate';
import { parseStamp, type ReproStamp } from './stamp';
import { DEFAULT_ZIP_LIMITS, extractEntries, listZipEntries, type ZipEntry, type ZipLimits } from './zip';

export interface ReadOptions {
  /** Lower them in tests; raise them only with a reason. */
  limits?: Partial<ZipLimits>;
}

export interface ReadBundleResult extends BundleContents {
  /** The manifest after migration to the current version. */
  manifest: BundleManifest;
  /** The version the file was written with, before migration. */
  fileVersion: number;
}

const REEXPORT = 'Export the model again from the studio that trained it; do not remove files from the .zip.';

/**
 * When someone unzips a bundle and zips the folder again, every name gains a `folder/` prefix.
 * Accept that one case: the only manifest.json is one level down.
 */
function findRoot(entries: ZipEntry[]): string | undefined {
  if (entries.some((e) => e.name === V1_PATHS.manifest)) return '';
  const nested = entries.filter((e) => /^[^/]+\/manifest\.json$/.test(e.name));
  return nested.length === 1 ? nested[0]?.name.slice(0, -V1_PATHS.manifest.length) : undefined;
}

export function readBundle(bytes: Uint8Array, options: ReadOptions = {}): Result<ReadBundleResult> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const listed = listZipEntries(bytes, limits);
  if (!listed.ok) return listed;
  const entries = listed.value;
  const root = findRoot(entries);
  if (root === undefined) {
    return err({
      message: 'This .zip has no manifest.json, so it is not an ML Studio bundle',
      hint: 'Choose the .zip that the Export step downloaded. ' + REEXPORT,
      code: 'bundle-no-manifest',
    });
  }
  const manifestPath = root + V1_PATHS.manifest;
  const manifestFile = extractEntries(bytes, entries, new Set([manifestPath]));
  if (!manifestFile.ok) return manifestFile;
  const rawManifest = readJson(manifestFile.value.get(manifestPath) as Uint8Array, V1_PATHS.manifest);
  if (!rawManifest.ok) return rawManifest;
  const fileVersion = (rawManifest.value as { version?: unknown } | null)?.version;
  const migrated = migrate(rawManifest.value);
  if (!migrated.ok) return migrated;
  const manifest = validateManifest(migrated.value);
  if (!manifest.ok) return manifest;

  const paths = Object.values(manifest.value.entries) as string[];
  const present = new Set(entries.map((e) => e.name));
  for (const path of paths) {
    if (!present.has(root + path)) {
      return err({ message: `This bundle is missing “${path}”`, hint: REEXPORT, code: 'bundle-missing-file' });
    }
  }
  const files = extractEntries(bytes, entries, new Set(paths.map((p) => root + p)));
  if (!files.ok) return files;
  const file = (path: string): Uint8Array => files.value.get(root + path) as Uint8Array;
  return assemble(manifest.value, file, fileVersion as number);
}

function assemble(manifest: BundleManifest, file: (path: string) => Uint8Array, fileVersion: number): Result<ReadBundleResult> {
  const e = manifest.entries;
  const parsed: Record<string, unknown> = {};
  for (const key of ['model', 'recipe', 'schema', 'features', 'labels', 'metrics', 'training'] as const) {
    const value = readJson(file(e[key]), e[key]);
    if (!value.ok) return value;
    parsed[key] = value.value;
  }
  const readme = decodeText(file(e.readme), e.readme);
  if (!readme.ok) return readme;

  let model: ModelPart;
  if (manifest.modelFormat === 'tfjs-layers') {
    const weights = file(e.weights as string);
    const specs = checkTfjsModelJson(parsed.model, weights);
    if (!specs.ok) return specs;
    model = { type: 'tfjs', modelJson: parsed.model as Record<string, unknown>, weights };
  } else {
    if (parsed.model === null) return err({ message: `“${e.model}” in the bundle is empty`, hint: REEXPORT, code: 'bundle-bad-part' });
    model = { type: 'tree', json: parsed.model };
  }
  const rawSchema = parseSchema(parsed.schema, e.schema);
  if (!rawSchema.ok) return rawSchema;
  const labels = parseLabels(parsed.labels, e.labels, manifest.task);
  if (!labels.ok) return labels;
  const { recipe, features, metrics, training } = parsed;
  const opaque = checkOpaqueParts({ recipe, features, metrics, training }, e);
  if (!opaque.ok) return opaque;
  let stamp: ReproStamp | undefined;
  if (e.stamp !== undefined) {
    const value = readJson(file(e.stamp), e.stamp);
    if (!value.ok) return value;
    stamp = parseStamp(value.value);
    if (!stamp) return err(badPart(e.stamp, 'is not a valid reproducibility stamp'));
  }

  return ok({
    manifest,
    fileVersion,
    meta: { createdAt: manifest.createdAt, kind: manifest.kind, task: manifest.task, modelFamily: manifest.modelFamily },
    model,
    recipe,
    rawSchema: rawSchema.value,
    features,
    labels: labels.value,
    metrics,
    training,
    modelCard: readme.value,
    ...(stamp ? { stamp } : {}),
  });
}

/**
 * Ordered format migrations, in the manner of tldraw's `packages/store/src/lib/migrate.ts`:
 * each migration lifts a manifest by exactly one version, and `migrate` runs the ones between
 * the file's version and ours, in order. Old bundles stay readable forever (architecture rule 9).
 *
 * To add version 2:
 *   1. bump BUNDLE_VERSION in format.ts and change the types to the v2 shape;
 *   2. append `{ to: 2, description, up }` to MIGRATIONS; `up` turns a v1 manifest into v2
 *      (it may also rename `entries` paths: readers follow the manifest's paths);
 *   3. commit a v2 golden file next to the v1 one; the v1 golden test must keep passing.
 */
import { err, ok, type Result } from '../util/result';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './format';
import { isPlainObject } from './json';

export type ManifestJson = Record<string, unknown>;

export interface Migration {
  /** The version this migration produces; it runs on manifests of version `to - 1`. */
  to: number;
  description: string;
  up: (manifest: ManifestJson) => ManifestJson;
}

/** Version 1 is the first; there is nothing to migrate from yet. */
export const MIGRATIONS: readonly Migration[] = [];

/** A bug guard: migrations must lift 1→2→…→current with no gap, in order. */
export function checkMigrationSequence(migrations: readonly Migration[], current: number): void {
  migrations.forEach((m, i) => {
    if (m.to !== i + 2) throw new Error(`Bundle migration #${i} must produce version ${i + 2}, not ${m.to}`);
  });
  if (migrations.length !== current - 1) {
    throw new Error(`Bundle version ${current} needs ${current - 1} migrations, found ${migrations.length}`);
  }
}

checkMigrationSequence(MIGRATIONS, BUNDLE_VERSION);

/**
 * Checks the manifest's `format` and `version`, then lifts it to `current`.
 * The result still has to pass the current version's shape check (see read.ts).
 */
export function migrate(
  manifest: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = BUNDLE_VERSION,
): Result<ManifestJson> {
  if (!isPlainObject(manifest) || manifest.format !== BUNDLE_FORMAT) {
    return err({
      message: 'This .zip is not an ML Studio bundle: its manifest.json does not say “ml-studio-bundle”',
      hint: 'Choose the .zip that the Export step of ML Studio downloaded.',
      code: 'bundle-wrong-format',
    });
  }
  const version = manifest.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return err({
      message: 'This bundle’s manifest.json has no valid version number',
      hint: 'The file was damaged or edited by hand. Export the model again.',
      code: 'bundle-bad-version',
    });
  }
  if (version > current) {
    return err({
      message: `This bundle was made by a newer ML Studio (bundle version ${version}); this studio reads up to version ${current}`,
      hint: 'Reload the page to get the latest studio, then import the bundle again.',
      code: 'bundle-too-new',
    });
  }
  let m: ManifestJson = manifest;
  for (const migration of migrations) {
    if (migration.to <= version || migration.to > current) continue;
    try {
      m = { ...migration.up(m), version: migration.to };
    } catch {
      return err({
        message: `This bundle (version ${version}) could not be updated to version ${current}`,
        hint: 'The old bundle is damaged. Export the model again from the studio that trained it.',
        code: 'bundle-migration-failed',
      });
    }
  }
  return ok(m);
}

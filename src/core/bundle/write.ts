/**
 * Contents → one .zip. The layout is fixed (format.ts, V1_PATHS); `model/` alone is a valid tfjs
 * LayersModel folder, so `tf.loadLayersModel` works on it once unzipped.
 * The output is deterministic: the same contents give the same bytes (mtime = createdAt, in UTC).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { manifestFor, V1_PATHS, type BundleContents } from './format';
import { checkContents } from './validate';

const json = (value: unknown, pretty = true): Uint8Array => strToU8(JSON.stringify(value, null, pretty ? 2 : undefined));

/** Zip timestamps are DOS dates: 1980–2099 only. Anything else (or unparsable) falls back to 1980. */
function zipTime(createdAt: string): Date {
  const t = new Date(createdAt);
  const year = t.getUTCFullYear();
  const utc = Number.isNaN(t.getTime()) || year < 1981 || year > 2098 ? new Date(Date.UTC(1980, 0, 2)) : t;
  // fflate writes local time; shift so the stored fields are the UTC ones on every machine.
  return new Date(utc.getTime() + utc.getTimezoneOffset() * 60_000);
}

/**
 * Throws when the contents break the format's rules (a forbidden key, weights that do not match
 * model.json, …): that is a bug in the exporter, and the reader would refuse the file anyway.
 */
export function writeBundle(contents: BundleContents): Uint8Array {
  const manifest = manifestFor(contents);
  const check = checkContents(contents, manifest);
  if (!check.ok) throw new Error(`Cannot write bundle: ${check.error.message}`);

  const files: Zippable = { [V1_PATHS.manifest]: json(manifest) };
  if (contents.model.type === 'tfjs') {
    // model.json is written compact, as tfjs writes it; it can be large for wide models.
    files[V1_PATHS.tfjsModel] = json(contents.model.modelJson, false);
    files[V1_PATHS.tfjsWeights] = contents.model.weights;
  } else {
    files[V1_PATHS.treeModel] = json(contents.model.json, false);
  }
  files[V1_PATHS.recipe] = json(contents.recipe);
  files[V1_PATHS.schema] = json({ columns: contents.rawSchema });
  files[V1_PATHS.features] = json(contents.features);
  // A copy of a text model's tokenizer at the top level, where Hugging Face tools look for it;
  // the studio itself reads the one inside features.json.
  const tokenizer = (contents.features as { text?: { tokenizer?: unknown } } | null)?.text?.tokenizer;
  if (tokenizer !== undefined) files['tokenizer.json'] = json(tokenizer, false);
  files[V1_PATHS.labels] = json({ classes: contents.labels });
  files[V1_PATHS.metrics] = json(contents.metrics);
  files[V1_PATHS.training] = json(contents.training);
  if (contents.stamp) files[V1_PATHS.stamp] = json(contents.stamp);
  // TextEncoder, unlike strToU8, turns lone surrogates into U+FFFD, so README.md is always valid UTF-8.
  files[V1_PATHS.readme] = new TextEncoder().encode(contents.modelCard);
  return zipSync(files, { level: 6, mtime: zipTime(contents.meta.createdAt) });
}

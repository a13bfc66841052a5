/**
 * The stamp inside a bundle's zip (`stamp.json`), read without opening the rest of the bundle, so
 * an export built around a bundle (demo page, server kit) carries exactly the stamp its bundle does.
 */
import { V1_PATHS } from './format';
import { parseStamp, type ReproStamp } from './stamp';
import { extractEntries, listZipEntries } from './zip';

/** The bundle's stamp, or undefined when it has none (older bundles, LM bundles) or it is damaged. */
export function bundleStamp(bundle: Uint8Array): ReproStamp | undefined {
  const entries = listZipEntries(bundle);
  if (!entries.ok) return undefined;
  const entry = entries.value.find((e) => e.name === V1_PATHS.stamp);
  if (!entry) return undefined;
  const files = extractEntries(bundle, entries.value, new Set([entry.name]));
  const bytes = files.ok ? files.value.get(entry.name) : undefined;
  if (!bytes) return undefined;
  try {
    return parseStamp(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return undefined;
  }
}

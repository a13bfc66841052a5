/**
 * The reproducibility stamp: what every export carries (bundle, demo page, server kit, dataset
 * files) so a reader can tell which data, recipe, seed, backend and studio made it, and the studio
 * can re-run the same training and check the result ("Reproduce").
 *
 * Pure and framework-free. `makeStamp` checks and normalises its inputs; the hashes come from
 * `tableSha256` (the data) and `recipeSha256` (cleaning recipe + feature spec + type overrides).
 */
import type { ColumnSchema } from '../data/schema';
import type { Table } from '../data/table';
import type { Recipe } from '../clean/recipe';
import type { FeatureSpec } from '../features';
import { canonicalJson } from '../util/hash';
import { Sha256, sha256Hex } from '../util/sha256';

export const STAMP_FORMAT = 'ml-studio-stamp';
export const STAMP_VERSION = 1;

export interface ReproStamp {
  format: typeof STAMP_FORMAT;
  version: typeof STAMP_VERSION;
  /** package.json `version` of the studio that trained the model. */
  studioVersion: string;
  /** The training seed (weights init, shuffles); the split has its own seed, inside the spec. */
  seed: number;
  /** SHA-256 (hex) of the cleaned training split's canonical bytes (`canonicalTableChunks`). */
  dataSha256: string;
  /** Rows in that training split (before balancing). */
  trainRows: number;
  /** SHA-256 (hex) of the recipe, feature spec and type overrides (`recipeSha256`). */
  recipeSha256: string;
  /** The tfjs backend that trained it (`cpu`, `wasm`, `webgl`, `webgpu`), or null for tree models / unknown. */
  backend: string | null;
  /** ISO 8601 time the stamp was made (the export). */
  createdAt: string;
  /**
   * 'lm': a language model's stamp (core/jobs/lm-reproduce.ts). Then `dataSha256` is of the corpus
   * text as the model read it, `trainRows` counts training tokens, and `recipeSha256` is of the
   * tokenizer, validation share, model size and training settings. Absent: a pipeline run's.
   */
  /** 's2s': a sequence-to-sequence model's (core/jobs/seq2seq-reproduce.ts): data = the training pairs, trainRows = pairs. */
  kind?: 'lm' | 's2s';
}

export type StampInput = Omit<ReproStamp, 'format' | 'version'>;

const HEX64 = /^[0-9a-f]{64}$/;

/** Checks the inputs (throws on a bug: a bad hash, a fractional seed) and returns the stamp. */
export function makeStamp(input: StampInput): ReproStamp {
  const stamp = parseStamp({ format: STAMP_FORMAT, version: STAMP_VERSION, ...input });
  if (!stamp) throw new Error('makeStamp: invalid stamp input');
  return stamp;
}

/** A stamp read from an untrusted file, or undefined when it is not one. Unknown fields are dropped. */
export function parseStamp(v: unknown): ReproStamp | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const s = v as Record<string, unknown>;
  const okHash = (h: unknown): h is string => typeof h === 'string' && HEX64.test(h);
  if (s.format !== STAMP_FORMAT || s.version !== STAMP_VERSION) return undefined;
  if (typeof s.studioVersion !== 'string' || s.studioVersion.length > 100) return undefined;
  if (typeof s.seed !== 'number' || !Number.isSafeInteger(s.seed)) return undefined;
  if (!okHash(s.dataSha256) || !okHash(s.recipeSha256)) return undefined;
  if (typeof s.trainRows !== 'number' || !Number.isSafeInteger(s.trainRows) || s.trainRows < 0) return undefined;
  if (s.backend !== null && (typeof s.backend !== 'string' || s.backend.length > 40)) return undefined;
  if (typeof s.createdAt !== 'string' || s.createdAt.length > 40) return undefined;
  if (s.kind !== undefined && s.kind !== 'lm' && s.kind !== 's2s') return undefined;
  return {
    format: STAMP_FORMAT,
    version: STAMP_VERSION,
    studioVersion: s.studioVersion,
    seed: s.seed,
    dataSha256: s.dataSha256,
    trainRows: s.trainRows,
    recipeSha256: s.recipeSha256,
    backend: s.backend as string | null,
    createdAt: s.createdAt,
    ...(s.kind === 'lm' || s.kind === 's2s' ? { kind: s.kind } : {}),
  };
}

/** The stamp as label/value lines, for any page or README that shows it (render as text). */
export function stampLines(s: ReproStamp): { label: string; value: string }[] {
  if (s.kind === 'lm') {
    return [
      { label: 'Studio version', value: s.studioVersion },
      { label: 'Seed', value: String(s.seed) },
      { label: 'Training text SHA-256', value: `${s.dataSha256} (${s.trainRows} training tokens)` },
      { label: 'Tokenizer + model + training settings SHA-256', value: s.recipeSha256 },
      { label: 'Backend', value: s.backend ?? 'unknown' },
      { label: 'Date', value: s.createdAt },
    ];
  }
  if (s.kind === 's2s') {
    return [
      { label: 'Studio version', value: s.studioVersion },
      { label: 'Seed', value: String(s.seed) },
      { label: 'Training pairs SHA-256', value: `${s.dataSha256} (${s.trainRows} training pairs)` },
      { label: 'Tokenizers + model + training settings SHA-256', value: s.recipeSha256 },
      { label: 'Backend', value: s.backend ?? 'unknown' },
      { label: 'Date', value: s.createdAt },
    ];
  }
  return [
    { label: 'Studio version', value: s.studioVersion },
    { label: 'Seed', value: String(s.seed) },
    { label: 'Training data SHA-256', value: `${s.dataSha256} (${s.trainRows} rows)` },
    { label: 'Recipe + features SHA-256', value: s.recipeSha256 },
    { label: 'Backend', value: s.backend ?? 'none (tree model)' },
    { label: 'Date', value: s.createdAt },
  ];
}

/** The stamp as Markdown (a README section). */
export function stampMarkdown(s: ReproStamp): string {
  return ['## Reproducibility stamp', '', ...stampLines(s).map((l) => `- ${l.label}: \`${l.value}\``), ''].join('\n');
}

/**
 * SHA-256 of the recipe and feature settings: the enabled state, op and params of each recipe step
 * in order (not step ids, which are random, nor fitted statistics, which follow from the data),
 * the feature spec with its columns sorted by name, and the user's type overrides sorted by name.
 * Column order in the file therefore does not change it.
 */
export function recipeSha256(recipe: Recipe, spec: FeatureSpec, schema: ColumnSchema[]): string {
  const steps = recipe.steps.map(({ op, params, enabled }) => ({ op, params, enabled }));
  const byName = <T extends { name: string }>(xs: T[]) => [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const types = byName(schema.filter((c) => c.override !== undefined)).map((c) => [c.name, c.override]);
  return sha256Hex(canonicalJson({ steps, spec: { ...spec, columns: byName(spec.columns) }, types }));
}

const ROWS_PER_CHUNK = 2000;

/**
 * The canonical bytes of rows of a table, in chunks (UTF-8):
 *   line 1: `ml-studio-table 1`
 *   line 2: JSON array of `[name, kind]` per column, sorted by name (kind: `number` | `string`)
 *   then one line per row, in the order given: JSON array of the cells in that column order —
 *   numbers as JSON numbers (shortest round-trip form, `-0` as `0`, ±Infinity as the strings
 *   `"Infinity"`/`"-Infinity"`), strings as JSON strings, missing cells as `null`.
 * Every line ends with `\n`. Column order in the file does not matter; row order does (it is the
 * order training sees).
 */
export function* canonicalTableChunks(table: Table, rows?: ArrayLike<number>): Generator<Uint8Array> {
  const enc = new TextEncoder();
  const cols = [...table.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  yield enc.encode(`ml-studio-table 1\n${JSON.stringify(cols.map((c) => [c.name, c.kind]))}\n`);
  const n = rows ? rows.length : table.rowCount;
  // Each dictionary value is quoted once, not once per row.
  const quoted = cols.map((c) => (c.kind === 'string' ? c.dict.map((v) => JSON.stringify(v)) : undefined));
  for (let start = 0; start < n; start += ROWS_PER_CHUNK) {
    let out = '';
    for (let i = start; i < Math.min(n, start + ROWS_PER_CHUNK); i++) {
      const r = rows ? rows[i]! : i;
      let line = '[';
      for (let j = 0; j < cols.length; j++) {
        const c = cols[j]!;
        if (j > 0) line += ',';
        if (c.kind === 'number') {
          const v = c.values[r]!;
          // String(v) is JSON's form for every finite number.
          line += Number.isNaN(v) ? 'null' : v === 0 ? '0' : Number.isFinite(v) ? String(v) : v > 0 ? '"Infinity"' : '"-Infinity"';
        } else {
          const code = c.codes[r]!;
          line += code < 0 ? 'null' : quoted[j]![code]!;
        }
      }
      out += `${line}]\n`;
    }
    yield enc.encode(out);
  }
}

/** SHA-256 (hex) of `canonicalTableChunks(table, rows)`. */
export function tableSha256(table: Table, rows?: ArrayLike<number>): string {
  const h = new Sha256();
  for (const chunk of canonicalTableChunks(table, rows)) h.update(chunk);
  return h.hex();
}

/** What differs between two stamps' data and recipe (empty when both match). */
export function stampDifferences(a: ReproStamp, b: Pick<ReproStamp, 'dataSha256' | 'recipeSha256'>): ('data' | 'recipe')[] {
  return [...(a.dataSha256 !== b.dataSha256 ? (['data'] as const) : []), ...(a.recipeSha256 !== b.recipeSha256 ? (['recipe'] as const) : [])];
}

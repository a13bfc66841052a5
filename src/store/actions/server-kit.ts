/**
 * "Export server kit": the run's bundle plus the Node server that serves it (server.mjs and the
 * tfjs-backend-wasm files, built into public/kit/ by scripts/build-server-kit.mjs and fetched from
 * this origin), zipped on this thread with fflate (no tfjs here: core/bundle/server-kit is pure).
 */
import { bundleStamp } from '../../core/bundle/bundle-stamp';
import { writeServerKit } from '../../core/bundle/server-kit';
import type { Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';

/** What the kit holds besides the bundle, as served under /kit/. */
export const KIT_FILES = ['server.mjs', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;

interface Exporters {
  exportBundle(runId: string): { bytes: Uint8Array; fileName: string } | undefined;
  /** The LM view's studio LM bundle of its current model. */
  lmExport(format: 'studio'): Promise<{ bytes: Uint8Array; fileName: string } | undefined>;
}

type KitFiles = { server: Uint8Array; wasm: Record<string, Uint8Array> };

/** The kit's stamp.json is its bundle's stamp, byte for byte the same fields (none if the bundle has none). */
function stampOf(bundle: Uint8Array) {
  const stamp = bundleStamp(bundle);
  return stamp ? { stamp } : {};
}

export function createServerKitActions(store: StudioStore, deps: Deps, bundles: Exporters) {
  const get = store.getState;

  /** One raw-looking row of the test split for the README's curl example (none if it cannot be read). */
  async function exampleRow(runId: string): Promise<Record<string, string> | undefined> {
    const { doc } = get();
    const run = doc.runs?.find((r) => r.id === runId);
    const row = run?.test?.rows[0];
    if (row === undefined || !doc.dataset || !doc.clean) return undefined;
    const res = await deps.data.run({ type: 'records', table: { datasetId: doc.dataset.datasetId, stage: 'clean', recipeKey: doc.clean.recipeKey }, rows: [row] });
    if (!res.ok) return undefined;
    const target = doc.features?.spec.target;
    const record = { ...res.value[0] };
    if (target !== undefined) delete record[target];
    return record;
  }

  /** server.mjs and the .wasm files, from this origin (cached by the service worker once fetched). */
  async function kitFiles(): Promise<Result<KitFiles>> {
    try {
      const [server, ...wasm] = await Promise.all(KIT_FILES.map(async (f) => new Uint8Array(await (await deps.fetchBlob(`kit/${f}`)).arrayBuffer())));
      return { ok: true, value: { server: server!, wasm: Object.fromEntries(KIT_FILES.slice(1).map((f, i) => [f, wasm[i]!])) } };
    } catch (e) {
      return { ok: false, error: { message: 'The server files could not be loaded from the studio.', hint: `Reload the page while online and try again (${e instanceof Error ? e.message : String(e)}).` } };
    }
  }

  async function exportServerKit(runId: string): Promise<Result<{ bytes: Uint8Array; fileName: string }>> {
    const bundle = bundles.exportBundle(runId);
    if (!bundle) return { ok: false, error: { message: 'This run cannot be exported.', hint: 'Train a model with the current encode settings first.' } };
    const files = await kitFiles();
    if (!files.ok) return files;
    const fitted = get().doc.features?.artifact?.fitted;
    const textColumns = fitted?.text?.columns ?? [];
    const example = await exampleRow(runId);
    const name = `${bundle.fileName.replace(/\.zip$/, '')}-server`;
    const bytes = writeServerKit({
      name,
      bundle: bundle.bytes,
      ...files.value,
      kind: textColumns.length > 0 ? 'text' : 'tabular',
      task: fitted?.task ?? 'classification',
      textColumns,
      ...(example ? { example } : {}),
      ...stampOf(bundle.bytes),
    });
    return { ok: true, value: { bytes, fileName: `${name}.zip` } };
  }

  /** The LM view's model as a kit: the same server, answering POST /generate. */
  async function exportLmServerKit(): Promise<Result<{ bytes: Uint8Array; fileName: string }>> {
    const bundle = await bundles.lmExport('studio');
    if (!bundle) return { ok: false, error: { message: 'There is no language model to export.', hint: 'Train a model (or import one) first.' } };
    const files = await kitFiles();
    if (!files.ok) return files;
    const name = `${bundle.fileName.replace(/\.zip$/, '')}-server`;
    return { ok: true, value: { bytes: writeServerKit({ name, bundle: bundle.bytes, ...files.value, kind: 'lm', task: 'generation', ...stampOf(bundle.bytes) }), fileName: `${name}.zip` } };
  }

  return { exportServerKit, exportLmServerKit };
}

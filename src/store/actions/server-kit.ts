/**
 * "Export server kit": the run's bundle plus the Node server that serves it (server.mjs and the
 * tfjs-backend-wasm files, built into public/kit/ by scripts/build-server-kit.mjs and fetched from
 * this origin), zipped on this thread with fflate (no tfjs here: core/bundle/server-kit is pure).
 */
import { writeServerKit } from '../../core/bundle/server-kit';
import type { Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';

/** What the kit holds besides the bundle, as served under /kit/. */
export const KIT_FILES = ['server.mjs', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;

interface BundleActions {
  exportBundle(runId: string): { bytes: Uint8Array; fileName: string } | undefined;
}

export function createServerKitActions(store: StudioStore, deps: Deps, bundles: BundleActions) {
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

  async function exportServerKit(runId: string): Promise<Result<{ bytes: Uint8Array; fileName: string }>> {
    const bundle = bundles.exportBundle(runId);
    if (!bundle) return { ok: false, error: { message: 'This run cannot be exported.', hint: 'Train a model with the current encode settings first.' } };
    let assets: Uint8Array[];
    try {
      assets = await Promise.all(KIT_FILES.map(async (f) => new Uint8Array(await (await deps.fetchBlob(`kit/${f}`)).arrayBuffer())));
    } catch (e) {
      return { ok: false, error: { message: 'The server files could not be loaded from the studio.', hint: `Reload the page while online and try again (${e instanceof Error ? e.message : String(e)}).` } };
    }
    const fitted = get().doc.features?.artifact?.fitted;
    const textColumns = fitted?.text?.columns ?? [];
    const example = await exampleRow(runId);
    const name = `${bundle.fileName.replace(/\.zip$/, '')}-server`;
    const bytes = writeServerKit({
      name,
      bundle: bundle.bytes,
      server: assets[0]!,
      wasm: { [KIT_FILES[1]]: assets[1]!, [KIT_FILES[2]]: assets[2]! },
      kind: textColumns.length > 0 ? 'text' : 'tabular',
      task: fitted?.task ?? 'classification',
      textColumns,
      ...(example ? { example } : {}),
    });
    return { ok: true, value: { bytes, fileName: `${name}.zip` } };
  }

  return { exportServerKit };
}

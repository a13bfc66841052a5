/**
 * "Export demo page": the run's bundle, the demo runtime (built by scripts/build-demo-runtime.mjs,
 * served by the studio itself at demo/demo-runtime.js) and a little JSON, assembled into one .html
 * file that predicts offline from file:// (src/deploy/demo-html.ts). The runtime is only ever
 * fetched as text and inlined into the file: the studio's page never runs it (it carries tfjs).
 */
import { buildDemoPage, type DemoSizes } from '../../deploy/demo-html';
import { getModelInfo } from '../../core/models/catalog';
import { bundleStamp } from '../../core/bundle/bundle-stamp';
import type { Result } from '../../core/util/result';
import type { StudioStore } from '../store';

export interface DemoExport {
  html: string;
  fileName: string;
  sizes: DemoSizes;
  warning?: string;
}

/** Where the build puts the runtime (public/demo/ → dist/demo/). */
export const DEMO_RUNTIME_PATH = 'demo/demo-runtime.js';

/** The runtime's text, fetched from the studio's own origin (the service worker keeps it for offline use). */
async function fetchRuntime(base: string): Promise<string> {
  const r = await fetch(`${base}${DEMO_RUNTIME_PATH}`);
  const text = await r.text();
  // A server without the file may answer index.html (an SPA fallback) rather than an error.
  if (!r.ok || !text.includes('mlStudioDemo')) throw new Error(`demo runtime missing (HTTP ${r.status})`);
  return text;
}

/** What the demo page is made of: a run of the pipeline, or the language model of the LM view. */
export type DemoSource = { runId: string } | 'lm';

interface Exporters {
  exportBundle: (runId: string) => { bytes: Uint8Array; fileName: string } | undefined;
  lmExport: (format: 'studio') => Promise<{ bytes: Uint8Array; fileName: string } | undefined>;
}

// `?.`: under plain Node (tsx: the benches, build-tools scripts) there is no import.meta.env.
export function createDemoActions(store: StudioStore, exporters: Exporters, base: string = import.meta.env?.BASE_URL ?? '/') {
  let runtime: Promise<string> | undefined; // fetched once per studio; a failure is retried next time

  /** The bundle and the page's title for a source; undefined when there is nothing to export. */
  async function bundleFor(source: DemoSource): Promise<{ bytes: Uint8Array; fileName: string; title: string } | undefined> {
    if (source === 'lm') {
      const b = await exporters.lmExport('studio');
      const lm = store.getState().doc.lm;
      const corpus = lm?.source?.kind === 'sample' ? lm.source.name : lm?.corpus?.names.join(', ');
      return b && { ...b, title: `Language model (GPT) trained on ${corpus ?? 'a text'}` };
    }
    const { doc } = store.getState();
    const run = doc.runs?.find((r) => r.id === source.runId);
    const b = run && exporters.exportBundle(source.runId);
    return b && { ...b, title: `${getModelInfo(run.family)?.label ?? run.family} on ${doc.dataset?.fileName ?? 'a dataset'}` };
  }

  async function exportDemoPage(source: DemoSource): Promise<Result<DemoExport>> {
    const bundle = await bundleFor(source);
    if (!bundle) return { ok: false, error: { message: 'There is no model to export.', hint: source === 'lm' ? 'Train the language model (or import one) first.' : 'Train a model with the current encode settings first.' } };
    let script: string;
    try {
      runtime ??= fetchRuntime(base);
      script = await runtime;
    } catch (e) {
      runtime = undefined;
      return { ok: false, error: { message: 'The demo page runtime could not be loaded from the studio.', hint: `Reload the page while online and try again (${e instanceof Error ? e.message : String(e)}).` } };
    }
    const exportedAt = new Date().toISOString();
    const stamp = bundleStamp(bundle.bytes); // exactly the stamp of the bundle inside (none for runs from before stamps, or LM models)
    const page = await buildDemoPage({ meta: { title: bundle.title, exportedAt, studio: 'ML Studio', ...(stamp ? { stamp } : {}) }, bundle: bundle.bytes, runtime: script });
    return { ok: true, value: { ...page, fileName: bundle.fileName.replace(/\.zip$/, '-demo.html') } };
  }
  return { exportDemoPage };
}

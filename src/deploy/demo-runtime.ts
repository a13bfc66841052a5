/**
 * The demo page's script (built into one classic script by scripts/build-demo-runtime.mjs and
 * inlined into each exported page by demo-html.ts). It reads the bundle and the page's JSON from
 * their <script> elements, starts tfjs on the inlined WebAssembly binary (plain JS without SIMD),
 * loads the bundle with the server kit's predictor (the studio's own recipe, encoders and model
 * code) and draws the page. It makes no request.
 */
import simd from 'virtual:tfjs-wasm-simd';
import { readBundle } from '../core/bundle/read';
import type { FittedEncoders } from '../core/features/fit';
import { OTHER } from '../core/features/fit';
import { getModelInfo } from '../core/models/catalog';
import type { DemoMeta } from './demo-html';
import { renderDemo, renderFailure, type DemoField, type DemoModel } from './demo-ui';
import { startInlineBackend } from './inline-wasm';
import { loadPredictor, type Predictor } from './predictor';

function bundleBytes(): Uint8Array {
  const b64 = document.getElementById('demo-bundle')?.textContent ?? '';
  const bin = atob(b64.trim());
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The categories each categorical column was encoded with, offered as suggestions in its box. */
function categories(bytes: Uint8Array): Map<string, string[]> {
  const read = readBundle(bytes);
  const out = new Map<string, string[]>();
  if (!read.ok) return out;
  for (const c of (read.value.features as FittedEncoders).columns) if (c.kind === 'categorical') out.set(c.name, c.categories.filter((v) => v !== OTHER));
  return out;
}

function demoModel(p: Predictor, bytes: Uint8Array): DemoModel {
  const family = getModelInfo(p.modelFamily)?.label ?? (p.kind === 'lm' ? 'Language model (GPT)' : p.modelFamily);
  const options = p.kind === 'lm' ? new Map<string, string[]>() : categories(bytes);
  const fields: DemoField[] = p.columns.map((c) => {
    const known = options.get(c.name);
    return known?.length ? { ...c, options: known } : { ...c };
  });
  return {
    task: p.task,
    family,
    modelCard: p.card,
    fields,
    textColumns: p.textColumns,
    async predict(records) {
      const r = await p.predictRows(records);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.predictions.map((pr) =>
        pr.probabilities ? { classes: p.labels.map((label) => ({ label, probability: pr.probabilities![label]! })), notes: r.value.warnings } : { value: pr.value!, notes: r.value.warnings },
      );
    },
    ...(p.generate
      ? {
          async generate(prompt, o, onText) {
            // topP 1: the page offers temperature and top-k, as the brief of a "greedy by default" box.
            const r = await p.generate!(prompt, { maxNewTokens: o.maxNewTokens, temperature: o.temperature, topK: o.topK, topP: 1, seed: o.seed }, onText);
            if (!r.ok) throw new Error(r.error.message);
            return r.value.text;
          },
        }
      : {}),
  };
}

async function start() {
  const root = document.getElementById('app')!;
  try {
    const meta = JSON.parse(document.getElementById('demo-meta')?.textContent ?? '{}') as DemoMeta;
    const bytes = bundleBytes();
    const backend = await startInlineBackend(simd);
    const loaded = await loadPredictor(bytes);
    if (!loaded.ok) {
      renderFailure(root, [loaded.error.message, loaded.error.hint].filter(Boolean).join(' '));
      return;
    }
    renderDemo(root, meta, demoModel(loaded.value, bytes), backend === 'wasm' ? 'WebAssembly' : 'plain JavaScript');
    document.documentElement.dataset.demoReady = backend;
  } catch (e) {
    renderFailure(root, e instanceof Error ? e.message : String(e));
  }
}

// The runtime's name, which the studio checks before inlining the file (store/actions/demo.ts).
(globalThis as { mlStudioDemo?: string }).mlStudioDemo = 'ml-studio-demo-runtime';
void start();

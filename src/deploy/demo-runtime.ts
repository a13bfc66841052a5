/**
 * The demo page's script (built into one classic script by scripts/build-demo-runtime.mjs and
 * inlined into each exported page by demo-html.ts). It reads the bundle and the page's JSON from
 * their <script> elements, starts tfjs on the inlined WebAssembly binary (plain JS without SIMD),
 * loads the bundle with the server kit's predictor (the studio's own recipe, encoders and model
 * code) and draws the page. It makes no request.
 */
import simd from 'virtual:tfjs-wasm-simd';
import type { DemoMeta } from './demo-html';
import { demoModel } from './demo-model';
import { renderDemo, renderFailure } from './demo-ui';
import { startInlineBackend } from './inline-wasm';
import { loadPredictor } from './predictor';

function bundleBytes(): Uint8Array {
  const b64 = document.getElementById('demo-bundle')?.textContent ?? '';
  const bin = atob(b64.trim());
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
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

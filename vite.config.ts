import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bundleReport } from './build-tools/bundle-report.ts';
import { cspHeader, cspMeta } from './csp.config.ts';
import { readFileSync } from 'node:fs';

// The reproducibility stamp names the studio version (src/store/studio-version.ts).
const studioVersion = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

// Cross-origin isolation makes SharedArrayBuffer available, which WASM threads need.
// Every server that hosts the studio must send these two headers (see README, "Hosting").
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The Content-Security-Policy (csp.config.ts): strict for the build and preview, a little looser for
// the dev server (inline refresh preamble, HMR websocket). The build also carries it as a <meta>,
// for static hosts that cannot set headers (a <meta> policy cannot say frame-ancestors).
const cspInBuild = { name: 'csp-meta', apply: 'build' as const, transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: cspMeta() }, injectTo: 'head-prepend' as const }] };

export default defineConfig({
  // bundleReport fails the build if a page's own scripts (not its workers) would contain TensorFlow.js.
  define: { __STUDIO_VERSION__: JSON.stringify(studioVersion) },
  plugins: [react(), bundleReport({ checkEntries: ['main', 'bench'], appEntry: 'main' }), cspInBuild],
  server: { headers: { ...isolationHeaders, 'Content-Security-Policy': cspHeader(true) } },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': cspHeader() } },
  worker: {
    format: 'es',
    // Workers are not minified: tfjs-wasm starts its threads from `factory.toString()`, whose free
    // variable names must match what its pthread worker script expects; mangling broke WASM threads
    // ("e is not defined"). They load in the background after the first paint (and the service
    // worker caches them), so their size does not delay the page.
    rolldownOptions: { output: { minify: 'dce-only' } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // The page itself (no TensorFlow.js, which bundleReport enforces) is minified: it is what a
    // slow connection waits for before anything is drawn.
    // bench.html is the page `npm run bench` drives (training inside the studio's own worker).
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cspHeader, cspMeta } from './csp.config';

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
  plugins: [react(), cspInBuild],
  server: { headers: { ...isolationHeaders, 'Content-Security-Policy': cspHeader(true) } },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': cspHeader() } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // Not minified: tfjs-wasm starts its threads from `factory.toString()`, whose free variable
    // names must match what its pthread worker script expects; mangling broke WASM threads
    // ("e is not defined"). Costs ~2× bundle size (gzip ~0.8 MB), which the service worker caches.
    minify: false,
    // bench.html is the page `npm run bench` drives (training inside the studio's own worker).
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bundleReport } from './build-tools/bundle-report';

// Cross-origin isolation makes SharedArrayBuffer available, which WASM threads need.
// Every server that hosts the studio must send these two headers (see README, "Hosting").
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // bundleReport fails the build if the page's first load would contain TensorFlow.js.
  plugins: [react(), bundleReport({ checkEntries: ['main'] })],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
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

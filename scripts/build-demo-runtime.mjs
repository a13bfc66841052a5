// Builds the demo page's runtime (src/deploy/demo-runtime.ts): one classic script (IIFE) with
// tfjs core + layers + the plain-JS and WebAssembly backends, the WebAssembly binary inlined as
// base64, and the studio's predictor. The Export step fetches it from the studio's own origin
// (public/demo/ → dist/demo/) and inlines it into each exported demo page, so the page never
// requests anything. Git-ignored output; run by build:app, dev and start.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
const WASM_ID = 'virtual:tfjs-wasm-simd';

/** `import simd from 'virtual:tfjs-wasm-simd'` → the SIMD binary of tfjs-backend-wasm, base64. */
const inlineWasm = {
  name: 'inline-tfjs-wasm',
  resolveId: (id) => (id === WASM_ID ? `\0${WASM_ID}` : null),
  load: (id) => (id === `\0${WASM_ID}` ? `export default ${JSON.stringify(readFileSync(join(wasmDir, 'tfjs-backend-wasm-simd.wasm')).toString('base64'))};` : null),
};

const started = Date.now();
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  // The page needs inference only: tfjs-lite.ts leaves out WebGL, the converter and tfjs-data.
  resolve: { alias: [{ find: /^@tensorflow\/tfjs$/, replacement: join(root, 'src/deploy/tfjs-lite.ts') }] },
  plugins: [inlineWasm],
  build: {
    outDir: join(root, 'public/demo'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    lib: { entry: join(root, 'src/deploy/demo-runtime.ts'), formats: ['iife'], name: 'mlStudioDemo', fileName: () => 'demo-runtime.js' },
  },
});
console.log(`demo runtime: public/demo/demo-runtime.js (${(readFileSync(join(root, 'public/demo/demo-runtime.js')).length / 1e6).toFixed(2)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

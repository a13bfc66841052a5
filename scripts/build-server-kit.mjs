// Builds the server kit's runtime into public/kit/ (git-ignored), where the Export step's "Export
// server kit" fetches it from: server.mjs (build-tools/server-kit/server.ts + the deploy predictor
// + @tensorflow/tfjs + @tensorflow/tfjs-backend-wasm, one self-contained ES module for Node ≥ 20,
// so `node server.mjs` runs with no npm install) and the tfjs-backend-wasm .wasm files it loads
// from its own folder. Runs in `prepare-samples` (start, dev, build:app) and in the kit's tests.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'kit');
export const KIT_WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

export async function buildServerKit() {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'build-tools', 'server-kit', 'server.ts')],
    outfile: join(outDir, 'server.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // tfjs-backend-wasm's Emscripten glue calls require('fs') and reads __dirname in Node: give the ES module both.
    banner: {
      js: "import { createRequire as __kitRequire } from 'node:module'; import { fileURLToPath as __kitPath } from 'node:url'; const require = __kitRequire(import.meta.url); const __filename = __kitPath(import.meta.url); const __dirname = __kitPath(new URL('.', import.meta.url));",
    },
    // Whitespace and syntax only: mangled names are harder to read in a stack trace, and the file is read once at start.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  for (const name of KIT_WASM) copyFileSync(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', name), join(outDir, name));
  return { dir: outDir, bytes: statSync(join(outDir, 'server.mjs')).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const { bytes } = await buildServerKit();
  console.log(`server kit: public/kit/server.mjs ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

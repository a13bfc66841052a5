/** What the Node seq2seq experiment scripts share: tfjs on WASM with the studio's kernels, and the pronunciation pairs. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerStudioKernels } from '../src/core/kernels';
import type { Pair } from '../src/core/seq2seq/data';

export async function startWasm(): Promise<void> {
  setWasmPaths(`${path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  await tf.setBackend('wasm');
  registerStudioKernels();
}

/** public/samples/pronunciation.csv (made by `npm run build:app` / prepare-samples): word,phonemes; phonemes have no commas. */
export function pronunciationPairs(): Pair[] {
  return readFileSync('public/samples/pronunciation.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const at = line.indexOf(',');
      return { source: line.slice(0, at), target: line.slice(at + 1) };
    });
}

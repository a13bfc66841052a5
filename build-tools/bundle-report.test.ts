import { describe, expect, it } from 'vitest';
import { forbiddenInPage, pageChunks, type ReportChunk } from './bundle-report';

const chunk = (file: string, modules: string[], imports: string[] = [], dynamicImports: string[] = []): ReportChunk => ({
  file,
  isEntry: file.startsWith('main'),
  isDynamicEntry: false,
  imports,
  dynamicImports,
  modules: Object.fromEntries(modules.map((m) => [m, 100])),
});

describe('bundle report check', () => {
  it('follows static and dynamic imports transitively; static only when asked', () => {
    const chunks = [chunk('main.js', ['src/main.tsx'], ['shared.js'], ['step.js']), chunk('shared.js', ['src/store/index.ts'], ['runtime.js']), chunk('runtime.js', ['rolldown/runtime.js']), chunk('step.js', ['src/steps/x.tsx'], ['runtime.js']), chunk('bench.js', ['src/bench/bench-page.ts'])];
    expect(pageChunks(chunks, 'main.js').map((c) => c.file)).toEqual(['main.js', 'shared.js', 'runtime.js', 'step.js']);
    expect(pageChunks(chunks, 'main.js', false).map((c) => c.file)).toEqual(['main.js', 'shared.js', 'runtime.js']);
  });

  it('finds TensorFlow.js in a chunk the entry imports statically', () => {
    const chunks = [chunk('main.js', ['src/main.tsx'], ['shared.js']), chunk('shared.js', ['src/core/models/mlp.ts', 'node_modules/@tensorflow/tfjs-core/dist/index.js'])];
    expect(forbiddenInPage(chunks, 'main.js')).toEqual(['shared.js: node_modules/@tensorflow/tfjs-core/dist/index.js']);
  });

  it('finds TensorFlow.js behind import() too (it would still run on the main thread); absolute ids count', () => {
    const lazyTf = [chunk('main.js', ['src/main.tsx'], [], ['step.js']), chunk('step.js', ['src/steps/model/model-step.tsx'], ['tf.js']), chunk('tf.js', ['/repo/node_modules/@tensorflow/tfjs/dist/index.js'])];
    expect(forbiddenInPage(lazyTf, 'main.js')).toEqual(['tf.js: /repo/node_modules/@tensorflow/tfjs/dist/index.js']);
  });

  it('ignores chunks the page never loads (another page\'s, or none)', () => {
    const chunks = [chunk('main.js', ['src/main.tsx']), chunk('bench.js', ['node_modules/@tensorflow/tfjs/dist/index.js'])];
    expect(forbiddenInPage(chunks, 'main.js')).toEqual([]);
  });

  it('does not mistake look-alike names for TensorFlow.js', () => {
    const chunks = [chunk('main.js', ['src/core/bundle/tfjs-manifest.ts', 'node_modules/@tensorflowish/x/index.js', 'src/@tensorflow/notes.ts'])];
    expect(forbiddenInPage(chunks, 'main.js')).toEqual([]);
  });
});

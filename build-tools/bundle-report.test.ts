import { describe, expect, it } from 'vitest';
import { forbiddenInEntry, staticClosure, type ReportChunk } from './bundle-report';

const chunk = (file: string, modules: string[], imports: string[] = [], dynamicImports: string[] = []): ReportChunk => ({
  file,
  isEntry: file.startsWith('main'),
  isDynamicEntry: false,
  imports,
  dynamicImports,
  modules: Object.fromEntries(modules.map((m) => [m, 100])),
});

describe('bundle report check', () => {
  it('follows static imports transitively, not dynamic ones', () => {
    const chunks = [chunk('main.js', ['src/main.tsx'], ['shared.js'], ['step.js']), chunk('shared.js', ['src/store/index.ts'], ['runtime.js']), chunk('runtime.js', ['rolldown/runtime.js']), chunk('step.js', ['src/steps/x.tsx'])];
    expect(staticClosure(chunks, 'main.js').map((c) => c.file)).toEqual(['main.js', 'shared.js', 'runtime.js']);
  });

  it('finds TensorFlow.js in a chunk the entry imports statically', () => {
    const chunks = [chunk('main.js', ['src/main.tsx'], ['shared.js']), chunk('shared.js', ['src/core/models/mlp.ts', 'node_modules/@tensorflow/tfjs-core/dist/index.js'])];
    expect(forbiddenInEntry(chunks, 'main.js')).toEqual(['shared.js: node_modules/@tensorflow/tfjs-core/dist/index.js']);
  });

  it('allows TensorFlow.js behind import(); absolute module ids count too', () => {
    const lazyTf = [chunk('main.js', ['src/main.tsx'], [], ['tf.js']), chunk('tf.js', ['/repo/node_modules/@tensorflow/tfjs/dist/index.js'])];
    expect(forbiddenInEntry(lazyTf, 'main.js')).toEqual([]);
    const eagerTf = [chunk('main.js', ['src/main.tsx', '/repo/node_modules/@tensorflow/tfjs/dist/index.js'])];
    expect(forbiddenInEntry(eagerTf, 'main.js')).toHaveLength(1);
  });

  it('does not mistake look-alike names for TensorFlow.js', () => {
    const chunks = [chunk('main.js', ['src/core/bundle/tfjs-manifest.ts', 'node_modules/@tensorflowish/x/index.js', 'src/@tensorflow/notes.ts'])];
    expect(forbiddenInEntry(chunks, 'main.js')).toEqual([]);
  });
});

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Import boundaries from docs/architecture.md, enforced so they cannot rot:
// core ← worker, core ← store ← steps ← app, ui ← steps. core imports nothing local outside itself.
const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((g) => (g.regex ? { regex: g.regex, message: g.message } : { group: g.paths, message: g.message })) }],
});
const STEP_FOLDERS = ['upload', 'clean', 'encode', 'model', 'train', 'evaluate', 'export', 'lm'];
const outside = (dirs, message) => ({ paths: dirs.flatMap((d) => [`**/${d}`, `**/${d}/**`]), message });
// TensorFlow.js belongs to the workers: the page's first load must not wait for it (the build also
// fails if it reaches the page's entry, build-tools/bundle-report.ts). Tests may use it.
const NO_TFJS = {
  regex: '^@tensorflow/|/core/models/registry$|/core/lm(/index)?$|/core/train/predict$|/core/bundle/tfjs-io$',
  message: 'The main thread never loads TensorFlow.js: use core/models/catalog, core/lm/gpt-config, or a worker job.',
};
const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public/samples', 'test-results', 'playwright-report', '.bench', 'assembly', 'src/core/kernels/generated'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use-*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['src/core/**'],
    rules: {
      ...forbid(outside(['worker', 'store', 'steps', 'ui', 'app'], 'src/core is framework-free: it imports nothing outside core.'), {
        paths: ['react', 'react-dom', 'zustand', 'recharts', 'idb'],
        message: 'src/core runs in Node: no React, zustand, recharts or IndexedDB.',
      }),
      'no-restricted-globals': ['error', 'document', 'window', 'postMessage', 'localStorage'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded rng in core/util/rng.' }],
    },
  },
  {
    files: ['src/worker/**'],
    rules: forbid(outside(['store', 'steps', 'ui', 'app'], 'Workers depend on core only.'), {
      paths: ['react', 'react-dom', 'zustand'],
      message: 'Workers have no UI.',
    }),
  },
  {
    files: ['src/store/**'],
    ignores: TESTS,
    rules: forbid(outside(['steps', 'ui', 'app'], 'The store depends on core and worker clients only.'), NO_TFJS),
  },
  {
    files: TESTS.map((t) => t.replace('src/**', 'src/store/**')),
    rules: forbid(outside(['steps', 'ui', 'app'], 'The store depends on core and worker clients only.')),
  },
  {
    files: ['src/ui/**'],
    rules: forbid(outside(['store', 'steps', 'app', 'worker'], 'ui/ holds presentational primitives: props in, events out.'), NO_TFJS),
  },
  {
    files: ['src/app/**', 'src/main.tsx'],
    rules: forbid(NO_TFJS),
  },
  {
    files: ['src/steps/*/**'],
    rules: forbid(
      outside(['app'], 'Steps do not import the app shell.'),
      { paths: STEP_FOLDERS.flatMap((d) => [`../${d}`, `../${d}/**`, `**/steps/${d}/**`]), message: 'Step folders never import each other (shared code goes in steps/shared).' },
      NO_TFJS,
    ),
  },
  {
    files: ['public/sw.js'],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
);

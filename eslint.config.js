import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

// Import boundaries from docs/architecture.md, enforced so they cannot rot:
// core ← worker, core ← store ← steps ← app, ui ← steps. core imports nothing local outside itself;
// steps never import worker/; the store imports only the workers' clients (worker/*-client).
const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((g) => (g.regex ? { regex: g.regex, message: g.message } : { group: g.paths, message: g.message })) }],
});

// The order of core's folders: each may import only folders before it in this list (tests may
// reach across, e.g. a kernel tested against lm's reference ops). Derived from the imports as they
// are; jobs, the UI–worker contract, comes last: it names the types of every folder it carries.
const CORE_ORDER = ['util', 'words', 'metrics', 'explain', 'text', 'data', 'clean', 'augment', 'features', 'drift', 'experiments', 'bundle', 'kernels', 'lm', 'seq2seq', 'models', 'train', 'search', 'guide', 'jobs'];
const STEP_FOLDERS = ['upload', 'clean', 'encode', 'model', 'train', 'evaluate', 'export', 'lm', 'seq2seq'];
const outside = (dirs, message) => ({ paths: dirs.flatMap((d) => [`**/${d}`, `**/${d}/**`]), message });
// TensorFlow.js belongs to the workers: the page's first load must not wait for it (the build also
// fails if it reaches the page's entry, build-tools/bundle-report.ts). Tests may use it.
const NO_TFJS = {
  regex: '^@tensorflow/|/core/models/registry$|/core/lm(/index)?$|/core/train/predict$|/core/bundle/tfjs-io$|/deploy/(predictor|demo-model|demo-runtime|inline-wasm|tfjs-lite)$',
  message: 'The main thread never loads TensorFlow.js: use core/models/catalog, core/lm/gpt-config, or a worker job.',
};
const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];
// The store's test helpers (test-studio.ts, test-faults.ts) wire real handlers in-process as its tests do.
const STORE_TEST_HELPERS = ['src/store/test-*.ts'];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public/samples', 'public/demo', 'public/kit', 'test-results', 'playwright-report', '.bench', 'assembly', 'src/core/kernels/generated'] },
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
    // No import cycles anywhere in src. import-x skips `import type` (types vanish at run time, so
    // e.g. store.ts ↔ actions/*.ts naming each other's types is fine); a value cycle means modules
    // that can see each other half-initialised. Relative imports only: the node resolver with TS
    // extensions is enough.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // User data (column names, categories, labels, texts, file names, imported model cards) is only
    // ever rendered as React text. No HTML sinks, so a payload in a CSV cannot become markup
    // (e2e/journeys/hostile-data.spec.ts proves it in the app).
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No dangerouslySetInnerHTML: render user data as text.' },
        { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'No innerHTML/outerHTML: render user data as text.' },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe)$/]", message: 'No HTML parsing sinks: render user data as text.' },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]", message: 'No document.write.' },
        { selector: "NewExpression[callee.name='Function'], CallExpression[callee.name=/^(eval|Function)$/]", message: 'No eval: the Content-Security-Policy has no unsafe-eval.' },
      ],
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
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: CORE_ORDER.slice(0, -1).map((folder, i) => ({
            target: `./src/core/${folder}`,
            from: CORE_ORDER.slice(i + 1).map((later) => `./src/core/${later}`),
            message: `core folders import only folders before them in: ${CORE_ORDER.join(' → ')} (eslint.config.js, docs/architecture.md).`,
          })),
        },
      ],
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
    files: [...TESTS.map((t) => t.replace('src/**', 'src/store/**')), ...STORE_TEST_HELPERS],
    rules: forbid(outside(['steps', 'ui', 'app'], 'The store depends on core and worker clients only.')),
  },
  {
    // Tests wire real handlers in-process (in-process-client, lm-handler), so they may import any worker module.
    files: ['src/store/**'],
    ignores: [...TESTS, ...STORE_TEST_HELPERS],
    // One object for all of the store's import rules: a second `no-restricted-imports` for the same
    // files would replace this one, not add to it.
    rules: forbid(
      outside(['steps', 'ui', 'app'], 'The store depends on core and worker clients only.'),
      { regex: '(^|/)worker/(?![a-z0-9]+(-[a-z0-9]+)*-client$)', message: 'The store imports only worker clients (worker/*-client); the types that cross the boundary are in core/jobs.' },
      NO_TFJS,
    ),
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
      outside(['worker'], 'Steps talk to workers through store actions; the types they share are in core/jobs.'),
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

/**
 * The autosave loader meets whatever IndexedDB holds (an older build, a damaged record): fuzzed
 * with fast-check, restoreProject never throws, is fast, and returns either nothing (start a new
 * project) or a document whose parts have the shapes the steps read. FUZZ_RUNS for long runs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newProject, restoreProject, type ProjectDoc } from './project';
import { STEP_IDS } from './pipeline';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

const valid = (): ProjectDoc => ({
  ...newProject(1),
  step: 'encode',
  schema: [{ name: '__proto__', inferred: 'numeric' }, { name: 'label', inferred: 'categorical' }],
  target: { column: 'label' },
  recipe: { format: 'ml-studio-recipe', version: 1, steps: [{ id: 's1', op: 'impute', params: { columns: ['__proto__'], strategy: 'median' }, enabled: true }] },
});

function expectUsable(doc: ProjectDoc | undefined) {
  if (!doc) return;
  expect(STEP_IDS).toContain(doc.step);
  expect(doc.schema.every((c) => typeof c.name === 'string')).toBe(true);
  expect(doc.recipe.steps.every((s) => typeof s.op === 'string' && typeof s.id === 'string')).toBe(true);
  if (doc.dataset) expect(typeof doc.dataset.datasetId).toBe('string');
  if (doc.target) expect(typeof doc.target.column).toBe('string');
  if (doc.runs) expect(Array.isArray(doc.runs)).toBe(true);
  for (const part of ['clean', 'features', 'model', 'training', 'imported', 'lm'] as const) if (doc[part] !== undefined) expect(typeof doc[part]).toBe('object');
}

const check = (v: unknown) => {
  const t0 = performance.now();
  expectUsable(restoreProject(v));
  expect(performance.now() - t0).toBeLessThan(500);
};

describe('fuzz: restoreProject (autosave loader)', () => {
  it('keeps a valid document', () => {
    expect(restoreProject(structuredClone(valid()))).toEqual(valid());
  });
  it('arbitrary values', () => fc.assert(fc.property(fc.anything(), check), { numRuns: RUNS }));
  it('a valid document with any field replaced by anything', () =>
    fc.assert(
      fc.property(fc.constantFrom('step', 'schema', 'recipe', 'dataset', 'target', 'runs', 'clean', 'features', 'model', 'training', 'imported', 'lm', 'createdAt', '__proto__'), fc.anything(), (key, v) => {
        const doc = { ...valid() } as Record<string, unknown>;
        Object.defineProperty(doc, key, { value: v, enumerable: true, configurable: true, writable: true });
        check(structuredClone(doc));
      }),
      { numRuns: RUNS },
    ));
  it('a damaged step or schema entry: no project rather than a crash later', () => {
    expect(restoreProject({ ...valid(), schema: [42] })).toBeUndefined();
    expect(restoreProject({ ...valid(), recipe: { steps: [null] } })).toBeUndefined();
    expect(restoreProject({ ...valid(), step: 'nowhere' })?.step).toBe('upload');
    expect(restoreProject({ ...valid(), dataset: 'x' })?.dataset).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { restoreCv } from './cv-doc';
import { newProject, restoreProject } from './project';

const model = { family: 'decision-tree', params: {}, hp: {}, status: 'running', folds: [{ repeat: 0, fold: 0, status: 'done', metrics: { accuracy: 1 } }, { repeat: 0, fold: 1, status: 'running' }] };
const record = { id: 'r1', startedAt: 1, inputsKey: 'k', task: 'classification', settings: { k: 5, repeats: 1, seed: 42 }, status: 'running', models: [model] };

describe('doc.cv restore', () => {
  it('a cross-validation that was running when the page went away comes back stopped, its finished folds kept', () => {
    const cv = restoreCv({ settings: { k: 5, repeats: 1, seed: 42 }, compare: true, records: [record] })!;
    expect(cv.compare).toBe(true);
    expect(cv.records[0]!.status).toBe('stopped');
    expect(cv.records[0]!.models[0]!.status).toBe('stopped');
    expect(cv.records[0]!.models[0]!.folds.map((f) => f.status)).toEqual(['done', 'stopped']);
  });

  it('drops damaged records and a damaged cv part, never the project', () => {
    expect(restoreCv({ settings: { k: 5, repeats: 1, seed: 42 }, records: [{ ...record, models: 'x' }, { ...record, task: 'clustering' }, 7] })!.records).toEqual([]);
    expect(restoreCv({ settings: { k: 'five' } })).toBeUndefined();
    const doc = restoreProject({ ...newProject(1), cv: { settings: null } })!;
    expect(doc).toBeDefined();
    expect('cv' in doc).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultS2sSettings } from '../core/jobs';
import { restoreProject, newProject } from './project';
import { restoreS2sDoc, thin } from './seq2seq-doc';

describe('doc.seq2seq restore', () => {
  it('keeps good fields, defaults damaged ones, turns a training run into interrupted', () => {
    const def = defaultS2sSettings();
    const doc = restoreS2sDoc({
      open: true,
      settings: { sourceColumn: 'word', targetColumn: 5, train: { maxIters: 300, seed: 'x' }, tokenizers: { source: { kind: 'char', vocabSize: 10, lowercase: true }, target: 'shared' } },
      data: { fileName: 'p.csv', columns: ['word', 'phonemes'], rowCount: 3 },
      run: { status: 'training', losses: [[1, 2]], evals: [] },
    })!;
    expect(doc.open).toBe(true);
    expect(doc.settings.sourceColumn).toBe('word');
    expect(doc.settings.targetColumn).toBe(def.targetColumn);
    expect(doc.settings.train.maxIters).toBe(300);
    expect(doc.settings.train.seed).toBe(def.train.seed);
    expect(doc.settings.tokenizers.target).toBe('shared');
    expect(doc.run!.status).toBe('interrupted');
    expect(doc.data!.columns).toEqual(['word', 'phonemes']);
  });
  it('drops a part that is not an object, and a damaged run', () => {
    expect(restoreS2sDoc('nope')).toBeUndefined();
    expect(restoreS2sDoc({ run: { status: 'done', losses: 'x' } })!.run).toBeUndefined();
    const restored = restoreProject({ ...newProject(1), seq2seq: 42 })!;
    expect(restored.seq2seq).toBeUndefined();
    expect(restoreProject({ ...newProject(1), seq2seq: { open: true } })!.seq2seq!.open).toBe(true);
  });
  it('thins loss points to at most n, keeping the last', () => {
    const pts = Array.from({ length: 5000 }, (_, i) => [i, i] as [number, number]);
    const t = thin(pts, 100);
    expect(t).toHaveLength(100);
    expect(t[99]).toEqual([4999, 4999]);
  });
});

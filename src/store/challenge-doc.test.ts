import { describe, expect, it } from 'vitest';
import { makeChallenge } from '../core/bundle/challenge';
import { restoreChallenge } from './challenge-doc';

const key = makeChallenge({ name: 'c', target: 'y', task: 'classification', columns: ['x', 'y'], train: [], test: [{ x: '1', y: 'a' }], salt: 's', createdAt: '' }).key;
const entry = { id: 'e1', name: 'Ada', fileName: 'a.zip', family: 'decision-tree', metric: 'accuracy', score: 0.9, rows: 1, stamp: 'no stamp', submittedAt: 1 };

describe('restoreChallenge', () => {
  it('keeps a valid key and leaderboard as saved', () => {
    expect(restoreChallenge(JSON.parse(JSON.stringify({ key, entries: [entry] })))).toEqual({ key, entries: [entry] });
  });
  it('drops a damaged key or entry, never the rest', () => {
    expect(restoreChallenge({ key: { format: 'x' }, entries: [entry, { ...entry, score: 'high' }, null] })).toEqual({ entries: [entry] });
    expect(restoreChallenge({ key, entries: 'nope' })).toEqual({ key, entries: [] });
    expect(restoreChallenge(42)).toBeUndefined();
  });
});

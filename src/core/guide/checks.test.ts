import { describe, expect, it } from 'vitest';
import { imbalanceWarning, tinyValidationWarning } from './split-checks';
import { divergenceWarning, overfittingWarning } from './curve-checks';
import { testChoiceWarning } from './test-choice-check';

describe('tinyValidationWarning', () => {
  it('fires under 100 rows (iris: 23 validation rows) and says the rule', () => {
    const w = tinyValidationWarning(23, [{ name: 'a', share: 1 / 3 }, { name: 'b', share: 1 / 3 }, { name: 'c', share: 1 / 3 }]);
    expect(w?.kind).toBe('tiny-validation');
    expect(w?.message).toContain('only 23 rows');
    expect(w?.message).toContain('4.3%');
    expect(w?.rule).toMatch(/fewer than 100/);
  });
  it('fires for a rare class even with many rows, and not for a healthy split', () => {
    expect(tinyValidationWarning(1000, [{ name: 'fraud', share: 0.005 }, { name: 'ok', share: 0.995 }])?.message).toContain('about 5 rows of class “fraud”');
    expect(tinyValidationWarning(1000, [{ name: 'a', share: 0.3 }, { name: 'b', share: 0.7 }])).toBeUndefined();
    expect(tinyValidationWarning(150)).toBeUndefined();
    expect(tinyValidationWarning(0)).toBeUndefined();
  });
});

describe('imbalanceWarning', () => {
  it('fires above 80% and names the majority class', () => {
    const w = imbalanceWarning([{ name: 'ham', count: 850 }, { name: 'spam', count: 150 }]);
    expect(w?.message).toContain('“ham” is 85.0%');
    expect(w?.terms).toContain('balanced-accuracy');
    expect(imbalanceWarning([{ name: 'a', count: 80 }, { name: 'b', count: 20 }])).toBeUndefined();
    expect(imbalanceWarning([{ name: 'a', count: 5 }])).toBeUndefined();
  });
});

describe('overfittingWarning', () => {
  const curve = (val: number[], train: number[]) => val.map((v, i) => ({ epoch: i + 1, valLoss: v, trainLoss: train[i]! }));
  it('fires when validation rises for 3 epochs after its best while training falls', () => {
    const w = overfittingWarning(curve([1, 0.6, 0.5, 0.52, 0.55, 0.6], [1, 0.6, 0.45, 0.4, 0.3, 0.2]));
    expect(w?.message).toMatch(/lowest at epoch 3 .* the 3 epochs since/);
  });
  it('does not fire on a still-improving curve, a flat wobble, or when training loss rises too', () => {
    expect(overfittingWarning(curve([1, 0.8, 0.6, 0.5, 0.45], [1, 0.8, 0.6, 0.5, 0.45]))).toBeUndefined();
    expect(overfittingWarning(curve([1, 0.5, 0.501, 0.502, 0.503], [1, 0.5, 0.4, 0.3, 0.2]))).toBeUndefined();
    expect(overfittingWarning(curve([1, 0.5, 0.6, 0.7, 0.8], [1, 0.5, 0.6, 0.7, 0.8]))).toBeUndefined();
    expect(overfittingWarning(curve([1, 0.5, 0.6], [1, 0.5, 0.4]))).toBeUndefined();
  });
});

describe('divergenceWarning', () => {
  it('fires on NaN and on a loss grown past 10× its start, with the learning rate', () => {
    expect(divergenceWarning([2.3, 5, NaN], 10)?.message).toMatch(/NaN.*learning rate \(10\)/);
    expect(divergenceWarning([2, 8, 25])?.message).toContain('grew from 2.00 to 25.0');
    expect(divergenceWarning([2, 1, 0.5, 0.8])).toBeUndefined();
    // Blown up within the first epoch: 3 classes know-nothing loss ln 3 ≈ 1.10; 8e17 is far beyond.
    expect(divergenceWarning([8e17, 7e17, 7.5e17], 0.1, Math.log(3))?.message).toContain('over 10× the 1.10 of a model that knows nothing');
    expect(divergenceWarning([1.2, 0.9, 0.5], 0.1, Math.log(3))).toBeUndefined();
    expect(divergenceWarning([])).toBeUndefined();
  });
});

describe('testChoiceWarning', () => {
  it('needs two scored runs and says when validation disagrees with test', () => {
    expect(testChoiceWarning([{ label: 'Run #1', test: 0.9 }])).toBeUndefined();
    const w = testChoiceWarning([{ label: 'Run #1', test: 0.9, validation: 0.95 }, { label: 'Run #2', test: 0.93, validation: 0.91 }]);
    expect(w?.message).toContain('Run #2 is best on test but Run #1 on validation');
    expect(testChoiceWarning([{ label: 'Run #1', test: 0.9, validation: 0.8 }, { label: 'Run #2', test: 0.93, validation: 0.91 }])?.message).toContain('validation agrees');
  });
});

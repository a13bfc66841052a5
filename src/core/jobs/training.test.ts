import { describe, expect, it } from 'vitest';
import { getModelFamily } from '../models/registry';
import { DEFAULT_TRAINING, touchedOf, trainingForFamily, type TrainingSettings } from './training';

const mlp = getModelFamily('mlp')!;
const logistic = getModelFamily('logistic-regression')!;
const bert = getModelFamily('bert-encoder')!;

describe('training settings per family', () => {
  it('the BERT encoder brings its warmup (0.1) with its rate; another family takes it away unless it was typed', () => {
    const chosen = trainingForFamily(DEFAULT_TRAINING, mlp, bert);
    expect(chosen.hp).toMatchObject({ learningRate: 5e-5, warmupFraction: 0.1 });
    expect(trainingForFamily(chosen, bert, mlp).hp.warmupFraction).toBeUndefined();
    const typed: TrainingSettings = { ...chosen, hp: { ...chosen.hp, warmupFraction: 0.2 }, touched: { warmupFraction: true } };
    expect(trainingForFamily(typed, bert, mlp).hp).toMatchObject({ learningRate: 0.001, warmupFraction: 0.2 });
  });

  it('an untouched rate follows the family; a touched one stays', () => {
    const chosen = trainingForFamily(DEFAULT_TRAINING, undefined, logistic);
    expect(chosen.hp.learningRate).toBe(0.01);
    expect(trainingForFamily(chosen, logistic, mlp).hp.learningRate).toBe(0.001);
    const typed: TrainingSettings = { ...chosen, touched: { learningRate: true } };
    expect(trainingForFamily(typed, logistic, mlp).hp.learningRate).toBe(0.01);
  });

  it('a project saved before the touched flag: the rate counts as typed when it differs from the previous family default', () => {
    const legacy = (learningRate: number): TrainingSettings => ({ backend: 'auto', hp: { ...DEFAULT_TRAINING.hp, learningRate } });
    expect(trainingForFamily(legacy(0.2), mlp, logistic).hp.learningRate).toBe(0.2);
    expect(trainingForFamily(legacy(0.001), mlp, logistic).hp.learningRate).toBe(0.01);
    // The first edit after loading starts the flags from that guess, so a typed rate stays typed.
    expect(touchedOf(legacy(0.2), mlp)).toEqual({ learningRate: true });
    expect(touchedOf(legacy(0.001), mlp)).toEqual({});
    expect(touchedOf(legacy(0.01), logistic)).toEqual({});
  });
});

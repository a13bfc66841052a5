import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { demoModel } from './demo-model';
import { loadPredictor } from './predictor';
import { trainedTable } from './test-studio';

// As the page's form sends them: every field, as text; '' is a missing value.
const RECORDS = [
  { x: '1.25', y: '-0.5', colour: 'red' },
  { x: '-1.9', y: '0.3', colour: '' },
  { x: '0.05', y: '0.01', colour: 'purple' },
];

async function demoFor(bytes: Uint8Array) {
  await tf.setBackend('cpu');
  const p = await loadPredictor(bytes);
  if (!p.ok) throw new Error(p.error.message);
  return demoModel(p.value, bytes);
}

describe('demo page model: what the page shows and predicts', () => {
  it('a tree classifier: inputs by type with the training categories, probabilities in class order equal to the studio', async () => {
    const t = await trainedTable('decision-tree');
    const demo = await demoFor(t.bundle.bytes);
    expect(demo.task).toBe('classification');
    expect(demo.family).toBe('Decision tree');
    expect(demo.fields.map((f) => [f.name, f.type])).toEqual([['x', 'numeric'], ['y', 'numeric'], ['colour', 'categorical']]);
    const colour = demo.fields.find((f) => f.name === 'colour')!;
    expect(colour.options).toEqual(['blue', 'green', 'red']); // sorted, without the encoders' "(other)"
    expect(demo.fields.find((f) => f.name === 'x')!.options).toBeUndefined();

    const studio = await t.predict(RECORDS);
    if (!studio.ok) throw new Error(studio.error.message);
    const page = await demo.predict!(RECORDS);
    expect(page.map((p) => p.classes)).toEqual(studio.value.map((s) => s.classes));
  });

  it('a regression model: the predicted value equals the studio; a number box with text is refused, naming the column', async () => {
    const t = await trainedTable('linear-regression', 'regression');
    const demo = await demoFor(t.bundle.bytes);
    expect(demo.task).toBe('regression');
    const studio = await t.predict(RECORDS);
    if (!studio.ok) throw new Error(studio.error.message);
    const page = await demo.predict!(RECORDS);
    page.forEach((p, i) => expect(p.value).toBe(studio.value[i]!.value));
    await expect(demo.predict!([{ x: 'abc', y: '1', colour: 'red' }])).rejects.toThrow(/x/);
  });
});

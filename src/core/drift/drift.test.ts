import { describe, expect, it } from 'vitest';
import { inferSchema } from '../data/infer-type';
import { tableFromRows, type Table } from '../data/table';
import { defaultFeatureSpec, DEFAULT_TEXT, fitEncoders, type FeatureSpec } from '../features';
import { binCounts, decileEdges, ks2Sorted, psi } from '../metrics/drift-stats';
import { createRng } from '../util/rng';
import { dataSummary, driftReport, orderSample, parseDataSummary, severityOf, summarizePredictions, verdict } from '.';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

/** 400 rows: income ~ N(50, 10), age ~ N(40, 5), colour among three, label from income. */
function training(): Table {
  const g = createRng(3);
  const r = () => g.next();
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const rows = Array.from({ length: 400 }, (_, i) => {
    const income = 50 + 10 * normal();
    return [income, 40 + 5 * normal(), ['red', 'green', 'blue'][i % 3]!, income > 50 ? 'high' : 'low'];
  });
  return tableFromRows(['income', 'age', 'colour', 'label'], rows);
}

function fitted(table: Table, target = 'label') {
  const schema = inferSchema(table);
  const spec = defaultFeatureSpec(table, schema, target, 'classification');
  return fitEncoders(table, schema, spec, all(table.rowCount));
}

describe('training summary', () => {
  it('keeps every value when there are few, evenly spaced order statistics when many', () => {
    expect(orderSample([1, 2, 3], 5)).toEqual([1, 2, 3]);
    expect(orderSample(Array.from({ length: 101 }, (_, i) => i), 11)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('summarises the encoders’ columns over the training rows only', () => {
    const t = training();
    const s = dataSummary(t, fitted(t), all(100));
    expect(s.rows).toBe(100);
    expect(s.columns.map((c) => [c.name, c.kind])).toEqual([['income', 'numeric'], ['age', 'numeric'], ['colour', 'categorical']]);
    const income = s.columns[0]!;
    if (income.kind !== 'numeric') throw new Error('numeric expected');
    const values = Float64Array.from({ length: 100 }, (_, i) => (t.columns[0]!.kind === 'number' ? t.columns[0]!.values[i]! : NaN)).sort();
    expect(income.edges).toEqual(decileEdges(values));
    expect(income.bins.reduce((a, b) => a + b)).toBe(100);
    expect(income.sample).toEqual(Array.from(values));
    const colour = s.columns[2]!;
    expect(colour.kind === 'categorical' && colour.categories.map((c) => c.count).reduce((a, b) => a + b)).toBe(100);
  });

  it('round-trips through JSON and refuses damaged summaries', () => {
    const t = training();
    const s = dataSummary(t, fitted(t), all(400), summarizePredictions(Float32Array.of(0.9, 0.1, 0.2, 0.8), ['high', 'low']));
    expect(parseDataSummary(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(parseDataSummary({ ...s, version: 2 })).toBeUndefined();
    expect(parseDataSummary({ ...s, columns: [{ ...s.columns[0], bins: [1] }] })).toBeUndefined();
    expect(parseDataSummary({ ...s, columns: [{ kind: 'numeric', name: '__proto__' }] })).toBeUndefined();
    expect(parseDataSummary(null)).toBeUndefined();
  });
});

describe('drift report', () => {
  it('ranks a column scaled ×3 and shifted first, with PSI and KS as the statistics compute them', () => {
    const t = training();
    const f = fitted(t);
    const s = dataSummary(t, f, all(300));
    // new rows: the last 100, income × 3 + 20
    const rows = Array.from({ length: 100 }, (_, k) => {
      const r = 300 + k;
      const cell = (c: number) => (t.columns[c]!.kind === 'number' ? t.columns[c]!.values[r]! : null);
      return [cell(0)! * 3 + 20, cell(1), ['red', 'green', 'blue'][r % 3]!, 'low'];
    });
    const fresh = tableFromRows(['income', 'age', 'colour', 'label'], rows);
    const report = driftReport(s, fresh, f);
    expect(report.features[0]!.name).toBe('income');
    expect(report.features[0]!.severity).toBe('large');
    expect(report.features[0]!.sentence).toMatch(/^income is distributed very differently from training \(PSI \d+\.\d\d\): retraining is advised\.$/);
    // same numbers as the statistics on the raw values (no missing cells: the missing bin adds 0)
    const inc = s.columns[0]!;
    if (inc.kind !== 'numeric' || fresh.columns[0]!.kind !== 'number') throw new Error('numeric expected');
    const newValues = fresh.columns[0]!.values;
    expect(report.features[0]!.psi).toBeCloseTo(psi(inc.bins, binCounts(newValues, inc.edges)), 12);
    expect(report.features[0]!.ks).toEqual(ks2Sorted(inc.sample, Float64Array.from(newValues).sort()));
    // age is unchanged: 100 new rows against deciles leave sampling noise only (about 9 · (1/100 + 1/300))
    const age = report.features.find((x) => x.name === 'age')!;
    expect(age.psi).toBeLessThan(0.25);
    expect(age.ks!.pValue).toBeGreaterThan(0.05);
    expect(report.features.find((x) => x.name === 'colour')!.psi).toBeLessThan(0.01);
  });

  it('categories: unseen values counted with examples, chi-squared and PSI over the training categories', () => {
    const train = tableFromRows(['c', 'y'], [...Array(60).fill(['a', 'p']), ...Array(40).fill(['b', 'q'])]);
    const f = fitted(train, 'y');
    const s = dataSummary(train, f, all(100));
    const fresh = tableFromRows(['c', 'y'], [...Array(30).fill(['a', 'p']), ...Array(50).fill(['b', 'q']), ...Array(15).fill(['z', 'p']), ...Array(5).fill([null, 'p'])]);
    const d = driftReport(s, fresh, f).features[0]!;
    expect(d.unseen).toEqual({ rows: 15, distinct: 1, examples: ['z'] });
    expect(d.missingRate).toEqual({ train: 0, new: 0.05 });
    // bins a, b, unseen, missing: train (.6, .4, 0→ε, 0→ε), new (.3, .5, .15, .05)
    const e = 1e-4;
    const hand = (0.3 - 0.6) * Math.log(0.3 / 0.6) + (0.5 - 0.4) * Math.log(0.5 / 0.4) + (0.15 - e) * Math.log(0.15 / e) + (0.05 - e) * Math.log(0.05 / e);
    expect(d.psi).toBeCloseTo(hand, 12);
    // 2 × 4 table [[60, 40, 0, 0], [30, 50, 15, 5]]: scipy.stats.chi2_contingency(correction=False) → 31.1111…, dof 3
    expect(d.chi2!.dof).toBe(3);
    expect(d.chi2!.statistic).toBeCloseTo(31.11111111111111, 10);
    expect(d.sentence).toContain('15 new rows have values never seen in training (“z”)');
    expect(d.sentence).toContain('Missing in 5 % of the new rows, against 0 % in training.');
  });

  it('text: token-length shift and the share of unknown tokens', () => {
    const texts = ['the cat sat', 'the dog sat', 'a cat ran', 'a dog ran', 'the cat ran', 'a dog sat'];
    const train = tableFromRows(['msg', 'y'], texts.map((t, i) => [t, i % 2 ? 'x' : 'z']));
    const schema = inferSchema(train).map((c) => (c.name === 'msg' ? { ...c, override: 'text' as const } : c));
    const spec: FeatureSpec = { ...defaultFeatureSpec(train, schema, 'y', 'classification'), text: { ...DEFAULT_TEXT, columns: ['msg'], tokenizer: { kind: 'word', vocabSize: 100, lowercase: true, ngrams: 1 } } };
    const f = fitEncoders(train, schema, spec, all(6));
    const s = dataSummary(train, f, all(6));
    const text = s.columns.find((c) => c.kind === 'text')!;
    expect(text.kind === 'text' && text.unknown).toBe(0);
    const fresh = tableFromRows(['msg', 'y'], [['the zebra sat on a mat today', 'x'], ['a cat quietly ran away', 'z']]);
    const d = driftReport(s, fresh, f).features.find((x) => x.kind === 'text')!;
    // 12 tokens, unknown: zebra on mat today quietly away = 6
    expect(d.unknownRate).toEqual({ train: 0, new: 0.5 });
    expect(d.severity).toBe('large'); // every new text is longer than any training text
    expect(d.sentence).toContain('50 % of its tokens are unknown to the tokenizer, against 0 % in training.');
  });

  it('prediction shift: class shares against the test split’s', () => {
    const t = training();
    const f = fitted(t);
    const s = dataSummary(t, f, all(400), { kind: 'classes', classes: ['high', 'low'], counts: [50, 50] });
    const probs = Float32Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? (i < 180 ? 0.9 : 0.1) : i < 180 ? 0.1 : 0.9)); // 90 high, 10 low
    const p = driftReport(s, t, f, probs).predictions!;
    expect(p.bars.new).toEqual([0.9, 0.1]);
    expect(p.psi).toBeCloseTo((0.9 - 0.5) * Math.log(0.9 / 0.5) + (0.1 - 0.5) * Math.log(0.1 / 0.5), 12);
    expect(p.severity).toBe('large');
  });

  it('severity thresholds and words', () => {
    expect([0.05, 0.1, 0.2, 0.25, 0.26].map(severityOf)).toEqual(['stable', 'moderate', 'moderate', 'moderate', 'large']);
    expect(verdict('income', 0.41)).toBe('income is distributed very differently from training (PSI 0.41): retraining is advised.');
  });
});

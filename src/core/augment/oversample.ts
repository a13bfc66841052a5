/**
 * Random oversampling: row indices that balance the classes by repeating rows of the smaller
 * classes until each has as many rows as the largest. Training split only (the caller's job);
 * repeating a row that is also in the test set would inflate the scores.
 */
import { createRng, shuffledIndices } from '../util/rng';

/**
 * Every row once, in order, then the extra rows class by class (in order of first appearance):
 * each row of a class repeated ⌊need / size⌋ times, and the remainder drawn without replacement
 * with the seeded rng, so no row is repeated twice more than another. Rows with a missing label
 * (null) appear once and are never repeated.
 */
export function oversample(labels: readonly (string | number | null)[], seed: number): number[] {
  const rowsOf = new Map<string | number, number[]>();
  labels.forEach((label, i) => {
    if (label === null) return;
    const rows = rowsOf.get(label);
    if (rows) rows.push(i);
    else rowsOf.set(label, [i]);
  });
  const out = labels.map((_, i) => i);
  const largest = Math.max(0, ...[...rowsOf.values()].map((r) => r.length));
  const rng = createRng(seed);
  for (const rows of rowsOf.values()) {
    const need = largest - rows.length;
    for (let k = 0; k < Math.floor(need / rows.length); k++) out.push(...rows);
    const order = shuffledIndices(rows.length, rng);
    for (let k = 0; k < need % rows.length; k++) out.push(rows[order[k]!]!);
  }
  return out;
}

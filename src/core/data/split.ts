/**
 * Seeded train / validation / test split of row indices (architecture rule 7: same seed, same split).
 *
 * Stratified (classification): every class is split in the same proportions as the whole dataset.
 * Integer rounding: the part sizes for the whole dataset are fixed first by largest remainder
 * (round(f·N), summing to N), exactly as for the unstratified split. Each class then gets
 * floor(f·n_class) rows per part, and its leftover rows are rounded up into parts so that class
 * sizes and part sizes both come out right (see `allocate`). So every row is used exactly once and
 * each class is within one row of its exact share in every part. A class with at least one row
 * always has one in train (another class gives up a train row so sizes stay put, when one can
 * while staying within one row of its own share). Only such a tiny class can be off by more than
 * one row in a part (its train row came from there). On tiny datasets the part sizes may differ
 * from the unstratified ones by a row or so, when no rounding fits both class and part sizes.
 *
 * The returned index arrays are in shuffled order; sort them if you need file order.
 */
import { assert } from '../util/assert';
import { err, ok, type Result } from '../util/result';
import { createRng, shuffledIndices, type Rng } from '../util/rng';

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

export interface SplitOptions {
  /** Number of rows; must equal `stratifyBy.length` when stratifying. */
  n: number;
  fractions: SplitFractions;
  seed: number;
  /** Class label per row for a stratified split (classification); omit for a plain shuffle. */
  stratifyBy?: ArrayLike<string | number | boolean | null | undefined>;
}

const PARTS = ['train', 'validation', 'test'] as const;
const SUM_TOLERANCE = 1e-6;

const percent = (f: number) => `${Math.round(f * 1000) / 10}%`;

export function validateFractions(f: SplitFractions): Result<SplitFractions> {
  for (const part of PARTS) {
    const v = f[part];
    if (!Number.isFinite(v) || v < 0) {
      return err({
        message: `The ${part} share must be a number of 0 or more, not ${v}.`,
        hint: 'Use fractions such as train 0.7, validation 0.15, test 0.15.',
        code: 'split-fraction-invalid',
      });
    }
  }
  const sum = f.train + f.validation + f.test;
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    return err({
      message: `The train, validation and test shares add up to ${percent(sum)}; they must add up to 100%.`,
      hint: 'For example: train 70%, validation 15%, test 15%.',
      code: 'split-fractions-sum',
    });
  }
  if (f.train === 0) {
    return err({
      message: 'The training share is 0%, so the model would have nothing to learn from.',
      hint: 'Give training most of the rows, for example 70%.',
      code: 'split-no-train',
    });
  }
  return ok(f);
}

/** f·n, snapped to an integer when float error is all that separates them (0.29·100 = 28.999…96). */
const share = (f: number, n: number) => {
  const x = f * n;
  return Math.abs(x - Math.round(x)) < 1e-9 ? Math.round(x) : x;
};

/** Largest-remainder rounding of f·total into integers that sum to `total`. */
function apportion(total: number, fractions: readonly number[]): number[] {
  const exact = fractions.map((f) => share(f, total));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, p) => ({ p, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.p - b.p);
  for (let j = 0; left > 0; j = (j + 1) % byRemainder.length, left--) counts[byRemainder[j]!.p]!++;
  return counts;
}

function cut(order: ArrayLike<number>, sizes: readonly number[]): Split {
  const a = sizes[0]!;
  const b = a + sizes[1]!;
  const all = Uint32Array.from(order as ArrayLike<number>);
  return { train: all.slice(0, a), validation: all.slice(a, b), test: all.slice(b) };
}

export function splitRows(options: SplitOptions): Result<Split> {
  const checked = validateFractions(options.fractions);
  if (!checked.ok) return checked;
  const f = PARTS.map((p) => options.fractions[p]);
  const rng = createRng(options.seed);
  if (!options.stratifyBy) {
    const n = options.n;
    return ok(cut(shuffledIndices(n, rng), apportion(n, f)));
  }
  assert(options.stratifyBy.length === options.n, `stratifyBy has ${options.stratifyBy.length} labels for ${options.n} rows`);
  return ok(stratifiedSplit(options.stratifyBy, f, rng));
}

function stratifiedSplit(labels: ArrayLike<unknown>, f: readonly number[], rng: Rng): Split {
  const n = labels.length;
  // Group rows by label in order of first appearance (deterministic for the same labels).
  const groupOf = new Map<unknown, number[]>();
  for (let i = 0; i < n; i++) {
    const raw = labels[i];
    const key = typeof raw === 'number' && Number.isNaN(raw) ? null : (raw ?? null);
    let g = groupOf.get(key);
    if (!g) groupOf.set(key, (g = []));
    g.push(i);
  }
  const groups = [...groupOf.values()];
  const partTotals = apportion(n, f);

  const cells = allocate(
    groups.map((g) => g.length),
    f,
    partTotals,
  );
  keepEveryClassInTrain(cells, groups.map((g) => f.map((fp) => share(fp, g.length))));

  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  groups.forEach((g, c) => {
    const order = shuffledIndices(g.length, rng);
    const [a, b] = [cells[c]![0]!, cells[c]![0]! + cells[c]![1]!];
    order.forEach((j, pos) => (pos < a ? train : pos < b ? validation : test).push(g[j]!));
  });
  const shuffle = (rows: number[]) => {
    const order = shuffledIndices(rows.length, rng);
    return Uint32Array.from(order, (j) => rows[j]!);
  };
  return { train: shuffle(train), validation: shuffle(validation), test: shuffle(test) };
}

/**
 * cells[c][p] = rows of class c for part p, each floor or ceil of exact[c][p] = f[p]·size[c], rows
 * summing to size[c] and, whenever such a rounding exists, columns summing to partTotals.
 * The leftover rows after flooring are a small bipartite b-matching (class → part, at most one
 * extra per cell): greedy by largest fractional part, then augmenting paths to fix greedy dead ends.
 * If no rounding hits partTotals exactly, the remaining extras go to their class's best free cell
 * (part sizes then differ from partTotals by a row or so; per-class counts stay within one row).
 */
function allocate(sizes: readonly number[], f: readonly number[], partTotals: readonly number[]): number[][] {
  const P = f.length;
  const exact = sizes.map((n) => f.map((fp) => share(fp, n)));
  const cells = exact.map((row) => row.map(Math.floor));
  const rowNeed = sizes.map((n, c) => n - cells[c]!.reduce((a, b) => a + b, 0));
  const colFree = partTotals.map((t, p) => t - cells.reduce((a, row) => a + row[p]!, 0));
  const open = (c: number, p: number) => exact[c]![p]! > cells[c]![p]!; // not yet rounded up, and rounding up is allowed
  const extra = exact.map((row) => row.map(() => false));
  const candidates = exact
    .flatMap((row, c) => row.map((e, p) => ({ c, p, r: e - Math.floor(e) })))
    .filter((x) => x.r > 0)
    .sort((a, b) => b.r - a.r || a.c - b.c || a.p - b.p);
  const give = (c: number, p: number) => {
    extra[c]![p] = true;
    cells[c]![p]!++;
    rowNeed[c]!--;
    colFree[p]!--;
  };
  for (const { c, p } of candidates) if (rowNeed[c]! > 0 && colFree[p]! > 0 && open(c, p)) give(c, p);

  // Augmenting path from class c: take an open cell (c, p); if part p is full, bump another class
  // c2 out of p (undo its extra) and find c2 a new cell, recursively.
  const augment = (c: number, seen: boolean[]): boolean => {
    for (let p = 0; p < P; p++) {
      if (seen[p] || extra[c]![p] || !open(c, p)) continue;
      seen[p] = true;
      if (colFree[p]! > 0) {
        give(c, p);
        return true;
      }
      for (let c2 = 0; c2 < sizes.length; c2++) {
        if (c2 === c || !extra[c2]![p]) continue;
        extra[c2]![p] = false;
        cells[c2]![p]!--;
        rowNeed[c2]!++;
        colFree[p]!++;
        if (augment(c2, seen)) {
          give(c, p);
          return true;
        }
        give(c2, p);
      }
    }
    return false;
  };
  for (let c = 0; c < sizes.length; c++) {
    while (rowNeed[c]! > 0 && augment(c, new Array<boolean>(P).fill(false)));
  }
  // No exact rounding: let the part sizes give.
  for (const { c, p } of candidates) if (rowNeed[c]! > 0 && open(c, p)) give(c, p);
  return cells;
}

/**
 * A class with rows but none in train gets one, from its larger other part. To keep part sizes, a
 * class that stays within one row of its share gives a train row back to that part; if no class
 * can, the part sizes shift by one row instead (per-class proportions matter more).
 */
function keepEveryClassInTrain(cells: number[][], exact: readonly (readonly number[])[]): void {
  cells.forEach((row, c) => {
    if (row[0]! > 0) return;
    const from = row[1]! >= row[2]! ? 1 : 2;
    row[from]!--;
    row[0]!++;
    let lender = -1;
    let best = -Infinity;
    cells.forEach((other, d) => {
      const trainAfter = other[0]! - 1;
      const fromAfter = other[from]! + 1;
      if (d === c || trainAfter < 1 || trainAfter < exact[d]![0]! - 1 || fromAfter > exact[d]![from]! + 1) return;
      const slack = trainAfter - exact[d]![0]! + (exact[d]![from]! - fromAfter);
      if (slack > best) [lender, best] = [d, slack];
    });
    if (lender >= 0) {
      cells[lender]![0]!--;
      cells[lender]![from]!++;
    }
  });
}

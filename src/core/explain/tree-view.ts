/**
 * A trained tree put in plain words and laid out for drawing: each split as a rule in the raw
 * units the student knows ("petal_length < 2.45", "colour is not red"), each node's training-row
 * count, each leaf's prediction. Trees split encoded columns (`x[feature] < threshold`, left when
 * true); `EncodedColumn` says how to read a column back (the encoders are per column and affine
 * for numbers, so a threshold converts exactly: raw = encoded · scale + center).
 */

/** The arrays of one tree (core/models/tree-model.ts `TreeJSON`, restated: explain imports no model code). */
export interface TreeNodes {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export type EncodedColumn =
  | { kind: 'number'; column: string; center: number; scale: number }
  | { kind: 'category'; column: string; category: string }
  | { kind: 'codes'; column: string; categories: string[] }
  | { kind: 'missing'; column: string }
  | { kind: 'flag'; column: string }
  | { kind: 'other'; column: string };

const fmt = (v: number) => String(Number(v.toPrecision(4)));

/** The rule of a split, as "left" (x < t) and "right" (x ≥ t) sentences. */
export function splitWords(col: EncodedColumn, threshold: number): { left: string; right: string } {
  switch (col.kind) {
    case 'number': {
      const t = fmt(threshold * col.scale + col.center);
      return { left: `${col.column} < ${t}`, right: `${col.column} ≥ ${t}` };
    }
    case 'category':
      return { left: `${col.column} is not ${col.category}`, right: `${col.column} is ${col.category}` };
    case 'missing':
      return { left: `${col.column} is known`, right: `${col.column} is missing` };
    case 'flag':
      return { left: `${col.column} is false`, right: `${col.column} is true` };
    case 'codes': {
      const cut = Math.ceil(threshold);
      const low = col.categories.slice(0, Math.max(0, cut));
      const high = col.categories.slice(Math.max(0, cut));
      const list = (v: string[]) => (v.length <= 3 ? v.join(', ') : `${v.slice(0, 3).join(', ')} … (${v.length})`);
      return { left: `${col.column} is ${list(low) || 'none'}`, right: `${col.column} is ${list(high) || 'none'}` };
    }
    case 'other':
      return { left: `${col.column} < ${fmt(threshold)}`, right: `${col.column} ≥ ${fmt(threshold)}` };
  }
}

/** Training rows reaching each node: every row is routed from the root to its leaf. */
export function nodeCounts(t: TreeNodes, x: Float32Array, n: number, f: number): number[] {
  const counts = new Array<number>(t.feature.length).fill(0);
  for (let r = 0; r < n; r++) {
    let i = 0;
    counts[0]!++;
    while (t.feature[i]! >= 0) {
      i = x[r * f + t.feature[i]!]! < t.threshold[i]! ? t.left[i]! : t.right[i]!;
      counts[i]!++;
    }
  }
  return counts;
}

export interface DrawnNode {
  id: number;
  depth: number;
  /** Horizontal slot (leaves of the drawn tree get 0, 1, 2 …; parents sit between their children). */
  x: number;
  parent: number;
  /** The rule that leads here from the parent ("petal_length < 2.45"), none for the root. */
  edge?: string;
  /** A split: its left/right rules. */
  split?: { left: string; right: string };
  /** Below the depth limit: how many nodes are hidden under this one. */
  hidden: number;
  leaf: boolean;
  /** The node's output row (class shares, a value, or boosting scores). */
  value: number[];
  count: number;
}

/** The nodes of `t` down to `maxDepth` (root = 0), with slots for a tidy left-to-right drawing. */
export function layoutTree(t: TreeNodes, columns: readonly EncodedColumn[], counts: readonly number[], width: number, maxDepth: number): { nodes: DrawnNode[]; slots: number; depth: number } {
  const nodes: DrawnNode[] = [];
  let slot = 0, deepest = 0;
  const subtreeSize = (i: number): number => (t.feature[i]! < 0 ? 1 : 1 + subtreeSize(t.left[i]!) + subtreeSize(t.right[i]!));
  const visit = (i: number, depth: number, parent: number, edge: string | undefined): number => {
    const leaf = t.feature[i]! < 0;
    const cut = !leaf && depth >= maxDepth;
    const col = leaf ? undefined : (columns[t.feature[i]!] ?? { kind: 'other', column: `feature ${t.feature[i]}` });
    const split = col ? splitWords(col, t.threshold[i]!) : undefined;
    const node: DrawnNode = {
      id: i, depth, x: 0, parent, leaf,
      ...(edge ? { edge } : {}),
      ...(split ? { split } : {}),
      hidden: cut ? subtreeSize(i) - 1 : 0,
      value: t.value.slice(i * width, i * width + width),
      count: counts[i] ?? 0,
    };
    nodes.push(node);
    deepest = Math.max(deepest, depth);
    if (leaf || cut) node.x = slot++;
    else {
      const a = visit(t.left[i]!, depth + 1, i, split!.left);
      const b = visit(t.right[i]!, depth + 1, i, split!.right);
      node.x = (a + b) / 2;
    }
    return node.x;
  };
  visit(0, 0, -1, undefined);
  return { nodes, slots: Math.max(1, slot), depth: deepest };
}

/** A node's output in words. */
export function outputWords(value: readonly number[], kind: 'shares' | 'value' | 'scores', labels: readonly string[]): string {
  if (kind === 'value') return `predicts ${fmt(value[0] ?? 0)}`;
  if (kind === 'scores') {
    const sign = (v: number) => (v >= 0 ? `+${fmt(v)}` : fmt(v));
    return value.length === 1 ? `adds ${sign(value[0]!)} to the score${labels[1] ? ` of ${labels[1]}` : ''}` : `adds ${value.map((v, k) => `${sign(v)} ${labels[k] ?? k}`).join(', ')}`;
  }
  let best = 0;
  for (let k = 1; k < value.length; k++) if (value[k]! > value[best]!) best = k;
  return `${labels[best] ?? best} (${Math.round((value[best] ?? 0) * 100)} %)`;
}

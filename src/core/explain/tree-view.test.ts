import { describe, expect, it } from 'vitest';
import { layoutTree, nodeCounts, outputWords, splitWords, type TreeNodes } from './tree-view';

// Root splits a standardized number (mean 3, sd 2) at 0 → raw 3; its right child splits colour=red.
const tree: TreeNodes = {
  feature: [0, -1, 1, -1, -1],
  threshold: [0, 0, 0.5, 0, 0],
  left: [1, -1, 3, -1, -1],
  right: [2, -1, 4, -1, -1],
  value: [0.5, 0.5, 1, 0, 0.25, 0.75, 1, 0, 0, 1],
};
const columns = [
  { kind: 'number', column: 'size', center: 3, scale: 2 },
  { kind: 'category', column: 'colour', category: 'red' },
] as const;

describe('tree view', () => {
  it('puts split rules in raw units and plain words', () => {
    expect(splitWords(columns[0], 0.25)).toEqual({ left: 'size < 3.5', right: 'size ≥ 3.5' });
    expect(splitWords(columns[1], 0.5)).toEqual({ left: 'colour is not red', right: 'colour is red' });
    expect(splitWords({ kind: 'missing', column: 'age' }, 0.5).right).toBe('age is missing');
    expect(splitWords({ kind: 'codes', column: 'size', categories: ['S', 'M', 'L'] }, 1.5)).toEqual({ left: 'size is S, M', right: 'size is L' });
  });

  it('counts the training rows reaching each node', () => {
    // rows: (size enc, red): (-1, 0) → leaf 1; (1, 0) → leaf 3; (1, 1) → leaf 4; (2, 1) → leaf 4
    const x = Float32Array.from([-1, 0, 1, 0, 1, 1, 2, 1]);
    expect(nodeCounts(tree, x, 4, 2)).toEqual([4, 1, 3, 1, 2]);
  });

  it('lays out leaves left to right with parents centred, and cuts at the depth limit', () => {
    const full = layoutTree(tree, columns, [4, 1, 3, 1, 2], 2, 5);
    expect(full.nodes.map((n) => [n.id, n.x, n.depth])).toEqual([[0, 0.75, 0], [1, 0, 1], [2, 1.5, 1], [3, 1, 2], [4, 2, 2]]);
    expect(full.nodes[2]!.edge).toBe('size ≥ 3');
    expect(full.slots).toBe(3);
    const cut = layoutTree(tree, columns, [4, 1, 3, 1, 2], 2, 1);
    expect(cut.nodes.map((n) => n.id)).toEqual([0, 1, 2]);
    expect(cut.nodes[2]!.hidden).toBe(2);
  });

  it('says what a node outputs', () => {
    expect(outputWords([0.25, 0.75], 'shares', ['ham', 'spam'])).toBe('spam (75 %)');
    expect(outputWords([21.5], 'value', [])).toBe('predicts 21.5');
    expect(outputWords([-0.2], 'scores', ['no', 'yes'])).toBe('adds -0.2 to the score of yes');
  });
});

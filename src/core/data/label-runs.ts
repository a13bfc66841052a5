import type { StringColumn } from './table';

/**
 * The label column as runs of one label (a file's lines all have its label), made into codes once
 * the row count is known. Why not a ColumnBuilder: its codes array doubles as it grows, so for the
 * 20 million lines of a 1 GB corpus it held up to 128 MB, and copies of it, for a column that is
 * two runs.
 */
export class LabelRuns {
  private labels: string[] = [];
  private counts: number[] = [];

  push(label: string): void {
    const k = this.labels.length - 1;
    if (k >= 0 && this.labels[k] === label) this.counts[k]!++;
    else {
      this.labels.push(label);
      this.counts.push(1);
    }
  }

  /** The column (codes in order of first appearance, as stringColumn makes them) of `rows` rows. */
  finish(name: string, rows: number): StringColumn {
    const codes = new Int32Array(rows);
    const dict: string[] = [];
    const codeOf = new Map<string, number>();
    let at = 0;
    for (let k = 0; k < this.labels.length; k++) {
      const label = this.labels[k]!;
      let code = codeOf.get(label);
      if (code === undefined) {
        code = dict.length;
        codeOf.set(label, code);
        dict.push(label);
      }
      codes.fill(code, at, at + this.counts[k]!);
      at += this.counts[k]!;
    }
    return { kind: 'string', name, codes, dict };
  }
}

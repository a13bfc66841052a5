/** The table a JSON or JSON Lines reader grows, one record at a time (json-ingest.ts, json-stream.ts). */
import type { Column } from './table';
import { ColumnBuilder } from './column-builder';

export class RecordSink {
  names: string[] = [];
  builders: ColumnBuilder[] = [];
  rows = 0;
  private index = new Map<string, number>();

  add(record: Record<string, unknown>): void {
    for (const key in record) {
      let j = this.index.get(key);
      if (j === undefined) {
        j = this.names.length;
        this.index.set(key, j);
        this.names.push(key);
        const b = new ColumnBuilder();
        for (let i = 0; i < this.rows; i++) b.pushMissing();
        this.builders.push(b);
      }
      pushValue(this.builders[j]!, record[key]);
    }
    this.rows++;
    for (const b of this.builders) if (b.length < this.rows) b.pushMissing();
  }

  columns(): Column[] {
    return this.builders.map((b, j) => b.finish(this.names[j]!));
  }
}

function pushValue(b: ColumnBuilder, v: unknown): void {
  if (v === null || v === undefined) b.pushMissing();
  else if (typeof v === 'number') b.pushNumber(v);
  else if (typeof v === 'string') b.push(v);
  else if (typeof v === 'boolean') b.pushText(v ? 'true' : 'false');
  else b.pushText(JSON.stringify(v));
}

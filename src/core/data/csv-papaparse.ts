/**
 * papaparse as a CsvTokenizer: how csv-ingest.ts read CSV before csv-scan.ts, kept as the
 * reference the scanner is tested against (csv-scan.test.ts) and measured against (bench/csv.ts).
 * The app does not use it. papaparse's core Parser runs with ignoreLastRow while more input
 * follows, as in its own ChunkStreamer; each row's fields become the record's values.
 */
import Papa from 'papaparse';
import type { CsvRecord, CsvTokenizerFactory } from './csv-scan';

interface StepResult {
  data: string[][];
  errors: { code: string }[];
  meta: { cursor: number };
}

export const papaparseTokenizer: CsvTokenizerFactory = (delimiter, newline, onRecord) => {
  const rec: CsvRecord = { text: '', n: 0, starts: new Int32Array(1), ends: new Int32Array(1), values: [], end: 0, stray: 0, unterminated: false };
  const step = (res: StepResult): void => {
    const fields = res.data[0]!;
    rec.n = fields.length;
    rec.values = fields;
    rec.end = res.meta.cursor;
    rec.stray = 0;
    rec.unterminated = false;
    for (const e of res.errors) {
      if (e.code === 'MissingQuotes') rec.unterminated = true;
      else rec.stray++;
    }
    onRecord(rec);
  };
  const parser = new Papa.Parser({ delimiter, newline, step: step as never });
  return {
    parse(input, base, more) {
      const res = parser.parse(input, base, more) as StepResult;
      return res.meta.cursor - base;
    },
  };
};

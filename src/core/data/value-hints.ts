/**
 * Hints for what a table reader keeps as written but a student would not expect (issue 13's file
 * classes): numbers written with thousands separators or a decimal comma, and ±Infinity, which
 * load as text columns; invisible characters in column names (a zero-width space makes "a\u200bb" a
 * different name from "ab") and a byte-order mark inside cells (two files joined). The table is
 * not changed: the report says what was seen and how to fix the file. Only distinct values are
 * looked at (a sample of them), so this costs nothing next to reading the file.
 */
import { parseCell } from './column-builder';
import type { Table } from './table';
import type { Problem } from '../util/result';

/** Distinct values looked at per text column. */
const SAMPLE = 2000;
/** Share of a column's sampled values that must look like numbers for the hint. */
const SHARE = 0.9;

const SEPARATED = /^[+-]?(\d{1,3}(,\d{3})+(\.\d+)?|\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d+)$/;
const INFINITE = /^[+-]?(inf|infinity)$/i;
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u00ad]/;
const BOM = '\ufeff';

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
/** The name with its invisible characters made visible, e.g. "a⟨U+200B⟩b". */
const shown = (name: string) => [...name].map((ch) => (INVISIBLE.test(ch) ? `⟨${codePoint(ch)}⟩` : ch)).join('');

export function valueHints(table: Table): Problem[] {
  const hints: Problem[] = [];
  for (const col of table.columns) {
    if (INVISIBLE.test(col.name)) {
      hints.push({
        message: `The column name “${col.name}” holds an invisible character: it is “${shown(col.name)}”, a different name from the one it looks like.`,
        hint: 'Retype the name in your file (or rename the column in the first row), then load it again.',
        where: { row: 1, column: col.name },
        code: 'invisible-in-name',
      });
    }
    if (col.kind !== 'string') continue;
    const values = col.dict.length > SAMPLE ? col.dict.slice(0, SAMPLE) : col.dict;
    let separated = 0;
    let infinite = 0;
    let plain = 0;
    let withBom: string | undefined;
    for (const v of values) {
      const t = v.trim();
      if (SEPARATED.test(t)) separated++;
      else if (INFINITE.test(t)) infinite++;
      else if (!Number.isNaN(parseCell(t)) && Number.isFinite(parseCell(t))) plain++;
      if (withBom === undefined && v.includes(BOM)) withBom = v;
    }
    const n = values.length;
    const example = (test: (t: string) => boolean) => values.find((v) => test(v.trim()))!;
    if (n > 0 && separated > 0 && separated + plain + infinite >= SHARE * n) {
      hints.push({
        message: `Column “${col.name}” was read as text, though its values look like numbers written with separators (e.g. “${example((t) => SEPARATED.test(t))}”).`,
        hint: 'Add the step “Read written numbers” for this column in step 2 (Clean): it reads 1,234.5, 1.234,5 and 1 234,5. Or set the column to a plain number format in your spreadsheet (1234.5) and load the file again.',
        where: { column: col.name },
        code: 'separated-numbers',
      });
    } else if (n > 0 && infinite > 0 && infinite + plain >= SHARE * n) {
      hints.push({
        message: `Column “${col.name}” was read as text because it holds “${example((t) => INFINITE.test(t))}”, which is not a number a model can use.`,
        hint: 'Replace the infinite values with a number, or empty those cells to mark them missing, then load the file again.',
        where: { column: col.name },
        code: 'infinite-values',
      });
    }
    if (withBom !== undefined) {
      hints.push({
        message: `Column “${col.name}” has an invisible byte-order mark (U+FEFF) inside a value, e.g. “${shown(withBom)}”: that value differs from the same text without it.`,
        hint: 'This usually comes from joining two files that each started with a byte-order mark. Save each file as UTF-8 without a BOM before joining, or delete the character, then load the file again.',
        where: { column: col.name },
        code: 'bom-in-values',
      });
    }
  }
  return hints;
}

/**
 * Header row detection and column naming.
 * Detection is a vote per column, in the spirit of Python's csv.Sniffer.has_header:
 * a number in the first row votes "data"; text above a column of numbers votes "header";
 * a first-row value that reappears below it votes "data". Without evidence either way the
 * answer is "header", because almost every CSV a student meets has one (pandas assumes it too).
 */
import { NOT_A_NUMBER, parseCell } from './column-builder';
import type { Problem } from '../util/result';

export function detectHeader(rows: string[][]): boolean {
  if (rows.length < 2) return true;
  const first = rows[0]!;
  const body = rows.slice(1);
  let votes = 0;
  for (let j = 0; j < first.length; j++) {
    const head = parseCell(first[j]!);
    if (Number.isNaN(head)) continue; // empty / missing token: no evidence
    if (head !== NOT_A_NUMBER) {
      votes--;
      continue;
    }
    let numbers = 0;
    let texts = 0;
    let repeats = false;
    for (const r of body) {
      const cell = r[j];
      if (cell === undefined) continue;
      const v = parseCell(cell);
      if (v === NOT_A_NUMBER) texts++;
      else if (!Number.isNaN(v)) numbers++;
      if (cell === first[j]) repeats = true;
    }
    if (numbers > 0 && numbers >= texts) votes++;
    else if (repeats) votes--;
  }
  return votes >= 0;
}

export interface Naming {
  names: string[];
  renamed: { from: string; to: string }[];
  warnings: Problem[];
}

/**
 * Column names from the header cells: trimmed, empty ones become "column N" (N = position),
 * duplicates become "price (2)", "price (3)" … Without a header every column is "column N".
 */
export function columnNames(header: string[] | null, width: number): Naming {
  const names: string[] = [];
  const renamed: { from: string; to: string }[] = [];
  if (header === null) {
    for (let j = 0; j < width; j++) names.push(`column ${j + 1}`);
    return { names, renamed, warnings: [] };
  }
  const taken = new Set<string>();
  for (const cell of header) taken.add(cell.trim());
  const seen = new Set<string>();
  let empty = 0;
  let duplicate = 0;
  for (let j = 0; j < width; j++) {
    const raw = header[j] ?? '';
    const base = raw.trim();
    let name = base;
    if (base === '') {
      name = `column ${j + 1}`;
      for (let k = 2; taken.has(name) || seen.has(name); k++) name = `column ${j + 1} (${k})`;
      empty++;
    } else if (seen.has(base)) {
      let k = 2;
      while (taken.has(`${base} (${k})`) || seen.has(`${base} (${k})`)) k++;
      name = `${base} (${k})`;
      duplicate++;
    }
    seen.add(name);
    names.push(name);
    if (name !== base) renamed.push({ from: raw, to: name });
  }
  const warnings: Problem[] = [];
  if (renamed.length > 0) {
    const parts = [
      duplicate > 0 ? `${duplicate} duplicate column name${duplicate > 1 ? 's' : ''}` : '',
      empty > 0 ? `${empty} empty column name${empty > 1 ? 's' : ''}` : '',
    ].filter(Boolean);
    const first = renamed[0]!;
    warnings.push({
      message: `Renamed ${parts.join(' and ')}, e.g. "${first.from}" → "${first.to}".`,
      hint: 'Every column needs its own name. Rename the columns in your file if you prefer other names.',
      where: { row: 1, column: first.to },
      code: 'renamed-columns',
      count: renamed.length,
    });
  }
  return { names, renamed, warnings };
}

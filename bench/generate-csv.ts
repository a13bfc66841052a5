/**
 * Writes the benchmark CSV: 1,000,000 rows (~100 MB) of mixed columns, seeded so every run and
 * every machine reads the same bytes. Cached under .bench/ (gitignored) keyed by seed and size.
 * Columns: id, age, income (2 decimals), score (10 % missing), city (50 values), segment
 * (6 values), active (yes/no), signup (date, ~1,100 values), rating (1–5 with NA), product
 * (code, 100,000 values), email (unique), comment
 * (free text of 2–7 words, a quarter quoted because they hold a comma, a few with "" quotes).
 */
import { existsSync, mkdirSync, openSync, writeSync, closeSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../src/core/util/rng';

const CITIES = Array.from({ length: 50 }, (_, i) => `City ${String.fromCharCode(65 + (i % 26))}${i}`);
const SEGMENTS = ['student', 'retired', 'employed', 'self-employed', 'unemployed', 'other'];
const WORDS = (
  'the quick brown fox jumps over lazy dog data model train test split feature value ' +
  'great good bad okay price quality service fast slow friendly would buy again never ' +
  'delivery late early box damaged perfect small large color blue red green'
).split(' ');

export const BENCH_ROWS = 1_000_000;

export function benchCsvPath(rows = BENCH_ROWS, seed = 42): string {
  const csvField = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return cachedCsv(`csv-v2-${rows}-${seed}.csv`, BENCH_COLUMNS.join(','), rows, seed, (i, rng) => benchRecord(i, rng).map(csvField).join(','), 1);
}

const BENCH_COLUMNS = ['id', 'age', 'income', 'score', 'city', 'segment', 'active', 'signup', 'rating', 'product', 'email', 'comment'];
/** The columns the JSON files hold as numbers (empty: null; rating's "NA" stays a string, as in a real export). */
const JSON_NUMBERS = new Set(['id', 'age', 'income', 'score', 'rating']);

/**
 * The bench CSV's records as a JSON array of objects (`json`) or JSON Lines (`jsonl`): the same
 * values (an empty score is null, the same rng draws), so the formats' memory factors compare.
 */
export function benchJsonPath(format: 'json' | 'jsonl', rows = BENCH_ROWS, seed = 42): string {
  const record = (i: number, rng: ReturnType<typeof createRng>) => {
    const values = benchRecord(i, rng);
    const fields = BENCH_COLUMNS.map((c, k) => `${JSON.stringify(c)}:${JSON_NUMBERS.has(c) && values[k] !== 'NA' ? values[k] || 'null' : JSON.stringify(values[k])}`);
    return `{${fields.join(',')}}`;
  };
  if (format === 'jsonl') return cachedCsv(`json-v1-${rows}-${seed}.jsonl`, null, rows, seed, record, 1);
  return cachedCsv(`json-v1-${rows}-${seed}.json`, '[', rows, seed, (i, rng) => `${i > 1 ? ',' : ''}${record(i, rng)}`, 1, ']');
}

/** Row i's values, as text (the CSV's cells before quoting). */
function benchRecord(i: number, rng: ReturnType<typeof createRng>): string[] {
  const age = 18 + rng.int(70);
  const income = (15000 + rng.next() * 120000).toFixed(2);
  const score = rng.next() < 0.1 ? '' : (rng.next() * 100).toFixed(3);
  const city = CITIES[rng.int(CITIES.length)]!;
  const segment = SEGMENTS[rng.int(SEGMENTS.length)]!;
  const active = rng.next() < 0.5 ? 'yes' : 'no';
  const signup = `20${10 + rng.int(3)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
  const rating = rng.next() < 0.05 ? 'NA' : String(1 + rng.int(5));
  const product = `P-${rng.int(100000)}`;
  const email = `user${i}@example.org`;
  const words: string[] = [];
  const nw = 2 + rng.int(6);
  for (let w = 0; w < nw; w++) words.push(WORDS[rng.int(WORDS.length)]!);
  let comment = words.join(' ');
  const r = rng.next();
  if (r < 0.02) comment = `said "${comment}"`;
  else if (r < 0.25) comment = `${words[0]}, ${comment}`;
  return [String(i), String(age), income, score, city, segment, active, signup, rating, product, email, comment];
}

/** Writes `rows` lines made by `line(i, rng)` (after the header, before the footer) under .bench/`name` once (atomically), then reuses the file. */
function cachedCsv(name: string, header: string | null, rows: number, seed: number, line: (i: number, rng: ReturnType<typeof createRng>) => string, first = 0, footer?: string): string {
  const dir = join(process.cwd(), '.bench');
  const path = join(dir, name);
  if (existsSync(path) && statSync(path).size > 0) return path;
  mkdirSync(dir, { recursive: true });
  const rng = createRng(seed);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let buf = header === null ? '' : `${header}\n`;
  for (let i = first; i < first + rows; i++) {
    buf += `${line(i, rng)}\n`;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, footer === undefined ? buf : `${buf}${footer}\n`);
  closeSync(fd);
  renameSync(tmp, path);
  return path;
}

/**
 * The training benchmark's table: `rows` rows of six numbers, a group (4 values) and a 3-class
 * label that follows the numbers (learnable), seeded. ~55 MB at 1,000,000 rows; cached in .bench/.
 */
export function benchTrainCsvPath(rows = BENCH_ROWS, seed = 7): string {
  return cachedCsv(`train-v1-${rows}-${seed}.csv`, 'a,b,c,d,e,f,group,label', rows, seed, (_i, rng) => {
    const v = Array.from({ length: 6 }, () => rng.next() * 10 - 5);
    const s = v[0]! + v[1]! - v[2]! + rng.next() * 2 - 1;
    const label = s < -2 ? 'low' : s > 2 ? 'high' : 'mid';
    return `${v.map((x) => x.toFixed(3)).join(',')},${SEGMENTS[rng.int(4)]},${label}`;
  });
}

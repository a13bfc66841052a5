/**
 * The csv bench's reference, in a process of its own (bench/csv.ts spawns it): papaparse alone
 * over the same file, without typing anything (one string per field). Like with like against
 * the ingest's timing: the file's bytes are read and decoded inside the timing (readFileSync,
 * then TextDecoder, as `await file.text()` does in a browser; the ingest reads and decodes the
 * file too), and the first run is timed cold, in a fresh process, as the ingest's first read is;
 * the second is the warm run (code compiled), against the ingest's warm read. The parse alone
 * (text already decoded) is reported too: that was the reference until 2026-12-04, warm only.
 * In the ingest's process papaparse ran 3–8× slower after the ingest (and the ingest after it),
 * heap and JIT state carrying over, hence the separate process.
 * Prints {"cold": Timing, "warm": Timing, "rows": …}, Timing = {"seconds", "cpu", "parseSeconds"}
 * (cpu: this process's CPU seconds for read, decode and parse). Usage: node --import tsx bench/_papaparse-raw.ts <file.csv>
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const path = process.argv[2]!;
let rows = 0;

function timed(): { seconds: number; cpu: number; parseSeconds: number } {
  rows = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  const t1 = performance.now();
  Papa.parse<string[]>(text, { step: () => void rows++ });
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  return { seconds: (t2 - t0) / 1000, cpu: (c.user + c.system) / 1e6, parseSeconds: (t2 - t1) / 1000 };
}

const cold = timed();
const warm = timed();
console.log(JSON.stringify({ cold, warm, rows }));

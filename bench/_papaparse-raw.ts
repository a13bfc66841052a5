/**
 * The csv bench's reference, in a process of its own (bench/csv.ts spawns it): papaparse alone
 * over the file as one string, warm (one untimed parse first). In the ingest's process it ran
 * 3–8× slower after the ingest (and the ingest after it), heap and JIT state carrying over.
 * Prints {"seconds": …, "cpu": …, "rows": …} (cpu: this process's CPU seconds during the timed parse). Usage: node --import tsx bench/_papaparse-raw.ts <file.csv>
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const text = readFileSync(process.argv[2]!, 'utf8');
Papa.parse<string[]>(text, { step: () => {} });
let rows = 0;
const t0 = performance.now();
const c0 = process.cpuUsage();
Papa.parse<string[]>(text, { step: () => void rows++ });
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, rows }));

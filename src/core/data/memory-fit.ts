/**
 * "Will this file fit?" before a file is read: the memory reading it needs, estimated from its
 * size and kind, against what the browser can give the page. A file over the budget is refused
 * with a message (what, how big, what to do) instead of the tab running out of memory part-way
 * and losing the page with it; one over half the budget loads with a warning.
 *
 * The factors are the page's peak memory ÷ the file's size, measured in Chromium while a file loads
 * in the real app (e2e/journeys/big-files.spec.ts: JavaScript memory of the page and its workers,
 * ArrayBuffers included, garbage not yet collected too, since the page holds it until the collector
 * runs). The loaded table is itself 1.6–2.5× the file (one JS string per distinct value); the
 * data worker stores it in IndexedDB part by part (table-parts.ts, in two reused buffers), so that
 * no longer clones it whole nor leaves garbage its size:
 * - CSV: 5.5× (3.06–3.22× for a 34 MB file and 2.31× for 346 MB once stored parts reused their
 *   buffers; 3.75× and 2.79–2.91× with parts, 4.5–4.75× before).
 * - Text files read as examples (text-ingest.ts): 2.5× plus 96 MB (LOAD_BASE_BYTES): measured
 *   1.98× for the 1 GB two-file corpus and 3.04–3.47× for 60 MB (4 runs), one example per line, at
 *   load 11–17 on 2 cores (3.29× and 3.35–4.0× before the stored parts reused their buffers and the
 *   duplicate-row check skipped distinct lines; 4.2–4.7× before distinct-column.ts).
 * - JSON and JSON Lines (the bench table's records, 22 and 67 MB each, in big-files.spec.ts): a
 *   JSON list of records streams record by record since 2026-12-04 (json-ingest.ts) and peaks at
 *   2.22× for 67 MB and 3.37–3.79× for 22 MB (5.40× and 6.06× when it was parsed whole); JSON
 *   Lines 2.72–2.80× and 2.66–3.78×. The JSON factor stays 8: a broken file (known only once read)
 *   is read again whole to place its error, which took 5.4–6.1×; wrapper objects and Latin-1
 *   text stream since 2026-12-08. JSON Lines: 5.5, as CSV.
 * - A language model's corpus (worker/lm-corpus.ts): the text as strings (1 byte a character for
 *   Latin-1 text, 2 otherwise), its token ids (1 byte a character for a character tokenizer of at
 *   most 256 symbols, 2 for a bigger one, about half that for BPE), the tokenizer's counts and
 *   garbage: 5.5. Measured in Chromium with the character tokenizer (`npm run bench -- reliability`,
 *   reliability-lm-corpus-peak): 4.40× for 30 MB, 5.00× for 60 MB (two files), 3.93× for 100 MB,
 *   one run each at load 10–19 (7.14× for 30 MB before its ids took a byte each and its pieces
 *   were encoded in small parts; the factor was 5, set by construction, until 60 MB reached it).
 */

export type LoadKind = 'csv' | 'json' | 'jsonl' | 'texts' | 'corpus';

export const LOAD_FACTOR: Readonly<Record<LoadKind, number>> = { csv: 5.5, json: 8, jsonl: 5.5, texts: 2.5, corpus: 5.5 };

/**
 * Used when the browser says nothing about memory (Firefox, Safari): 2 GB. Safari on phones and
 * tablets ends a tab at about 1.5–2 GB, and 64-bit desktop browsers give a page at least that.
 */
export const FALLBACK_BUDGET_BYTES = 2 * 2 ** 30;
/** Over this share of the budget a file still loads, with a warning. */
export const WARN_SHARE = 0.5;

export interface MemoryBudget {
  bytes: number;
  /** Where the figure comes from, for the message. */
  source: 'test' | 'heap-limit' | 'device-memory' | 'fallback';
}

/** What the browser reports (store/memory-apis.ts reads it; core stays free of the DOM). */
export interface MemoryApis {
  /** Chromium's performance.memory.jsHeapSizeLimit: the most one JavaScript heap (the data worker's too) may grow to. */
  heapLimit?: number;
  /** navigator.deviceMemory in GB (rounded down to a power of two; Chromium caps it at 8). */
  deviceGb?: number;
  hook?: number;
}

/**
 * The memory a file may use: the test hook if set; else the JavaScript heap limit, lowered to half
 * the device's memory when the device reports under the cap of 8 GB (the system and other tabs keep
 * the rest); else half the device's memory; else the fallback.
 */
export function memoryBudget(apis: MemoryApis): MemoryBudget {
  if (apis.hook !== undefined) return { bytes: apis.hook, source: 'test' };
  const half = apis.deviceGb !== undefined && apis.deviceGb < 8 ? (apis.deviceGb * 2 ** 30) / 2 : undefined;
  if (apis.heapLimit !== undefined) return half !== undefined && half < apis.heapLimit ? { bytes: half, source: 'device-memory' } : { bytes: apis.heapLimit, source: 'heap-limit' };
  if (half !== undefined) return { bytes: half, source: 'device-memory' };
  return { bytes: FALLBACK_BUDGET_BYTES, source: 'fallback' };
}

/** The kind of a table file by its name, as the ingest will read it (a .json of records is JSON unless it says JSON Lines). */
export function tableKind(fileName: string): LoadKind {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'json' ? 'json' : ext === 'jsonl' || ext === 'ndjson' ? 'jsonl' : 'csv';
}

/**
 * Memory a read of text files takes whatever their size: chunk buffers and garbage the collector
 * has not taken yet (V8 collects buffers after about 64 MB more of them). Why: a 60 MB text file
 * peaked at 3.47× while the 1 GB corpus peaks at 1.98×; a fixed 96 MB covers the small file
 * without refusing the big one. Tables have no such term: their factor was measured on small files and covers them.
 */
export const LOAD_BASE_BYTES: Readonly<Record<LoadKind, number>> = { csv: 0, json: 0, jsonl: 0, texts: 96 * 2 ** 20, corpus: 0 };

export const estimateBytes = (size: number, kind: LoadKind): number => Math.ceil(size * LOAD_FACTOR[kind]) + LOAD_BASE_BYTES[kind];

/** Bytes as a student reads them: 740 KB, 96 MB, 1.2 GB. */
export function sizeText(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const WHAT_TO_DO: Readonly<Record<LoadKind, string>> = {
  csv: 'Load a sample of its rows instead (for example the first 100,000 rows, saved as a new file), split it into smaller files, or save it with fewer columns.',
  json: 'Save it as JSON Lines (one record a line, .jsonl), which needs less memory, or load a sample of its records, split it into smaller files, or keep fewer fields.',
  jsonl: 'Load a sample of its records instead (for example the first 100,000 lines, saved as a new file), split it into smaller files, or keep fewer fields.',
  texts: 'Load fewer files or a sample of the lines (for example the first 100,000, saved as a new file), or split the text into smaller files and load one.',
  corpus: 'Train on a part of the text (for example its first 100 MB, saved as a new file); a small model learns little more from a bigger corpus.',
};

export interface FitVerdict {
  verdict: 'fits' | 'warn' | 'refuse';
  needed: number;
  budget: MemoryBudget;
  /** Set for 'warn' and 'refuse'. */
  message?: string;
  hint?: string;
}

/** Whether reading `size` bytes of `kind` (called `name`) fits the budget, with the message to show when it does not or nearly does not. */
export function loadFit(name: string, size: number, kind: LoadKind, budget: MemoryBudget): FitVerdict {
  const needed = estimateBytes(size, kind);
  const what = !/\.[a-z0-9]+$/i.test(name) ? `The texts (${name}) are` : `“${name}” is`;
  const can = budget.source === 'fallback' ? `this browser does not say how much memory it has, and ${sizeText(budget.bytes)} is a safe guess` : `this browser can give the page about ${sizeText(budget.bytes)}`;
  const plural = what.endsWith(' are');
  if (needed > budget.bytes) {
    return {
      verdict: 'refuse',
      needed,
      budget,
      message: `${what} ${sizeText(size)}: reading ${plural ? 'them' : 'it'} needs about ${sizeText(needed)} of memory, and ${can}. ${plural ? 'They were' : 'It was'} not read, so the page would not run out of memory part-way.`,
      hint: WHAT_TO_DO[kind],
    };
  }
  if (needed > budget.bytes * WARN_SHARE) {
    return {
      verdict: 'warn',
      needed,
      budget,
      message: `${what} ${sizeText(size)} and needed about ${sizeText(needed)} of memory to read, more than half of what ${budget.source === 'fallback' ? 'this browser can safely be assumed to have' : 'this browser can give the page'} (${sizeText(budget.bytes)}): training or a second file may run out of memory.`,
      hint: WHAT_TO_DO[kind],
    };
  }
  return { verdict: 'fits', needed, budget };
}

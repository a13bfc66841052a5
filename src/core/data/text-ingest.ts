/**
 * Plain-text files (or pasted text) → a table of `text` and `label` columns, for text tasks.
 *
 * - Labels come from where a file is: the folder a file is in, below the folder all the files
 *   share, is its label (`reviews/pos/1.txt`, `reviews/neg/2.txt` → pos, neg). A file directly in
 *   that shared folder is labelled, one example per file, with the shared folder's name (a folder
 *   `pos/` alone → pos), and one example per line with its file name without extension
 *   (`mail/spam.txt`, `mail/ham.txt` → spam, ham). Files without any folder take their file name.
 * - Mode 'file': one example per file. Mode 'line': one example per non-blank line. Mode
 *   'pasted': one example per non-blank line, each `label<TAB>text` when any line has a tab
 *   (then every line must), else no label column.
 * - Only `.txt`/`.text` files are read from a folder; hidden files (a path part starting with '.')
 *   and other files are skipped and reported.
 * - Each file is decoded like a CSV (decode.ts): UTF-8 with or without BOM, UTF-16 with a BOM,
 *   and a Latin-1 (Windows-1252) fallback with a warning that names the file and line.
 * - An example longer than MAX_TEXT_CHARS characters is cut there, with a warning: a 50 MB line
 *   loads as its first 100,000 characters, in bounded memory and without hanging. Text models
 *   look at a few hundred words at most, and a 50 MB cell would stall every view of the table.
 * - Expected failures come back as `{ ok: false }`: nothing to read, every file empty, a binary
 *   file, pasted lines with and without labels. Soft problems are warnings in the report: empty
 *   or skipped files, cut texts, texts without a word (only emoji), classes with one example,
 *   one class only.
 */
import { err, ok, type Problem, type Result } from '../util/result';
import type { ByteSource } from './byte-source';
import { DistinctColumn } from './distinct-column';
import { LabelRuns } from './label-runs';
import { StreamDecoder, textChunks } from './decode';
import { binaryProblem, bomEncoding, guessBomlessUtf16 } from './sniff';
import type { ColumnSchema } from './schema';
import type { Column, Table } from './table';
import { hasWord } from '../words/words';
import { CANCELLED, type IngestProgress, type IngestReport, type TextMode } from './ingest-types';

export type { TextIngestInfo, TextMode } from './ingest-types';

export interface TextSource {
  /** The file's path as the browser gives it ('folder/sub/name.txt' or 'name.txt'). */
  path: string;
  source: ByteSource;
}

export interface TextIngestOptions {
  /** Bytes read per step (tests use tiny values to split lines and characters across chunks). */
  chunkBytes?: number;
  /** The longest example kept, in UTF-16 code units (tests use small values). */
  maxTextChars?: number;
}

export const MAX_TEXT_CHARS = 100_000;
const HEAD_BYTES = 1024;
const PROGRESS_BYTES = 1 << 16;

const fmt = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string, many = `${word}s`) => `${fmt(n)} ${n === 1 ? word : many}`;
const listNames = (names: string[], max = 3) =>
  names.slice(0, max).map((n) => `"${n}"`).join(', ') + (names.length > max ? ` and ${fmt(names.length - max)} more` : '');

const parts = (path: string) => path.split(/[\\/]/).filter((p) => p !== '');
const baseName = (path: string) => parts(path).at(-1) ?? path;
const stem = (path: string) => baseName(path).replace(/\.[^.]*$/, '') || baseName(path);

/** Whether a path is a text file to read from a folder: .txt/.text, not hidden. */
export function isTextFile(path: string): boolean {
  const p = parts(path);
  return p.length > 0 && !p.some((s) => s.startsWith('.')) && /\.(txt|text)$/i.test(p.at(-1)!);
}

/** The label of each path (see the module comment): its class folder below the shared folder, else the shared folder or its file name. */
export function labelsFromPaths(paths: readonly string[], mode: TextMode = 'file'): string[] {
  const dirs = paths.map((p) => parts(p).slice(0, -1));
  let common = dirs.length > 0 ? dirs[0]!.length : 0;
  for (const d of dirs) {
    let i = 0;
    while (i < common && i < d.length && d[i] === dirs[0]![i]) i++;
    common = i;
  }
  const shared = common > 0 && mode === 'file' ? dirs[0]![common - 1]! : undefined;
  return paths.map((p, k) => dirs[k]![common] ?? shared ?? stem(p));
}

/** Table schema of a text table: the text column is text, the label a category. */
export function textSchema(table: Table, onColumn?: (done: number, total: number) => void): ColumnSchema[] {
  onColumn?.(table.columns.length, table.columns.length); // nothing to infer: by name
  return table.columns.map((c) => ({ name: c.name, inferred: c.name === 'text' ? 'text' : 'categorical' }));
}

export function noTextFiles(skipped: string[]): Problem {
  return {
    message: skipped.length > 0 ? `None of these ${plural(skipped.length, 'file')} is a .txt file (${listNames(skipped.map(baseName))}).` : 'There is no text to read.',
    hint: 'Choose .txt files, or a folder with one sub-folder of .txt files per class (for example spam/ and ham/).',
    code: 'no-text-files',
  };
}

function allEmpty(files: string[], mode: TextMode): Problem {
  const what = mode === 'pasted' ? 'The pasted text is empty' : files.length === 1 ? `"${files[0]}" is empty` : `All ${fmt(files.length)} files are empty`;
  return {
    message: `${what}: there is no text to learn from.`,
    hint: mode === 'pasted' ? 'Paste one example per line.' : 'Choose files that hold text; an empty file (or one of only blank lines) has no example.',
    code: 'empty-file',
  };
}

function binaryFile(name: string, p: Problem): Problem {
  const what = /^This is (.+), not a CSV or JSON file\.$/.exec(p.message)?.[1];
  return {
    message: what ? `"${name}" is ${what}, not a text file.` : `"${name}" holds binary data, not text.`,
    hint: 'Remove it from the files you load, or save it as plain text (.txt, UTF-8).',
    code: 'binary-file',
  };
}

/** Warnings about the labels: a class with a single example, or only one class. */
export function labelProblems(labels: readonly string[]): Problem[] {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return labelCountProblems(counts);
}

/** labelProblems from each label's count (ingest counts them as it reads instead of keeping a label per row). */
export function labelCountProblems(counts: ReadonlyMap<string, number>): Problem[] {
  const out: Problem[] = [];
  if (counts.size === 1) {
    const [only] = counts.keys();
    out.push({
      message: `Every example has the label "${only}": there is only one class, and a classifier needs at least two.`,
      hint: 'Put the files of each class in their own folder (for example spam/ and ham/) and load the folder that holds them, or load one file per class.',
      code: 'one-class',
    });
    return out;
  }
  const singles = [...counts].filter(([, n]) => n === 1).map(([l]) => l);
  if (singles.length === 1) {
    out.push({
      message: `Class "${singles[0]}" has only one example; it cannot be in both training and test sets.`,
      hint: 'Add more examples of this class, or remove it.',
      code: 'single-example-class',
      count: 1,
    });
  } else if (singles.length > 1) {
    out.push({
      message: `${fmt(singles.length)} classes have only one example each (${listNames(singles)}); a class with one example cannot be in both training and test sets.`,
      hint: 'Add more examples of these classes, or remove them. If each file is a class of its own, choose "one example per line" instead.',
      code: 'single-example-class',
      count: singles.length,
    });
  }
  return out;
}

/** Reads the text sources into a table (see the module comment). */
export async function ingestTexts(
  sources: readonly TextSource[],
  mode: TextMode,
  onProgress?: (p: IngestProgress) => void,
  signal?: AbortSignal,
  options: TextIngestOptions = {},
): Promise<Result<{ table: Table; report: IngestReport }>> {
  const maxChars = Math.max(1, options.maxTextChars ?? MAX_TEXT_CHARS);
  const chunkBytes = options.chunkBytes;
  const readable = mode === 'pasted' ? sources : sources.filter((s) => isTextFile(s.path));
  const skipped = mode === 'pasted' ? [] : sources.filter((s) => !isTextFile(s.path)).map((s) => s.path);
  if (readable.length === 0) return err(noTextFiles(skipped));
  const labels = mode === 'pasted' ? [] : labelsFromPaths(readable.map((s) => s.path), mode);

  const totalBytes = readable.reduce((n, s) => n + s.source.size, 0);
  let doneBytes = 0;
  let lastReported = -1;
  // The texts are nearly all distinct: deduplicated once at the end (distinct-column.ts), not looked up row by row.
  const texts = new DistinctColumn();
  const labelCol = new LabelRuns();
  const labelCounts = new Map<string, number>();
  const warnings: Problem[] = [];
  const emptyFiles: string[] = [];
  const latin1: string[] = [];
  let firstLatin1Line = 0;
  const cut: { where: string; chars: number }[] = [];
  let cutCount = 0;
  let noWords = 0;
  let firstNoWords = '';
  let rows = 0;
  let pastedLabelled: boolean | null = null;

  const report = (extra: number) => {
    if (!onProgress) return;
    const read = doneBytes + extra;
    if (read - lastReported < PROGRESS_BYTES && read < totalBytes) return;
    lastReported = read;
    onProgress({ bytesRead: read, totalBytes, rows });
  };

  const add = (text: string, label: string | null, where: string): Problem | null => {
    if (mode === 'pasted') {
      const tab = text.indexOf('\t');
      if (pastedLabelled === null) pastedLabelled = tab >= 0;
      if (pastedLabelled) {
        if (tab < 0) return pastedProblem(`${where} has no label, but the first line has one.`);
        label = text.slice(0, tab).trim();
        text = text.slice(tab + 1);
        if (label === '') return pastedProblem(`${where} has an empty label before the tab.`);
        if (text.trim() === '') return pastedProblem(`${where} has the label "${label}" but no text after the tab.`);
      } else if (tab >= 0) {
        return pastedProblem(`${where} has a label (text before a tab), but the first line has none.`);
      }
    }
    if (!hasWord(text)) {
      if (noWords++ === 0) firstNoWords = where;
    }
    texts.push(text);
    if (label !== null) {
      labelCol.push(label);
      labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
    }
    rows++;
    return null;
  };

  for (let f = 0; f < readable.length; f++) {
    if (signal?.aborted) return err(CANCELLED);
    const { path, source } = readable[f]!;
    const name = mode === 'pasted' ? 'the pasted text' : baseName(path);
    const label = mode === 'pasted' ? null : labels[f]!;
    if (source.size === 0) {
      emptyFiles.push(name);
      continue;
    }
    const head = await source.read(0, Math.min(source.size, HEAD_BYTES));
    const declared = bomEncoding(head) ?? guessBomlessUtf16(head) ?? undefined;
    const binary = binaryProblem(head, declared ?? null);
    if (binary) return err(binaryFile(name, binary));
    const decoder = new StreamDecoder(declared);

    // A line (or the whole file) is built from pieces; past maxChars only its length is counted.
    let pieces: string[] = [];
    let kept = 0;
    let length = 0;
    let line = 0;
    let fileRows = 0;
    let latinLine = 0;
    let charsBefore = 0; // decoded chars and line breaks before the current chunk, to find the Latin-1 line
    let breaksBefore = 0;
    const take = (piece: string) => {
      length += piece.length;
      if (kept < maxChars) {
        const room = maxChars - kept;
        const p = piece.length > room ? piece.slice(0, room) : piece;
        pieces.push(p);
        kept += p.length;
      }
    };
    const finish = (): Problem | null => {
      let text = pieces.join('');
      pieces = [];
      const full = length;
      kept = length = 0;
      if (mode !== 'file' && text.endsWith('\r')) text = text.slice(0, -1);
      if (text.trim() === '') return null;
      const where = mode === 'file' ? `"${name}"` : `Line ${fmt(line)} of ${mode === 'pasted' ? 'the pasted text' : `"${name}"`}`;
      if (full > maxChars) {
        if (cutCount++ < 1) cut.push({ where, chars: full });
        // Do not cut a character in two.
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
      }
      fileRows++;
      return add(mode === 'file' ? text.trim() : text, label, where);
    };

    for await (const chunk of textChunks(source, decoder, chunkBytes, signal)) {
      if (latinLine === 0) {
        // The line of the first non-UTF-8 character: line breaks before it, plus one.
        const upto = decoder.fallback ? Math.min(chunk.text.length, Math.max(0, decoder.fallback.char - charsBefore)) : chunk.text.length;
        for (let i = 0; i < upto; i++) if (chunk.text.charCodeAt(i) === 10) breaksBefore++;
        if (decoder.fallback) latinLine = breaksBefore + 1;
        charsBefore += chunk.text.length;
      }
      if (mode === 'file') {
        take(chunk.text);
      } else {
        const t = chunk.text;
        let start = 0;
        for (let nl = t.indexOf('\n'); nl >= 0; nl = t.indexOf('\n', start)) {
          take(t.slice(start, nl));
          line++;
          const bad = finish();
          if (bad) return err(bad);
          start = nl + 1;
        }
        take(t.slice(start));
      }
      report(chunk.bytesRead);
    }
    if (signal?.aborted) return err(CANCELLED);
    line++;
    const bad = finish();
    if (bad) return err(bad);
    doneBytes += source.size;
    if (fileRows === 0) emptyFiles.push(name);
    if (decoder.fallback) {
      latin1.push(name);
      if (latin1.length === 1) firstLatin1Line = latinLine || 1;
    }
  }

  if (rows === 0) return err(allEmpty(mode === 'pasted' ? [] : readable.map((s) => baseName(s.path)), mode));

  if (skipped.length > 0) {
    warnings.push({
      message: `Skipped ${plural(skipped.length, 'file')} that ${skipped.length === 1 ? 'is' : 'are'} hidden or not .txt: ${listNames(skipped.map(baseName))}.`,
      hint: 'Only .txt files are read. Rename a file to .txt if it holds plain text.',
      code: 'skipped-files',
      count: skipped.length,
    });
  }
  if (emptyFiles.length > 0) {
    warnings.push({
      message: `Skipped ${plural(emptyFiles.length, 'empty file')}: ${listNames(emptyFiles)}.`,
      hint: 'An empty file (or one of only blank lines) has no example; fill it or remove it.',
      code: 'empty-files',
      count: emptyFiles.length,
    });
  }
  if (latin1.length > 0) {
    warnings.push({
      message: `${listNames(latin1)} ${latin1.length === 1 ? 'is' : 'are'} not UTF-8: line ${fmt(firstLatin1Line)}${latin1.length > 1 ? ` of "${latin1[0]}"` : ''} has the first character that is not, so ${latin1.length === 1 ? 'it was' : 'they were'} read as Latin-1 (Windows-1252).`,
      hint: 'If accented letters or symbols look wrong, open the file in a text editor and save it as UTF-8.',
      code: 'not-utf8',
      count: latin1.length,
    });
  }
  if (cut.length > 0) {
    const first = cut[0]!;
    warnings.push({
      message: `${first.where} is ${fmt(first.chars)} characters long${cutCount > 1 ? `, and ${fmt(cutCount - 1)} more ${cutCount === 2 ? 'text is' : 'texts are'} over the limit` : ''}; each example keeps its first ${fmt(maxChars)} characters and the rest is left out.`,
      hint:
        mode === 'file'
          ? 'If the file holds many examples, one per line, load it again and choose "one example per line".'
          : 'Check that the file has line breaks between examples; a text this long is usually a file without them.',
      code: 'long-text',
      count: cutCount,
    });
  }
  if (noWords > 0) {
    warnings.push(
      noWords === rows
        ? {
            message: `None of the ${plural(rows, 'text')} has a word in it (letters or digits): they hold only emoji, symbols or punctuation.`,
            hint: 'Text models split texts into words, so they would see nothing here. Check that you chose the right files.',
            code: 'no-words',
            count: noWords,
          }
        : {
            message: `${plural(noWords, 'text has', 'texts have')} no word in ${noWords === 1 ? 'it' : 'them'} (only emoji, symbols or punctuation); the first is ${firstNoWords}.`,
            hint: 'Text models split texts into words and see nothing in those; remove them if they are noise.',
            code: 'no-words',
            count: noWords,
          },
    );
  }
  if (labelCounts.size > 0) warnings.push(...labelCountProblems(labelCounts));

  const columns: Column[] = [texts.finish('text')];
  if (labelCounts.size > 0) columns.push(labelCol.finish('label', rows));
  const table: Table = { columns, rowCount: rows };
  return ok({
    table,
    report: {
      format: 'text',
      encoding: latin1.length > 0 ? 'latin1' : 'utf-8',
      hasHeader: false,
      rowCount: rows,
      columnCount: columns.length,
      bytes: totalBytes,
      skippedRows: 0,
      renamedColumns: [],
      warnings,
      texts: { mode, files: readable.length - emptyFiles.length, skippedFiles: skipped.length + emptyFiles.length, labels: labelCounts.size },
    },
  });
}

function pastedProblem(message: string): Problem {
  return {
    message,
    hint: 'Give every line a label, then a tab, then the text (spam<TAB>Win a prize now), or give no line a label.',
    code: 'pasted-labels',
  };
}

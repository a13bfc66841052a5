/**
 * A file being read when the page closed. Loading a table, a `.txt` set or a language-model
 * corpus saves a note of it first; a reload that finds the note knows the read was cut off:
 * whatever the worker had written for it is dropped (the data worker's table, or the LM worker's
 * corpus) and the user is told, instead of the files silently vanishing.
 */
import type { Problem } from '../core/util/result';

/** Names kept in a note for a read of several files (the message names the first few). */
export const NOTE_NAMES = 3;

interface NoteBase {
  /** The table file, the text set's name (`textSetName`), or the corpus's file or count of files. */
  fileName: string;
  /** The first NOTE_NAMES files' names, when several files were read. */
  files?: string[];
  /** How many files were read, when several. */
  count?: number;
}

/** A table file (no `kind`: notes saved before other kinds existed) or a `.txt` set read into the data worker under `datasetId`. */
export interface DataUploadNote extends NoteBase {
  kind?: 'table' | 'texts';
  datasetId: string;
}

/** A language-model corpus read into the LM worker under `corpusId`. */
export interface CorpusUploadNote extends NoteBase {
  kind: 'corpus';
  corpusId: string;
}

export type UploadNote = DataUploadNote | CorpusUploadNote;

/** The note's `files` and `count` for a read of these files (none for one file). */
export function noteNames(names: readonly string[]): Pick<NoteBase, 'files' | 'count'> {
  return names.length > 1 ? { files: names.slice(0, NOTE_NAMES), count: names.length } : {};
}

const isStr = (v: unknown): v is string => typeof v === 'string';

export function restoreUploadNote(v: unknown): UploadNote | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const { kind, fileName, datasetId, corpusId, files, count } = v as Record<string, unknown>;
  if (!isStr(fileName)) return undefined;
  const names = Array.isArray(files) && files.every(isStr) && files.length > 0 && typeof count === 'number' && Number.isInteger(count) && count >= files.length ? { files: files.slice(0, NOTE_NAMES), count } : {};
  if (kind === 'corpus') return isStr(corpusId) ? { kind, fileName, corpusId, ...names } : undefined;
  if (kind !== undefined && kind !== 'table' && kind !== 'texts') return undefined;
  if (!isStr(datasetId)) return undefined;
  return kind === 'texts' ? { kind, fileName, datasetId, ...names } : { fileName, datasetId };
}

const quoted = (s: string) => `“${s}”`;

/** What was being read, for the message: one name, or a count and the first names. */
function what(note: UploadNote): string {
  const { files, count } = note;
  if (!files || !count || count < 2) return quoted(note.fileName);
  const list = `${files.map(quoted).join(', ')}${count > files.length ? ', …' : ''}`;
  // A folder's name says what was read; a count of files is not a name to quote.
  return note.fileName.endsWith('/') ? `${quoted(note.fileName)} (${count.toLocaleString('en-US')} files: ${list})` : `${count.toLocaleString('en-US')} files (${list})`;
}

export function cutOffUpload(note: UploadNote): Problem & { fileName: string } {
  const kind = note.kind ?? 'table';
  const before = kind === 'table' ? 'the file was loaded' : kind === 'texts' ? 'the text files were loaded' : 'the text was read';
  const hint = kind === 'table' ? 'Load the file again.' : kind === 'texts' ? 'Load the text files again.' : 'Load the text again.';
  return {
    message: `Reading ${what(note)} was cut off: the page was closed or reloaded before ${before}, so the part read was discarded.`,
    hint,
    fileName: note.fileName,
  };
}

/** The id the note's read writes under: the data worker's dataset or the LM worker's corpus. */
export const noteId = (note: UploadNote): string => (note.kind === 'corpus' ? note.corpusId : note.datasetId);

/**
 * Browser files → text file references for the `ingest-texts` job: chosen with a file picker
 * (a folder picker gives each file's path in `webkitRelativePath`) or dropped (folders are walked
 * with the File and Directory Entries API; the drop's entries must be taken before the drop event ends).
 */
import type { TextFileRef } from '../../core/jobs';

export const fileRefs = (files: Iterable<File>): TextFileRef[] => Array.from(files, (file) => ({ path: file.webkitRelativePath || file.name, file }));

/** What a drop holds: one table file, or text files (several files, or any folder). */
export type Dropped = { kind: 'single'; file: File } | { kind: 'texts'; files: Promise<TextFileRef[]> } | { kind: 'none' };

/** Reads a drop; call it inside the drop handler (the DataTransfer empties when the event ends). */
export function readDrop(dt: DataTransfer): Dropped {
  const entries = Array.from(dt.items ?? [])
    .filter((i) => i.kind === 'file')
    .map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  const files = Array.from(dt.files);
  const hasFolder = entries.some((e) => e?.isDirectory);
  if (!hasFolder) {
    if (files.length === 0) return { kind: 'none' };
    if (files.length === 1) return { kind: 'single', file: files[0]! };
    return { kind: 'texts', files: Promise.resolve(fileRefs(files)) };
  }
  return {
    kind: 'texts',
    files: Promise.all(entries.map((e) => (e ? walk(e) : Promise.resolve([])))).then((lists) => lists.flat()),
  };
}

async function walk(entry: FileSystemEntry): Promise<TextFileRef[]> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const lists = await Promise.all(children.map(walk));
  return lists.flat();
}

/** Files of a drop (plain files, or whole folders read through webkitGetAsEntry), by base name. */
import type { PretrainedFileIn } from '../../core/jobs/pretrained';

type Entry = FileSystemEntry & Partial<FileSystemFileEntry & FileSystemDirectoryEntry>;

async function readEntry(entry: Entry, out: File[], depth = 0): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = entry.file.bind(entry);
    out.push(await new Promise<File>((ok, no) => file(ok, no)));
  } else if (entry.isDirectory && entry.createReader && depth < 3) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, no) => reader.readEntries(ok, no));
      if (batch.length === 0) break;
      for (const e of batch) await readEntry(e as Entry, out, depth + 1);
    }
  }
}

export async function filesOfDrop(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...dt.files];
  const out: File[] = [];
  for (const e of entries) await readEntry(e as Entry, out);
  return out;
}

/** Base names; hidden files (.DS_Store, .gitattributes) and READMEs are left out. */
export function asModelFiles(files: Iterable<File>): PretrainedFileIn[] {
  return [...files].filter((f) => !f.name.startsWith('.') && !/^readme/i.test(f.name)).map((f) => ({ name: f.name, blob: f }));
}

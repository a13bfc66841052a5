/**
 * A file being read when the page closed. Loading a file saves a note of it first; a reload that
 * finds the note knows the upload was cut off: whatever the data worker had written for it is
 * dropped and the user is told, instead of the file silently vanishing.
 */
import type { Problem } from '../core/util/result';

export interface UploadNote {
  fileName: string;
  datasetId: string;
}

export function restoreUploadNote(v: unknown): UploadNote | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const { fileName, datasetId } = v as Record<string, unknown>;
  return typeof fileName === 'string' && typeof datasetId === 'string' ? { fileName, datasetId } : undefined;
}

export function cutOffUpload(note: UploadNote): Problem & { fileName: string } {
  return {
    message: `Reading “${note.fileName}” was cut off: the page was closed or reloaded before the file was loaded, so the part read was discarded.`,
    hint: 'Load the file again.',
    fileName: note.fileName,
  };
}

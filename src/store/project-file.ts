/** The files the user can download when storage fails: the project document, or a saved record that could not be restored. */
import type { ProjectDoc } from './project';

/** The project as JSON. The data tables are not in the document (they live in IndexedDB), so they are not in the file either. */
export function projectFileText(doc: ProjectDoc): string {
  return JSON.stringify(doc, null, 2);
}

/** The raw record as JSON; one that JSON cannot hold (a cycle, say) comes out as its text. */
export function rawRecordText(raw: unknown): string {
  try {
    return JSON.stringify(raw, null, 2) ?? String(raw);
  } catch {
    return String(raw);
  }
}

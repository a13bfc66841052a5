/**
 * A saved record that could not be restored (damaged, another schema, a newer version) is kept in
 * IndexedDB beside the new project, so the new project's first autosave does not overwrite the
 * only copy: after any number of reloads the notice still offers it for download, until the user
 * dismisses it. Storage that refuses it leaves the copy in memory only (as before).
 */
import type { ProjectPersistence, UnreadableRecord } from './store';

export async function keepUnreadable(persistence: ProjectPersistence, kept: UnreadableRecord | undefined): Promise<void> {
  try {
    await persistence.keepUnreadable?.(kept);
  } catch (e) {
    console.warn('The unreadable record could not be kept', e);
  }
}

export async function loadUnreadable(persistence: ProjectPersistence): Promise<UnreadableRecord | undefined> {
  try {
    const v = await persistence.loadUnreadable?.();
    if (v === null || typeof v !== 'object' || typeof (v as { reason?: unknown }).reason !== 'string') return undefined;
    return { reason: (v as UnreadableRecord).reason, raw: (v as UnreadableRecord).raw };
  } catch {
    return undefined;
  }
}

import { useSyncExternalStore } from 'react';

/**
 * Which glossary entry is open, shared by every `<Term>` and the one dialog the header renders.
 * A tiny external store (not the studio's zustand store): the glossary is UI state only, never
 * saved with the project.
 */
export interface GlossaryState {
  open: boolean;
  /** The entry to show first; absent: the whole list. */
  id?: string;
}

let state: GlossaryState = { open: false };
const listeners = new Set<() => void>();

function set(next: GlossaryState) {
  state = next;
  for (const l of listeners) l();
}

export function openGlossary(id?: string) {
  set(id === undefined ? { open: true } : { open: true, id });
}

export function closeGlossary() {
  set({ open: false });
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useGlossary(): GlossaryState {
  return useSyncExternalStore(subscribe, () => state);
}

/** The app's store instance, its actions, and the React hook the steps use. */
import { useStore } from 'zustand';
import type { StudioState } from './store';
import { createStudio, type Studio } from './studio';
import { createDataClient } from '../worker/data-client';
import { createTrainClient } from '../worker/train-client';
import { createLmClient } from '../worker/lm-client';
import { createS2sClient } from '../worker/seq2seq-client';
import { idbPersistence } from '../worker/project-client';
import { idbCheckpoints } from '../worker/checkpoint-client';

let nextId = 0;
export const studio: Studio = createStudio({
  data: createDataClient(),
  train: createTrainClient(),
  lm: createLmClient(),
  s2s: createS2sClient(),
  persistence: idbPersistence,
  checkpoints: idbCheckpoints,
  fetchBlob: async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${res.status} ${url}`);
    return res.blob();
  },
  newId: () => `${Date.now().toString(36)}-${(nextId++).toString(36)}`,
  makeTrainClient: () => createTrainClient(),
  cores: typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency,
});

export const actions = studio.actions;

// A reload or a closed tab writes the change still waiting for autosave's debounce.
if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void studio.flush());

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studio.store, selector);
}

export { STEPS, STEP_IDS, type StepId, type StepStatus } from './pipeline';
export { stepStatuses } from './selectors';

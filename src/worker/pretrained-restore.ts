/**
 * After a reload (issue 11, nothing lost): the LM worker reads the stored model files back
 * (pretrained-storage.ts), makes the model current, and applies its fine-tune's latest checkpoint,
 * so generation, Look inside and export use the weights they used before the reload. The
 * checkpoint stays stored: "Resume from step N" continues from it (pretrained-finetune.ts).
 */
import { startFineTune } from '../core/lm/finetune';
import { restoreFineTune } from '../core/lm/finetune-checkpoint';
import type { FineTuneSettings, PretrainedResults } from '../core/jobs/pretrained';
import type { BackendChoice } from '../core/jobs/backends';
import { useBackend, type LmSession } from './lm-session';
import { adopt, checkpointInfo, release, trainableOf } from './pretrained-finetune';
import { drop, readHeld, stateOf, type Held } from './pretrained-state';
import type { StoredFineTune } from './db';
import { readPretrainedEntry } from './pretrained-storage';

/** The checkpoint's weights (LoRA merged) become the model's, as at the end of the run that wrote it. */
async function applyCheckpoint(m: Held, ck: StoredFineTune) {
  const s = ck.settings as FineTuneSettings;
  const base = trainableOf(m, s.seed);
  let run: ReturnType<typeof startFineTune> | undefined;
  let adopted = false;
  try {
    run = startFineTune(base, s);
    const { step } = restoreFineTune(run, ck.bytes);
    await adopt(m, base, run, step);
    adopted = true;
  } finally {
    if (run) release(m, base, run, adopted);
    else if (m.llama) base.dispose();
  }
}

export async function restorePretrained(session: LmSession, backend: BackendChoice): Promise<PretrainedResults['pretrained-restore']> {
  const store = session.storage.pretrained;
  // The worker outlives no page: a model here was loaded in this page, after the stored one.
  if (stateOf(session).current) return {};
  const saved = await readPretrainedEntry(store, 'model');
  if (!saved || stateOf(session).current) return {};
  // A GPT-2 (and any fine-tune) runs on tfjs: on the backend the view trains on.
  await useBackend(session, backend);
  const m = readHeld(new Map(saved.files));
  const state = stateOf(session);
  drop(state.current);
  state.current = m;
  const names = [...m.files.keys()];
  const ck = await readPretrainedEntry(store, 'finetune');
  if (!ck) return { card: m.card, files: names };
  try {
    await applyCheckpoint(m, ck);
  } catch (e) {
    // A checkpoint this build cannot apply is dropped; the model itself is back.
    console.warn('pretrained: the stored fine-tune checkpoint could not be applied', e);
    await store.delete('finetune').catch(() => undefined);
    return { card: m.card, files: names };
  }
  return { card: m.card, files: names, checkpoint: checkpointInfo(ck) };
}

/** The language model's size: a preset or one's own, the backend, and a speed probe of the model with the run's settings. */
import type { BackendChoice } from '../../core/jobs';
import { LM_PRESETS, lmConfig, probeKey, type LmModelSettings, type LmPresetId } from '../lm-doc';
import { fail, lmClient, lmOf, patchLm, patchT, type LmContext } from './lm-context';

/** A preset fills the model's size and every training setting. */
export function lmChoosePreset(ctx: LmContext, id: LmPresetId) {
  const p = LM_PRESETS.find((x) => x.id === id)?.preset;
  patchLm(ctx, p ? { preset: id, model: { ...p.model }, settings: { ...p.train } } : { preset: id });
}

export function lmSetModel(ctx: LmContext, patch: Partial<LmModelSettings>) {
  patchLm(ctx, (l) => ({ preset: 'custom', model: { ...l.model, ...patch } }));
}

export function lmSetBackend(ctx: LmContext, backend: BackendChoice) {
  patchLm(ctx, { backend });
}

export async function lmProbe(ctx: LmContext) {
  const c = lmClient(ctx);
  const l = lmOf(ctx);
  const config = lmConfig(l);
  const t = ctx.store.getState().lm;
  if (!c || !config || t?.live || t?.probing) return;
  patchT(ctx, { probing: true, problem: undefined });
  const res = await c.probe({ backend: l.backend, config, settings: l.settings }, (label, done, total) => patchT(ctx, { job: { label, done, total } }));
  patchT(ctx, { probing: false, job: undefined });
  if (!res.ok) return fail(ctx, res.error);
  patchLm(ctx, { probe: { key: probeKey(config, l.settings, l.backend), backend: res.value.backend.name, workers: res.value.backend.workers, msPerStep: res.value.msPerStep, tokensPerSec: res.value.tokensPerSec } });
}

/** The encode step's workflow: default feature settings for the target, and encoding with a spec. */
import type { FeatureSpec } from '../../core/features';
import { encodeKey } from '../../core/jobs';
import { chosenTask } from '../selectors';
import { cleanRef, patchDoc, type ModelingContext } from './modeling-context';

/** Default feature settings for the current target, unless the user already has settings for it. */
export async function ensureFeatures(ctx: ModelingContext) {
  const state = ctx.store.getState();
  const { doc } = state;
  const table = cleanRef(ctx);
  const task = chosenTask(state);
  if (!table || !doc.target || !task || !doc.clean) return;
  const spec = doc.features?.spec;
  if (spec && spec.target === doc.target.column && spec.task === task) {
    if (doc.features?.artifact?.key !== encodeKey(doc.clean.recipeKey, spec)) await encode(ctx, spec);
    return;
  }
  const res = await ctx.deps.data.run({ type: 'feature-defaults', table, schema: doc.clean.schema, target: doc.target.column, task });
  if (res.ok) await encode(ctx, res.value);
}

export async function encode(ctx: ModelingContext, spec: FeatureSpec) {
  const get = ctx.store.getState;
  const set = ctx.store.setState;
  const table = cleanRef(ctx);
  const clean = get().doc.clean;
  if (!table || !clean) return;
  patchDoc(ctx, { features: { spec, ...(get().doc.features?.artifact ? { artifact: get().doc.features!.artifact } : {}) } });
  set({ encoding: true });
  const res = await ctx.deps.data.run({ type: 'encode', table, schema: clean.schema, spec });
  set({ encoding: false });
  if (get().doc.features?.spec !== spec) return; // a newer edit is on its way
  if (!res.ok) return set({ problem: res.error });
  patchDoc(ctx, { features: { spec, artifact: res.value } });
}

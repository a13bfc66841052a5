/**
 * A few seconds of speed test (the reference MLP, then each tree family) so model cards can
 * estimate training time before any run.
 */
import { DEFAULT_TRAINING, REFERENCE_MLP, referenceData } from '../../core/jobs';
import { MODEL_CATALOG } from '../../core/models/catalog';
import type { ModelingContext } from './modeling-context';

/** One speed test at a time: the Model step asks on every visit. */
export function measureSpeed(ctx: ModelingContext): Promise<void> {
  const { speed, live } = ctx.store.getState();
  if (speed || live) return Promise.resolve();
  ctx.measuring ??= runSpeedTest(ctx).finally(() => (ctx.measuring = undefined));
  return ctx.measuring;
}

async function runSpeedTest(ctx: ModelingContext) {
  const set = ctx.store.setState;
  const { deps } = ctx;
  const rows = 1024;
  const seconds: number[] = [];
  const backend = (ctx.store.getState().doc.training ?? DEFAULT_TRAINING).backend;
  const handle = deps.train.train(
    { type: 'train', backend, ...REFERENCE_MLP, hp: { ...DEFAULT_TRAINING.hp, epochs: 3, batchSize: 32, earlyStopping: { enabled: false, patience: 1, restoreBest: false } }, data: referenceData(rows) },
    { epoch: (log) => seconds.push(log.seconds) },
  );
  const res = await handle.result;
  const timed = seconds.slice(1).reduce((a, b) => a + b, 0);
  if (!res.ok || timed <= 0) return;
  // Neural cards can estimate now; tree cards follow as each family is timed.
  set({ speed: { backend: res.value.backend.name, samplesPerSecond: (rows * (seconds.length - 1)) / timed, trees: {} } });
  // Trees: each tree family with its default settings on the same kind of data, timed in the
  // worker; a card scales its family's time by the work of the user's rows and settings.
  for (const fam of MODEL_CATALOG) {
    if (fam.kind !== 'tree') continue;
    const data = referenceData(1500);
    const work = fam.work(fam.defaultParams, data.train.n, data.features, data.classes);
    const out = await deps.train.train({ type: 'train', backend, family: fam.id, params: fam.defaultParams, hp: DEFAULT_TRAINING.hp, data }, {}).result;
    if (out.ok && out.value.seconds > 0) set((st) => (st.speed ? { speed: { ...st.speed, trees: { ...st.speed.trees, [fam.id]: { seconds: out.value.seconds, work } } } } : {}));
  }
}

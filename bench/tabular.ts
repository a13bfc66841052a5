/**
 * Tabular training speed in headless Chromium, inside the studio's training worker: the standard
 * MLP (20 → 64 → 32 → 3, batch 32) on a seeded 20-feature dataset, per backend, timed after the
 * first (warm-up) epoch. Both CPU backends get the same rows (plain JS is the fastest on this
 * small model, and its first few hundred batches are slower while the JavaScript engine compiles
 * its kernels); software GPU backends get fewer rows so the group ends in a few minutes.
 * Then the app's automatic choice for that model, made as in any run (a fresh worker times the
 * candidates on the model), and how fast its backend trained above against the fastest one
 * (target ≥ 0.9). Run: `npm run bench -- tabular`.
 */
import { openBenchPage } from './_browser';

const RUNS = [
  { backend: 'wasm', rows: 8000, epochs: 3 },
  { backend: 'cpu', rows: 8000, epochs: 3 },
  { backend: 'webgl', rows: 4000, epochs: 3 },
  { backend: 'webgpu', rows: 1000, epochs: 3 },
] as const;

type Out = { backend: string; reason: string; threads?: number; samplesPerSecond: number; measured?: { backend: string; rounds?: number[] }[] };
type BenchWindow = { benchTabular(b: string, n: number, e: number): Promise<Out>; autoBackend(n: number, e: number): Promise<Out> };

const { page, close } = await openBenchPage('/bench.html');
try {
  const speed = new Map<string, number>();
  for (const r of RUNS) {
    const out = await page.evaluate(([b, n, e]) => (window as unknown as BenchWindow).benchTabular(b, n, e), [r.backend, r.rows, r.epochs] as const);
    if (out.backend !== r.backend) console.log(`# ${r.backend} could not start; ${out.backend} ran instead`);
    else speed.set(r.backend, out.samplesPerSecond);
    console.log(`bench: mlp-train-${r.backend} ${out.samplesPerSecond.toFixed(0)} samples/s${out.threads ? ` # ${out.threads} threads` : ''}`);
  }
  const auto = await page.evaluate(([n, e]) => (window as unknown as BenchWindow).autoBackend(n, e), [8000, 3] as const);
  console.log(`bench: backend-auto ${auto.backend} # ${auto.reason}`);
  // The probe's timed rounds in the order they ran (its figure is their median): how steady they were.
  for (const m of auto.measured ?? []) console.log(`# probe ${m.backend} rounds: ${(m.rounds ?? []).map((r) => r.toFixed(0)).join(', ')} samples/s`);
  console.log(`bench: mlp-train-auto ${auto.samplesPerSecond.toFixed(0)} samples/s # on ${auto.backend}, the automatic choice`);
  const [fastest, best] = [...speed].sort((a, b) => b[1] - a[1])[0]!;
  const chosen = speed.get(auto.backend) ?? NaN;
  console.log(`bench: backend-auto-vs-fastest ${(chosen / best).toFixed(2)}× # mlp-train-${auto.backend} ${chosen.toFixed(0)} vs fastest mlp-train-${fastest} ${best.toFixed(0)} samples/s; target ≥ 0.9`);
} finally {
  await close();
}

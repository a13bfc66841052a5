/**
 * Tabular training speed in headless Chromium, inside the studio's training worker: the standard
 * MLP (20 → 64 → 32 → 3, batch 32) on a seeded 20-feature dataset, per backend, timed after the
 * first (warm-up) epoch. Software backends get fewer rows so the group ends in a few minutes.
 * Run: `npm run bench -- tabular`.
 */
import { openBenchPage } from './_browser';

const RUNS = [
  { backend: 'wasm', rows: 8000, epochs: 3 },
  { backend: 'cpu', rows: 4000, epochs: 3 },
  { backend: 'webgl', rows: 4000, epochs: 3 },
  { backend: 'webgpu', rows: 1000, epochs: 3 },
] as const;

const { page, close } = await openBenchPage('/bench.html');
try {
  for (const r of RUNS) {
    const out = await page.evaluate(([b, n, e]) => (window as unknown as { benchTabular: (b: string, n: number, e: number) => Promise<{ backend: string; threads?: number; samplesPerSecond: number }> }).benchTabular(b, n, e), [r.backend, r.rows, r.epochs] as const);
    if (out.backend !== r.backend) console.log(`# ${r.backend} could not start; ${out.backend} ran instead`);
    console.log(`bench: mlp-train-${r.backend} ${out.samplesPerSecond.toFixed(0)} samples/s${out.threads ? ` # ${out.threads} threads` : ''}`);
  }
  const auto = await page.evaluate(() => (window as unknown as { autoBackend: () => Promise<{ name: string; reason: string }> }).autoBackend());
  console.log(`bench: backend-auto ${auto.name} # ${auto.reason}`);
} finally {
  await close();
}

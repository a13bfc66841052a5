/**
 * Language-model training speed (issue 5) in headless Chromium, inside the studio's LM worker: the
 * nanoGPT CPU config on Moby Dick, character level. A fixed number of steps per backend, timed
 * after warm-up (few on the slow software backends, so the group ends within minutes), and the
 * validation loss after 500 steps on WASM, the fastest backend on a CPU-only machine.
 * Run: `npm run bench -- gpt`. Reference on this machine: PyTorch (../shared/bench/gpt-reference)
 * trains the same config at ~3,800–5,200 tokens/s with 2 threads.
 */
import { openBenchPage } from './_browser';

type Out = { backend: string; threads?: number; workers: number; fused?: true | string; tokensPerSecond: number; valLoss?: number };
const RUNS = [
  { backend: 'wasm', steps: 500, warmup: 5, evalAt: 500 },
  { backend: 'cpu', steps: 8, warmup: 2 },
  { backend: 'webgl', steps: 12, warmup: 3 },
  { backend: 'webgpu', steps: 6, warmup: 2 },
] as const;

// GPT_BENCH_BACKENDS=wasm,webgl runs only those; GPT_BENCH_STEPS=100 shortens every run (no val loss then).
const only = process.env.GPT_BENCH_BACKENDS?.split(',');
const stepsOverride = Number(process.env.GPT_BENCH_STEPS ?? 0);

const { page, close } = await openBenchPage('/bench.html');
try {
  for (const run of RUNS.filter((r) => !only || only.includes(r.backend))) {
    const r = stepsOverride > 0 ? { ...run, steps: stepsOverride, evalAt: undefined } : run;
    const evalAt = 'evalAt' in r ? r.evalAt : undefined;
    const out = await page.evaluate(
      ([b, s, w, e]) => (window as unknown as { benchGpt: (b: string, s: number, w: number, e?: number) => Promise<Out> }).benchGpt(b, s, w, e ?? undefined),
      [r.backend, r.steps, r.warmup, evalAt ?? null] as const,
    );
    if (out.backend !== r.backend) console.log(`# ${r.backend} could not start; ${out.backend} ran instead`);
    const notes = [out.workers > 1 ? `${out.workers} workers` : '', out.threads ? `${out.threads} thread${out.threads > 1 ? 's' : ''} each` : '', out.fused === undefined ? '' : out.fused === true ? 'fused kernels' : `no fused kernels: ${out.fused}`].filter(Boolean);
    console.log(`bench: gpt-train-${r.backend} ${out.tokensPerSecond.toFixed(0)} tokens/s${notes.length ? ` # ${notes.join(', ')}` : ''}`);
    if (out.valLoss !== undefined) console.log(`bench: gpt-val-loss-500 ${out.valLoss.toFixed(4)}`);
  }
} finally {
  await close();
}

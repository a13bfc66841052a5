/**
 * For tests and benches: a studio wired to the real data and training handlers in-process (as the
 * store tests do), trained on a small table or text set, with its exported bundle and the studio's
 * own predictions (store `predictRecords` → data worker `encode-record` → training worker
 * `predict`) to compare the deploy predictor and the server kit against.
 */
import { makeStudio as makeStoreStudio } from '../store/test-studio';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/util/rng';
import { createLmHandler } from '../worker/lm-handler';
import { memoryLmStorage } from '../worker/lm-ports';
import type { LmEvent, LmRequest } from '../worker/lm-protocol';

/** `fetchBlob` answers the studio's same-origin fetches (samples, kit files); empty by default. */
export const makeStudio = (fetchBlob: (url: string) => Promise<Blob> = async () => new Blob([''])) => makeStoreStudio({ fetchBlob });

/** 300 rows: two numbers, a colour with a missing value now and then, a label that follows x + y (classification) or a value. */
export function tableCsv(task: 'classification' | 'regression'): string {
  const rng = createRng(5);
  const lines = ['x,y,colour,label'];
  for (let i = 0; i < 300; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    const colour = i % 17 === 0 ? '' : ['red', 'blue', 'green'][i % 3];
    const label = task === 'classification' ? (x + y > 0 ? 'up' : 'down') : (3 * x - y + (colour === 'red' ? 1 : 0)).toFixed(3);
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${colour},${label}`);
  }
  return lines.join('\n');
}

const GOOD = ['great', 'lovely', 'excellent', 'fun', 'happy', 'wonderful'];
const BAD = ['awful', 'boring', 'terrible', 'sad', 'dull', 'poor'];
const FILL = ['the', 'film', 'was', 'really', 'quite', 'a', 'story', 'and', 'cast'];

/** Pasted `label<TAB>text` lines: reviews whose words say pos or neg. */
export function reviewLines(n = 160): string {
  const rng = createRng(11);
  const pick = (xs: string[]) => xs[Math.floor(rng.next() * xs.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    const words = Array.from({ length: 6 }, (_, j) => (j % 2 === 0 ? pick(pos ? GOOD : BAD) : pick(FILL)));
    lines.push(`${pos ? 'pos' : 'neg'}\t${words.join(' ')}`);
  }
  return lines.join('\n');
}

export type TrainedStudio = Awaited<ReturnType<typeof trainedTable>>;

async function finish(s: ReturnType<typeof makeStudio>) {
  await s.actions.startTraining();
  const run = s.store.getState().doc.runs!.at(-1)!;
  if (run.status !== 'done') throw new Error(`test-studio: the run ended ${run.status}`);
  const bundle = s.actions.exportBundle(run.id)!;
  return {
    studio: s,
    run,
    bundle,
    /** The studio's predictions for raw records (the prediction form's path). */
    predict: (records: Record<string, string>[]) => s.actions.predictRecords(records, { runId: run.id }),
  };
}

/** A table model (family e.g. logistic-regression, mlp, decision-tree), trained on cpu. */
export async function trainedTable(family: string, task: 'classification' | 'regression' = 'classification', epochs = 5, fetchBlob?: (url: string) => Promise<Blob>) {
  const s = makeStudio(fetchBlob);
  await s.actions.restore();
  await s.actions.loadFile(new Blob([tableCsv(task)]), 'data.csv');
  await s.actions.setTarget('label');
  if (task === 'regression') s.actions.setTaskOverride('regression');
  await s.actions.ensureFeatures();
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu', hp: { epochs } });
  return finish(s);
}

/** A text model over pasted reviews: `tokens` for a sequence family (text-embedding-bag), else TF-IDF. */
export async function trainedText(family = 'text-embedding-bag', epochs = 8, fetchBlob?: (url: string) => Promise<Blob>) {
  const s = makeStudio(fetchBlob);
  await s.actions.restore();
  if (!(await s.actions.pasteTexts(reviewLines()))) throw new Error(`test-studio: paste failed: ${s.store.getState().problem?.message}`);
  await s.actions.ensureFeatures();
  const spec = s.store.getState().doc.features!.spec;
  // A small vocabulary and length keep the model small: it trains in a second or two on cpu.
  const text = { ...spec.text!, tokenizer: { ...spec.text!.tokenizer, vocabSize: 64, ngrams: 1 as const }, maxLength: 12 };
  await s.actions.encode({ ...spec, text: family.startsWith('text-') ? { ...text, representation: 'tokens' } : text });
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu', hp: { epochs, learningRate: 0.01 } });
  return finish(s);
}

/**
 * A tiny character GPT trained 30 steps on cpu in the real LM handler (in process), and its studio
 * bundle; `job` runs further LM jobs (e.g. `generate`) on the same handler.
 */
export async function trainedLm(readme: string) {
  const cpu = { start: async () => (await tf.setBackend('cpu'), { name: 'cpu' as const, reason: 'test', device: { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } } }) };
  const events: LmEvent[] = [];
  const handle = createLmHandler(cpu, memoryLmStorage(), (e) => events.push(e));
  let n = 0;
  const job = async (req: Record<string, unknown>) => {
    const jobId = `j${n++}`;
    await handle({ ...req, jobId } as LmRequest);
    const end = events.filter((e) => e.jobId === jobId).at(-1)!;
    if (end.type !== 'done') throw new Error(end.type === 'failed' ? end.problem.message : 'no end');
    return end.result as never;
  };
  const text = Array.from({ length: 300 }, (_, i) => `the whale ${i % 7 === 0 ? 'dove' : 'swam'} away. `).join('');
  const summary: { vocabSize: number } = await job({ type: 'prepare', corpusId: 'c', files: [{ name: 'w.txt', blob: new Blob([text]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 });
  const config = { vocabSize: summary.vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'exact' };
  const settings = { batchSize: 8, gradAccumSteps: 1, maxIters: 30, learningRate: 1e-2, minLr: 1e-3, warmupIters: 2, lrDecayIters: 30, beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1, seed: 3, evalEvery: 30, evalWindows: 4, checkpointEvery: 30, samplePrompt: 'the ', sampleTokens: 4, sampleSeed: 1 };
  await job({ type: 'train', runId: 'r', corpusId: 'c', backend: 'cpu', config, settings, start: { kind: 'fresh' } });
  const bundle: Uint8Array = await job({ type: 'export', runId: 'r', format: 'studio', manifest: { name: 'whale' }, log: null, readme });
  return { bundle, job };
}

/**
 * For tests and benches: a studio wired to the real data and training handlers in-process (as the
 * store tests do), trained on a small table or text set, with its exported bundle and the studio's
 * own predictions (store `predictRecords` → data worker `encode-record` → training worker
 * `predict`) to compare the deploy predictor and the server kit against.
 */
import { createStudio } from '../store/studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { createRng } from '../core/util/rng';

/** `fetchBlob` answers the studio's same-origin fetches (samples, kit files); empty by default. */
export function makeStudio(fetchBlob: (url: string) => Promise<Blob> = async () => new Blob([''])) {
  let id = 0;
  let saved: unknown;
  return createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    persistence: { load: async () => saved, save: async (d) => void (saved = structuredClone(d)), clear: async () => void (saved = undefined) },
    fetchBlob,
    newId: () => `id${id++}`,
  });
}

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

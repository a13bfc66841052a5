/**
 * A studio bundle, ready to predict outside the studio's workers: in Node (the server kit's
 * `server.mjs`) and in a page (the offline demo) alike. It replays exactly what the studio does
 * for a prediction, through the same functions: the cleaning recipe in predict mode and the fitted
 * encoders (`core/features/encode-records`, the data worker's `encode-record` job), then the model
 * (`core/train/predict` loadStoredModel, the training worker's `predict` job). Language-model
 * bundles generate with `core/lm` generate and the LM worker's stream decoder.
 *
 * The caller picks and starts the tfjs backend (`tf.setBackend('wasm')` in the server, cpu in
 * tests); nothing here touches the DOM, workers or IndexedDB.
 */
import { readBundle } from '../core/bundle/read';
import type { ReproStamp } from '../core/bundle/stamp';
import { extractEntries, listZipEntries, DEFAULT_ZIP_LIMITS } from '../core/bundle/zip';
import type { Recipe } from '../core/clean/recipe';
import type { ColumnSchema } from '../core/data/schema';
import { encodeRecords } from '../core/features/encode-records';
import type { FittedEncoders } from '../core/features/fit';
import { registerStudioKernels } from '../core/kernels';
import { generate as generateTokens } from '../core/lm/sample';
import { streamDecoder } from '../core/lm/stream-decoder';
import { loadStoredModel, type StoredModel } from '../core/train/predict';
import type { Problem, Result } from '../core/util/result';
import { readLmZip } from '../worker/lm-bundle';
import { checkTexts, recordsFromRows, type Checked, type InputColumn } from './rows';
import { DEFAULT_GENERATE_SETTINGS, type GenerateSettings } from '../core/jobs/lm';

export type { FieldError, InputColumn } from './rows';

export interface RowPrediction {
  /** Classification: the most probable class. */
  label?: string;
  /** Classification: one probability per class, in the bundle's class order. */
  probabilities?: Record<string, number>;
  /** Regression: the predicted value. */
  value?: number;
}

export interface Predictions {
  predictions: RowPrediction[];
  /** What the cleaning recipe reported for the first row (e.g. a value outside the training range). */
  warnings: string[];
}

export type { GenerateSettings };

/** The LM view's defaults, so a bare request generates as the studio does. */
export const DEFAULT_GENERATE: GenerateSettings = DEFAULT_GENERATE_SETTINGS;

export interface Generation {
  text: string;
  tokens: number;
}

export interface Predictor {
  /** tabular: rows of columns; text: a table model with a text input (predictTexts works); lm: a GPT. */
  kind: 'tabular' | 'text' | 'lm';
  task: 'classification' | 'regression' | 'generation';
  /** The bundle's README.md model card. */
  card: string;
  /** The bundle's reproducibility stamp (stamp.json), when it has one. */
  stamp?: ReproStamp;
  /** The columns a row may hold (the raw schema without the target), and those it must hold. */
  columns: InputColumn[];
  required: string[];
  textColumns: string[];
  labels: string[];
  modelFamily: string;
  predictRows(rows: unknown): Promise<Checked<Predictions>>;
  predictTexts(texts: unknown): Promise<Checked<Predictions>>;
  /** Language models only: streams text as tokens are chosen (onText), resolves with the whole text. */
  generate?(prompt: string, settings?: Partial<GenerateSettings>, onText?: (text: string) => void, signal?: AbortSignal): Promise<Checked<Generation>>;
  dispose(): void;
}

const isLmZip = (bytes: Uint8Array): boolean => {
  const listed = listZipEntries(bytes, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1024 ** 3 });
  if (!listed.ok) return false;
  const names = listed.value.map((e) => e.name.split('/').at(-1));
  return !names.includes('manifest.json') && names.includes('model.safetensors');
};

/** Loads a studio bundle (.zip bytes): a tabular/text model bundle or a language-model bundle. */
export async function loadPredictor(bytes: Uint8Array): Promise<Result<Predictor>> {
  registerStudioKernels();
  return isLmZip(bytes) ? loadLm(bytes) : loadTable(bytes);
}

async function loadTable(bytes: Uint8Array): Promise<Result<Predictor>> {
  const read = readBundle(bytes);
  if (!read.ok) return read;
  const c = read.value;
  const fitted = c.features as FittedEncoders;
  const recipe = c.recipe as Recipe;
  const loaded = await loadStoredModel(c.model as StoredModel);
  if (!loaded.ok) return loaded;
  const model = loaded.value;
  const target = fitted.target.name;
  const rawSchema: ColumnSchema[] = c.rawSchema.map((s) => ({ name: s.name, inferred: s.type }));
  const columns = c.rawSchema.filter((s) => s.name !== target).map((s) => ({ name: s.name, type: s.type }));
  const textColumns = fitted.text?.columns ?? [];
  // The raw columns the encoders read by name (a column renamed by the recipe is optional).
  const used = new Set([...fitted.columns.map((f) => f.name), ...textColumns]);
  const required = columns.filter((col) => used.has(col.name)).map((col) => col.name);
  const labels = c.labels;
  const task = c.meta.task;

  async function predictRecords(records: Record<string, string>[]): Promise<Predictions> {
    const enc = encodeRecords(records, rawSchema, recipe, fitted);
    const v = await model.predict(enc.x, enc.n, enc.features);
    const k = labels.length;
    const predictions: RowPrediction[] = [];
    for (let i = 0; i < enc.n; i++) {
      if (task === 'regression') {
        predictions.push({ value: v[i]! });
        continue;
      }
      const probabilities = Object.create(null) as Record<string, number>;
      let best = 0;
      for (let j = 0; j < k; j++) {
        probabilities[labels[j]!] = v[i * k + j]!;
        if (v[i * k + j]! > v[i * k + best]!) best = j;
      }
      predictions.push({ label: labels[best]!, probabilities });
    }
    return { predictions, warnings: enc.problems.map((p: Problem) => p.message) };
  }

  return {
    ok: true,
    value: {
      kind: textColumns.length > 0 ? 'text' : 'tabular',
      task,
      card: c.modelCard,
      ...(c.stamp ? { stamp: c.stamp } : {}),
      columns,
      required,
      textColumns,
      labels,
      modelFamily: c.meta.modelFamily,
      async predictRows(rows) {
        const records = recordsFromRows(rows, columns, new Set(required));
        return records.ok ? { ok: true, value: await predictRecords(records.value) } : records;
      },
      async predictTexts(texts) {
        if (textColumns.length === 0) return { ok: false, error: { field: 'texts', message: 'This model has no text input: send "rows" with its columns.' } };
        const checked = checkTexts(texts);
        if (!checked.ok) return checked;
        // As the studio's playground: the text goes in the (first) text column, the rest is missing.
        return { ok: true, value: await predictRecords(checked.value.map((t) => Object.assign(Object.create(null) as Record<string, string>, { [textColumns[0]!]: t }))) };
      },
      dispose: () => model.dispose(),
    },
  };
}

function readme(bytes: Uint8Array): string {
  const listed = listZipEntries(bytes, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1024 ** 3 });
  if (!listed.ok) return '';
  const entry = listed.value.find((e) => e.name.split('/').at(-1) === 'README.md');
  if (!entry) return '';
  const got = extractEntries(bytes, listed.value, new Set([entry.name]));
  return got.ok ? new TextDecoder().decode(got.value.get(entry.name)) : '';
}

const checkSetting = (settings: Partial<GenerateSettings>, key: keyof GenerateSettings, min: number, max: number, integer: boolean): string | undefined => {
  const v: unknown = settings[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) return `${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}.`;
  return undefined;
};

async function loadLm(bytes: Uint8Array): Promise<Result<Predictor>> {
  let lm: ReturnType<typeof readLmZip>;
  try {
    lm = readLmZip(bytes);
  } catch (e) {
    return { ok: false, error: { message: e instanceof Error ? e.message : String(e), code: 'lm-bundle' } };
  }
  const { model, tokenizer } = lm;
  const noRows = async (): Promise<Checked<Predictions>> => ({ ok: false, error: { field: 'rows', message: 'This is a language model: POST /generate with a "prompt".' } });
  return {
    ok: true,
    value: {
      kind: 'lm',
      task: 'generation',
      card: readme(bytes),
      columns: [],
      required: [],
      textColumns: [],
      labels: [],
      modelFamily: 'gpt',
      ...(lm.stamp ? { stamp: lm.stamp } : {}),
      predictRows: noRows,
      predictTexts: noRows,
      async generate(prompt, settings = {}, onText, signal) {
        if (typeof prompt !== 'string') return { ok: false, error: { field: 'prompt', message: '"prompt" must be a string.' } };
        const ids = tokenizer.ids(prompt);
        if (ids.length === 0) return { ok: false, error: { field: 'prompt', message: '"prompt" is empty or has no token the model knows: the model continues your text.' } };
        const limits: [keyof GenerateSettings, number, number, boolean][] = [
          ['maxNewTokens', 1, 4096, true],
          ['temperature', 0, 10, false],
          ['topK', 0, 1e6, true],
          ['topP', 0, 1, false],
          ['seed', 0, 2 ** 32 - 1, true],
        ];
        for (const [key, min, max, integer] of limits) {
          const problem = checkSetting(settings, key, min, max, integer);
          if (problem) return { ok: false, error: { field: key, message: problem } };
        }
        const s = { ...DEFAULT_GENERATE, ...settings };
        const decoder = streamDecoder(tokenizer, (text) => onText?.(text));
        const out = await generateTokens(model, ids, { maxNewTokens: s.maxNewTokens, temperature: s.temperature, topK: s.topK, topP: s.topP, seed: s.seed, ...(signal ? { signal } : {}) }, (id) => decoder.push(id));
        return { ok: true, value: { text: decoder.text(), tokens: out.length } };
      },
      dispose: () => model.dispose(),
    },
  };
}

/** Predictions for one raw row, and the export/import of a trained model as a bundle file. */
import { readBundle, renderModelCard, stampMarkdown, writeBundle, type BundleContents } from '../../core/bundle';
import type { Recipe } from '../../core/clean/recipe';
import type { FittedEncoders } from '../../core/features';
import { getModelInfo } from '../../core/models/catalog';
import { effectiveType } from '../../core/data/schema';
import type { ClassificationReport, RegressionReport } from '../../core/metrics';
import type { Problem, Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';
import { occludedTexts, occlusionScores, wordSpans, type WordSpan } from '../../core/explain/occlusion';
import type { RunRecord } from '../modeling';
import { fairnessForCard } from './fairness-card';
import { runSummary } from '../batch-doc';

/** The training data's summary (drift reports of the imported model), when the project has it. */
const withDataSummary = (doc: Parameters<typeof runSummary>[0], run: RunRecord, labels: string[]) => {
  const dataSummary = runSummary(doc, run, labels);
  return dataSummary ? { dataSummary } : {};
};

export interface Prediction {
  task: 'classification' | 'regression';
  /** Classification: one probability per class. */
  classes?: { label: string; probability: number }[];
  value?: number;
  problems: Problem[];
}

/** True when the run was trained on the encoders the project holds now (so they can encode its inputs). */
export const runMatchesEncoders = (run: RunRecord, doc: { features?: { artifact?: { key: string } } }): boolean => run.inputsKey === doc.features?.artifact?.key;

export interface Explanation {
  prediction: Prediction;
  predicted: string;
  parts: { column: string; text: string; words: (WordSpan & { score: number })[]; truncated: boolean }[];
}

const MAX_EXPLAINED_WORDS = 120;

/** What a prediction needs, whether from a run in this project or an imported bundle. */
interface Predictor {
  rawSchema: { name: string; type: string }[];
  recipe: Recipe;
  fitted: FittedEncoders;
  model: NonNullable<RunRecord['model']>;
  labels: string[];
}

export function createBundleActions(store: StudioStore, deps: Deps) {
  const get = store.getState;

  function runPredictor(run: RunRecord): Predictor | undefined {
    const { doc } = get();
    const fitted = doc.features?.artifact?.fitted;
    // A run predicts only with the encoders it was trained with: after the encode settings change,
    // the current ones may have other features (or the same count with other meanings).
    if (!run.model || !fitted || !doc.dataset || !runMatchesEncoders(run, doc)) return undefined;
    return {
      rawSchema: doc.schema.map((c) => ({ name: c.name, type: effectiveType(c) })),
      recipe: doc.recipe,
      fitted,
      model: run.model,
      labels: fitted.target.kind === 'classification' ? fitted.target.classes : [],
    };
  }

  function importedPredictor(): Predictor | undefined {
    const c = get().doc.imported?.contents;
    if (!c) return undefined;
    return { rawSchema: c.rawSchema, recipe: c.recipe as Recipe, fitted: c.features as FittedEncoders, model: c.model as Predictor['model'], labels: c.labels };
  }

  function predictorFor(source: { runId: string } | 'imported'): Predictor | undefined {
    const run = source === 'imported' ? undefined : get().doc.runs?.find((r) => r.id === source.runId);
    return source === 'imported' ? importedPredictor() : run && runPredictor(run);
  }

  /** Predictions for raw rows (as typed, before cleaning), through recipe, encoders and model. */
  async function predictRecords(records: Record<string, string>[], source: { runId: string } | 'imported'): Promise<Result<Prediction[]>> {
    const p = predictorFor(source);
    const stale = source !== 'imported' && get().doc.runs?.some((r) => r.id === source.runId && !runMatchesEncoders(r, get().doc));
    if (stale) return { ok: false, error: { message: 'This run was trained with other encode settings than the current ones.', hint: 'Train it again with the current settings, or go back to the settings it used.' } };
    if (!p) return { ok: false, error: { message: 'There is no trained model to predict with.', hint: 'Train a model first, or import a bundle.' } };
    const rawSchema = p.rawSchema.map((c) => ({ name: c.name, inferred: c.type as never }));
    const like = source === 'imported' ? undefined : get().doc.dataset?.datasetId;
    const enc = await deps.data.run({ type: 'encode-record', records, rawSchema, recipe: p.recipe, fitted: p.fitted, ...(like ? { like } : {}) });
    if (!enc.ok) return enc;
    const { x, n, features, problems } = enc.value;
    const out = await deps.train.predict({ type: 'predict', family: '', model: p.model, task: p.fitted.task, x, n, features });
    if (!out.ok) return out;
    const v = out.value;
    const k = p.labels.length;
    const value: Prediction[] = [];
    for (let i = 0; i < n; i++) {
      value.push(
        p.fitted.task === 'classification'
          ? { task: 'classification', classes: p.labels.map((label, c) => ({ label, probability: v[i * k + c]! })), problems }
          : { task: 'regression', value: v[i]!, problems },
      );
    }
    return { ok: true, value };
  }

  async function predictRecord(record: Record<string, string>, source: { runId: string } | 'imported'): Promise<Result<Prediction>> {
    const r = await predictRecords([record], source);
    return r.ok ? { ok: true, value: r.value[0]! } : r;
  }

  /**
   * Occlusion for the text columns of one raw row: per word, how much the probability of the
   * predicted class drops when the word is removed (classification models with a text input).
   */
  async function explainRecord(record: Record<string, string>, source: { runId: string } | 'imported'): Promise<Result<Explanation>> {
    const p = predictorFor(source);
    const columns = (p?.fitted.text?.columns ?? []).filter((c) => (record[c] ?? '') !== '');
    if (!p || p.fitted.task !== 'classification' || columns.length === 0) {
      return { ok: false, error: { message: 'Explanations need a classification model with a text input and some text to explain.' } };
    }
    const parts = columns.map((column) => ({ column, text: record[column]!, spans: wordSpans(record[column]!, MAX_EXPLAINED_WORDS) }));
    const variants = parts.flatMap((part) => occludedTexts(part.text, part.spans).map((t) => ({ ...record, [part.column]: t })));
    const preds = await predictRecords([record, ...variants], source);
    if (!preds.ok) return preds;
    const k = p.labels.length;
    const probs = new Float64Array(preds.value.length * k);
    preds.value.forEach((pr, i) => pr.classes!.forEach((c, j) => (probs[i * k + j] = c.probability)));
    const full = preds.value[0]!;
    const cls = full.classes!.reduce((best, c, j, all) => (c.probability > all[best]!.probability ? j : best), 0);
    const scores = occlusionScores(probs, k, cls);
    let at = 0;
    const explained = parts.map((part) => {
      const words = part.spans.map((s, i) => ({ ...s, score: scores[at + i]! }));
      at += part.spans.length;
      return { column: part.column, text: part.text, words, truncated: part.spans.length === MAX_EXPLAINED_WORDS };
    });
    return { ok: true, value: { prediction: full, predicted: p.labels[cls]!, parts: explained } };
  }

  /** The bundle for a finished run: model, recipe with fitted stats, encoders, labels, metrics, settings, model card. */
  function exportBundle(runId: string): { bytes: Uint8Array; fileName: string } | undefined {
    const { doc } = get();
    const run = doc.runs?.find((r) => r.id === runId);
    const p = run && runPredictor(run);
    const artifact = doc.features?.artifact;
    if (!run || !p || !artifact || !doc.dataset) return undefined;
    const family = getModelInfo(run.family);
    const task = p.fitted.task;
    const m = run.metrics;
    const metricList =
      m && m.kind === 'classification'
        ? [
            { name: 'accuracy', value: (m as ClassificationReport).accuracy },
            { name: 'balanced accuracy', value: (m as ClassificationReport).balancedAccuracy },
            { name: 'macro F1', value: (m as ClassificationReport).macro.f1 },
          ]
        : m
          ? [
              { name: 'MAE', value: (m as RegressionReport).mae },
              { name: 'RMSE', value: (m as RegressionReport).rmse },
              { name: 'R²', value: (m as RegressionReport).r2 ?? NaN },
            ]
          : [];
    const createdAt = new Date().toISOString();
    const stamp = run.stamp && { ...run.stamp, createdAt };
    const fairness = fairnessForCard(doc, run.id);
    const contents: BundleContents = {
      ...(stamp ? { stamp } : {}),
      meta: { createdAt, kind: 'tabular', task, modelFamily: run.family },
      model: run.model!.type === 'tfjs' ? { type: 'tfjs', modelJson: run.model!.modelJson as Record<string, unknown>, weights: run.model!.weights } : { type: 'tree', json: run.model!.json },
      recipe: doc.recipe,
      rawSchema: p.rawSchema as BundleContents['rawSchema'],
      features: p.fitted,
      labels: p.labels,
      metrics: m ?? null,
      training: { seed: run.hp.seed, hp: run.hp, params: run.params, split: doc.features!.spec.split, backend: run.backend?.name ?? null, ...withDataSummary(doc, run, p.labels) },
      modelCard: renderModelCard({
        target: doc.features!.spec.target,
        task,
        modelFamily: run.family,
        ...(family ? { modelFamilyName: family.label } : {}),
        modelFormat: run.model!.type === 'tfjs' ? 'tfjs-layers' : 'tree-json',
        features: doc.features!.spec.columns.filter((c) => c.include).map((c) => c.name),
        inputSize: p.fitted.featureNames.length,
        labels: p.labels,
        datasetName: doc.dataset.fileName,
        rows: artifact.sizes,
        metrics: metricList.filter((x): x is { name: string; value: number } => typeof x.value === 'number' && Number.isFinite(x.value)),
        seed: run.hp.seed,
        settings: { epochs: run.hp.epochs, batchSize: run.hp.batchSize, learningRate: run.hp.learningRate, optimizer: run.hp.optimizer },
        createdAt,
        ...(fairness ? { fairness } : {}),
      }) + (stamp ? `\n${stampMarkdown(stamp)}` : ''),
    };
    const base = doc.dataset.fileName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '-');
    return { bytes: writeBundle(contents), fileName: `${base}-${run.family}-run${run.number}.zip` };
  }

  async function importBundle(file: Blob, fileName: string): Promise<boolean> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const res = readBundle(bytes);
    if (!res.ok) {
      store.setState({ problem: { ...res.error, fileName } });
      return false;
    }
    store.setState((s) => ({ problem: undefined, doc: { ...s.doc, imported: { fileName, contents: res.value }, step: 'export' } }));
    return true;
  }

  function clearImported() {
    store.setState((s) => ({ doc: { ...s.doc, imported: undefined } }));
  }

  return { predictRecord, predictRecords, explainRecord, exportBundle, importBundle, clearImported };
}

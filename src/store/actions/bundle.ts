/** Predictions for one raw row, and the export/import of a trained model as a bundle file. */
import { readBundle, renderModelCard, writeBundle, type BundleContents } from '../../core/bundle';
import type { Recipe } from '../../core/clean/recipe';
import type { FittedEncoders } from '../../core/features';
import { getModelFamily } from '../../core/models/registry';
import { effectiveType } from '../../core/data/schema';
import type { ClassificationReport, RegressionReport } from '../../core/metrics';
import type { Problem, Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';
import type { RunRecord } from '../modeling';

export interface Prediction {
  task: 'classification' | 'regression';
  /** Classification: one probability per class. */
  classes?: { label: string; probability: number }[];
  value?: number;
  problems: Problem[];
}

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
    if (!run.model || !fitted || !doc.dataset) return undefined;
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

  async function predictRecord(record: Record<string, string>, source: { runId: string } | 'imported'): Promise<Result<Prediction>> {
    const run = source === 'imported' ? undefined : get().doc.runs?.find((r) => r.id === source.runId);
    const p = source === 'imported' ? importedPredictor() : run && runPredictor(run);
    if (!p) return { ok: false, error: { message: 'There is no trained model to predict with.', hint: 'Train a model first, or import a bundle.' } };
    const rawSchema = p.rawSchema.map((c) => ({ name: c.name, inferred: c.type as never }));
    const like = source === 'imported' ? undefined : get().doc.dataset?.datasetId;
    const enc = await deps.data.run({ type: 'encode-record', record, rawSchema, recipe: p.recipe, fitted: p.fitted, ...(like ? { like } : {}) });
    if (!enc.ok) return enc;
    const out = await deps.train.predict({ type: 'predict', family: '', model: p.model, task: p.fitted.task, x: enc.value.x, n: 1, features: enc.value.features });
    if (!out.ok) return out;
    const v = out.value;
    if (p.fitted.task === 'classification') {
      return { ok: true, value: { task: 'classification', classes: p.labels.map((label, i) => ({ label, probability: v[i]! })), problems: enc.value.problems } };
    }
    return { ok: true, value: { task: 'regression', value: v[0]!, problems: enc.value.problems } };
  }

  /** The bundle for a finished run: model, recipe with fitted stats, encoders, labels, metrics, settings, model card. */
  function exportBundle(runId: string): { bytes: Uint8Array; fileName: string } | undefined {
    const { doc } = get();
    const run = doc.runs?.find((r) => r.id === runId);
    const p = run && runPredictor(run);
    const artifact = doc.features?.artifact;
    if (!run || !p || !artifact || !doc.dataset) return undefined;
    const family = getModelFamily(run.family);
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
    const contents: BundleContents = {
      meta: { createdAt, kind: 'tabular', task, modelFamily: run.family },
      model: run.model!.type === 'tfjs' ? { type: 'tfjs', modelJson: run.model!.modelJson as Record<string, unknown>, weights: run.model!.weights } : { type: 'tree', json: run.model!.json },
      recipe: doc.recipe,
      rawSchema: p.rawSchema as BundleContents['rawSchema'],
      features: p.fitted,
      labels: p.labels,
      metrics: m ?? null,
      training: { seed: run.hp.seed, hp: run.hp, params: run.params, split: doc.features!.spec.split, backend: run.backend?.name ?? null },
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
      }),
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

  return { predictRecord, exportBundle, importBundle, clearImported };
}

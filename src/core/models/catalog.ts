/**
 * Every model family as the main thread sees it, in the order the model step shows them: cards,
 * parameter fields, defaults, parameter counts; no tfjs graphs (TensorFlow.js loads in the training
 * worker only). `registry.ts` holds the same families with their `build`; a test checks that both
 * list the same families with the same descriptions.
 */
import type { TaskKind } from '../data/schema';
import { bertEncoderInfo } from './info/bert-encoder';
import { decisionTree } from './decision-tree';
import { gradientBoosting } from './gradient-boosting';
import { histGradientBoosting } from './hist-gradient-boosting';
import { linearRegressionInfo } from './info/linear-regression';
import { logisticRegressionInfo } from './info/logistic-regression';
import { mlpInfo } from './info/mlp';
import { randomForest } from './random-forest';
import { textCnnInfo } from './info/text-cnn';
import { textEmbeddingBagInfo } from './info/text-embedding-bag';
import { textHybridInfo } from './info/text-hybrid';
import { textRnnInfo } from './info/text-rnn';
import { textTransformerInfo } from './info/text-transformer';
import type { ModelInfo, ModelInput, ModelParams, ParamField } from './types';

export const MODEL_CATALOG: readonly ModelInfo[] = [
  logisticRegressionInfo,
  linearRegressionInfo,
  mlpInfo,
  decisionTree,
  randomForest,
  gradientBoosting,
  histGradientBoosting,
  textEmbeddingBagInfo,
  textCnnInfo,
  textRnnInfo,
  textTransformerInfo,
  textHybridInfo,
  bertEncoderInfo,
];

export function getModelInfo(id: string): ModelInfo | undefined {
  return MODEL_CATALOG.find((f) => f.id === id);
}

/** The input a family reads ('vector' unless it says otherwise). */
export const familyInput = (f: ModelInfo): ModelInput => f.input ?? 'vector';

/**
 * The families of `list` for a task; with `input`, only those that read it: 'vector' (tabular
 * features, or a TF-IDF vector) or 'tokens' (token ids; their `paramCount` and `build` need
 * `BuildContext.vocabSize`).
 */
export function familiesIn<F extends ModelInfo>(list: readonly F[], task: TaskKind, input?: ModelInput): F[] {
  return list.filter((f) => f.tasks.includes(task) && (input === undefined || familyInput(f) === input));
}

/** The catalog's families for a task (see `familiesIn`). */
export const catalogFor = (task: TaskKind, input?: ModelInput): ModelInfo[] => familiesIn(MODEL_CATALOG, task, input);

function resolveField(field: ParamField, raw: unknown, fallback: ModelParams[string]): ModelParams[string] {
  const clamp = (v: number) => Math.min(field.max ?? Infinity, Math.max(field.min ?? -Infinity, v));
  switch (field.kind) {
    case 'int':
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return fallback;
      return clamp(field.kind === 'int' ? Math.round(raw) : raw);
    }
    case 'select':
      return typeof raw === 'string' && (field.options ?? []).includes(raw) ? raw : fallback;
    case 'layers':
      return Array.isArray(raw) && raw.every((v) => typeof v === 'number' && Number.isFinite(v))
        ? raw.map((v: number) => clamp(Math.round(v)))
        : fallback;
  }
}

/**
 * Lenient import of saved parameters: unknown keys are dropped, missing or invalid values take the
 * family's default, numbers are clamped to the field's range. Always returns a complete set.
 */
export function resolveParams(family: ModelInfo, raw: unknown): ModelParams {
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: ModelParams = { ...family.defaultParams };
  for (const field of family.fields) {
    const fallback = family.defaultParams[field.key];
    if (fallback !== undefined) out[field.key] = resolveField(field, given[field.key], fallback);
  }
  return out;
}

export type { BuildContext, ModelInput, ModelCard, ModelInfo, ModelParams, NeuralInfo, ParamField, TreeFamily, TreeModel } from './types';
export { treeModelFromJSON, type TreeModelJSON } from './tree-model';

/**
 * Every model family, in the order the model step shows them. A new family is one file plus one
 * line here (architecture rule 6).
 */
import type { TaskKind } from '../data/schema';
import { decisionTree } from './decision-tree';
import { gradientBoosting } from './gradient-boosting';
import { linearRegression } from './linear-regression';
import { logisticRegression } from './logistic-regression';
import { mlp } from './mlp';
import { randomForest } from './random-forest';
import { textCnn } from './text-cnn';
import { textEmbeddingBag } from './text-embedding-bag';
import { textHybrid } from './text-hybrid';
import { textRnn } from './text-rnn';
import { textTransformer } from './text-transformer';
import type { ModelFamily, ModelInput, ModelParams, ParamField } from './types';

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  logisticRegression,
  linearRegression,
  mlp,
  decisionTree,
  randomForest,
  gradientBoosting,
  // Text ('tokens' input); their custom layers register with tfjs when `text-layers` loads.
  textEmbeddingBag,
  textCnn,
  textRnn,
  textTransformer,
  textHybrid,
];

export function getModelFamily(id: string): ModelFamily | undefined {
  return MODEL_FAMILIES.find((f) => f.id === id);
}

/** The input a family reads ('vector' unless it says otherwise). */
export const familyInput = (f: ModelFamily): ModelInput => f.input ?? 'vector';

/**
 * Families for a task; with `input`, only those that read it: 'vector' (tabular features, or a
 * TF-IDF vector) or 'tokens' (token ids; their `paramCount` and `build` need `BuildContext.vocabSize`).
 */
export function familiesFor(task: TaskKind, input?: ModelInput): ModelFamily[] {
  return MODEL_FAMILIES.filter((f) => f.tasks.includes(task) && (input === undefined || familyInput(f) === input));
}

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
export function resolveParams(family: ModelFamily, raw: unknown): ModelParams {
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: ModelParams = { ...family.defaultParams };
  for (const field of family.fields) {
    const fallback = family.defaultParams[field.key];
    if (fallback !== undefined) out[field.key] = resolveField(field, given[field.key], fallback);
  }
  return out;
}

export type { BuildContext, ModelInput, ModelCard, ModelFamily, ModelParams, NeuralFamily, ParamField, TreeFamily, TreeModel } from './types';
export { treeModelFromJSON, type TreeModelJSON } from './tree-model';

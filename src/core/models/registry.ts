/**
 * Every model family with what trains it (neural families' tfjs graphs: this module loads
 * TensorFlow.js, so only workers and tests import it), in the order the model step shows them.
 * A new family is one file plus one line here (architecture rule 6); a neural one also has its
 * description in `info/` and a line in `catalog.ts`, which is what the main thread reads.
 */
import type { TaskKind } from '../data/schema';
import { familiesIn } from './catalog';
import { bertEncoder } from './bert-encoder';
import { decisionTree } from './decision-tree';
import { gradientBoosting } from './gradient-boosting';
import { histGradientBoosting } from './hist-gradient-boosting';
import { linearRegression } from './linear-regression';
import { logisticRegression } from './logistic-regression';
import { mlp } from './mlp';
import { randomForest } from './random-forest';
import { textCnn } from './text-cnn';
import { textEmbeddingBag } from './text-embedding-bag';
import { textHybrid } from './text-hybrid';
import { textRnn } from './text-rnn';
import { textTransformer } from './text-transformer';
import type { ModelFamily, ModelInput } from './types';

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  logisticRegression,
  linearRegression,
  mlp,
  decisionTree,
  randomForest,
  gradientBoosting,
  histGradientBoosting,
  // Text ('tokens' input); their custom layers register with tfjs when `text-layers` loads.
  textEmbeddingBag,
  textCnn,
  textRnn,
  textTransformer,
  textHybrid,
  bertEncoder,
];

export function getModelFamily(id: string): ModelFamily | undefined {
  return MODEL_FAMILIES.find((f) => f.id === id);
}

/** Families for a task; with `input`, only those that read it (see `catalog.ts` `familiesIn`). */
export const familiesFor = (task: TaskKind, input?: ModelInput): ModelFamily[] => familiesIn(MODEL_FAMILIES, task, input);

export { familyInput, resolveParams } from './catalog';
export type { BuildContext, ModelInput, ModelCard, ModelFamily, ModelParams, NeuralFamily, ParamField, TreeFamily, TreeModel } from './types';
export { treeModelFromJSON, type TreeModelJSON } from './tree-model';

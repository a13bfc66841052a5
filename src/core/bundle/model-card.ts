/**
 * The bundle's README.md: a model card a person can read without the studio — what the model
 * predicts, from what, how well (on the test split), how it was trained, how to load it in plain
 * TensorFlow.js, and what it cannot do.
 */
import type { TaskKind } from '../data/schema';
import type { ModelFormat } from './format';
import { fairnessSection, type ModelCardFairness } from './model-card-fairness';

export interface ModelCardInfo {
  /** e.g. "Iris species classifier"; defaults to "<target> model". */
  title?: string;
  /** The column the model predicts. */
  target: string;
  task: TaskKind;
  /** Registry id (`mlp`) and, when known, the name people read ("Neural network (MLP)"). */
  modelFamily: string;
  modelFamilyName?: string;
  modelFormat: ModelFormat;
  /** Input columns, before encoding, in the order the studio uses them. */
  features: string[];
  /** Width of the encoded input vector (after one-hot etc.), tfjs models. */
  inputSize?: number;
  /** Class names in output order (classification). */
  labels?: string[];
  datasetName?: string;
  rows: { train: number; validation: number; test: number };
  /** Metrics on the test split, in display order. */
  metrics: { name: string; value: number }[];
  seed: number;
  settings: Record<string, string | number | boolean>;
  createdAt: string;
  /** Limitations beyond the standard ones (e.g. "class 'virginica' has only 12 test rows"). */
  limitations?: string[];
  /** The run's fairness audits and counterfactual swaps, when any were made. */
  fairness?: ModelCardFairness;
}

/** Escapes text for Markdown prose and table cells (user data: column and class names). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#!~])/g, '\\$1');
}

const fmt = (n: number): string =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : Number.isFinite(n) ? n.toPrecision(4) : String(n);

const list = (items: string[], max = 30): string => {
  const shown = items.slice(0, max).map(escapeMarkdown).join(', ');
  return items.length > max ? `${shown}, … (${items.length - max} more)` : shown;
};

function loadingSection(info: ModelCardInfo): string[] {
  if (info.modelFormat === 'tree-json') {
    return [
      '`model/tree.json` holds the trees in ML Studio\'s documented JSON (`format: "ml-studio-trees"`):',
      'per tree, parallel arrays `feature`, `threshold`, `left`, `right` (one entry per node) and',
      '`value` (node × width). One encoded row `x` (see `features.json`) reaches a leaf like this:',
      '',
      '```js',
      'function leaf(t, x, width) {',
      '  let i = 0;',
      '  while (t.feature[i] >= 0) i = x[t.feature[i]] < t.threshold[i] ? t.left[i] : t.right[i];',
      '  return t.value.slice(i * width, (i + 1) * width);',
      '}',
      '```',
      '',
      'Version 1 (decision tree, random forest; width = outputs): the prediction is the mean of the',
      'trees\' leaves (class shares or values). Version 2 (gradient boosting; width = `boost.base.length`):',
      'add `boost.base` and every tree\'s leaf, then apply `boost.link` (identity; sigmoid giving',
      '[1 − p, p]; or softmax). Or import the bundle into ML Studio.',
    ];
  }
  const n = info.inputSize ?? info.features.length;
  return [
    '`model/` is a standard TensorFlow.js LayersModel folder (`model.json` + `weights.bin`).',
    'Unzip the bundle, serve the folder over HTTP (for example `npx http-server .`), then:',
    '',
    '```js',
    "import * as tf from '@tensorflow/tfjs';",
    '',
    "const model = await tf.loadLayersModel('http://localhost:8080/model/model.json');",
    `// One row of ${n} numbers, encoded exactly as features.json describes.`,
    `const x = tf.tensor2d([[/* ${n} numbers */]], [1, ${n}]);`,
    'const y = model.predict(x);',
    info.task === 'classification'
      ? "console.log(await y.data()); // one probability per class, in labels.json's order"
      : 'console.log(await y.data()); // the predicted value, in the units features.json describes',
    '```',
    '',
    '**Inputs must be prepared the same way as in training**: first the cleaning steps of',
    '`recipe.json`, then the encoders of `features.json` (scaling, one-hot columns, their order).',
    'Raw values fed straight into the model give wrong predictions without any error.',
    'In Node, use `@tensorflow/tfjs-node` and a `file://` path instead of a URL.',
  ];
}

export function renderModelCard(info: ModelCardInfo): string {
  const family = info.modelFamilyName ? `${escapeMarkdown(info.modelFamilyName)} (\`${info.modelFamily}\`)` : `\`${info.modelFamily}\``;
  const what =
    info.task === 'classification'
      ? `predicts the class of **${escapeMarkdown(info.target)}**${info.labels?.length ? ` (one of: ${list(info.labels)})` : ''}`
      : `predicts the number **${escapeMarkdown(info.target)}**`;
  const total = info.rows.train + info.rows.validation + info.rows.test;
  const pct = (n: number) => (total > 0 ? ` (${Math.round((100 * n) / total)}%)` : '');
  const settings = Object.entries(info.settings);
  const limitations = [
    `It learned only from the ${fmt(total)} rows of ${info.datasetName ? `“${escapeMarkdown(info.datasetName)}”` : 'one dataset'}; it will be wrong on data unlike those rows (other populations, other time periods, values outside the ranges it saw).`,
    'Metrics come from one test split; on new data expect them to be somewhat worse.',
    'It finds patterns, not causes: do not use it alone for decisions about people.',
    ...(info.limitations ?? []).map(escapeMarkdown),
  ];
  return [
    `# ${escapeMarkdown(info.title ?? `${info.target} model`)}`,
    '',
    `This model ${what} from ${info.features.length} input column${info.features.length === 1 ? '' : 's'}.`,
    `It was trained in ML Studio on ${escapeMarkdown(info.createdAt)}.`,
    '',
    '## Model',
    '',
    `- Task: ${info.task}`,
    `- Family: ${family}`,
    `- Input columns: ${list(info.features)}`,
    '',
    '## Training data',
    '',
    ...(info.datasetName ? [`Dataset: ${escapeMarkdown(info.datasetName)}`, ''] : []),
    '| split | rows |',
    '|---|---:|',
    `| train | ${fmt(info.rows.train)}${pct(info.rows.train)} |`,
    `| validation | ${fmt(info.rows.validation)}${pct(info.rows.validation)} |`,
    `| test | ${fmt(info.rows.test)}${pct(info.rows.test)} |`,
    '',
    '## Metrics on the test split',
    '',
    ...(info.metrics.length
      ? ['| metric | value |', '|---|---:|', ...info.metrics.map((m) => `| ${escapeMarkdown(m.name)} | ${fmt(m.value)} |`)]
      : ['No metrics were recorded.']),
    '',
    '## Training settings',
    '',
    `- Seed: ${info.seed} (the same data, settings and seed reproduce this model)`,
    ...settings.map(([k, v]) => `- ${escapeMarkdown(k)}: ${escapeMarkdown(String(v))}`),
    '',
    ...fairnessSection(info.fairness, escapeMarkdown),
    '## Using the model',
    '',
    'Import this .zip into ML Studio to use it with no code. Without the studio:',
    '',
    ...loadingSection(info),
    '',
    '## Limitations',
    '',
    ...limitations.map((l) => `- ${l}`),
    '',
    '## Files',
    '',
    '`manifest.json` (format and version), `model/`, `recipe.json` (cleaning steps with their fitted',
    'values), `schema.json` (columns of the raw file), `features.json` (encoders), `labels.json`',
    '(class names), `metrics.json`, `training.json` (settings and seed), this README.',
    '',
  ].join('\n');
}

/**
 * A loaded predictor as the demo page's interface sees it (demo-ui.ts DemoModel): fields with the
 * kind of input their type calls for and the categories they were encoded with, class
 * probabilities in class order, generation with the page's settings. Tested in Node
 * (demo-model.test.ts) against the studio's own predictions.
 */
import { readBundle } from '../core/bundle/read';
import type { FittedEncoders } from '../core/features/fit';
import { OTHER } from '../core/features/fit';
import { getModelInfo } from '../core/models/catalog';
import type { DemoField, DemoModel } from './demo-ui';
import type { Predictor } from './predictor';

/** The categories each categorical column was encoded with, offered as suggestions in its box. */
function categories(bytes: Uint8Array): Map<string, string[]> {
  const read = readBundle(bytes);
  const out = new Map<string, string[]>();
  if (!read.ok) return out;
  for (const c of (read.value.features as FittedEncoders).columns) if (c.kind === 'categorical') out.set(c.name, c.categories.filter((v) => v !== OTHER));
  return out;
}

export function demoModel(p: Predictor, bytes: Uint8Array): DemoModel {
  const family = getModelInfo(p.modelFamily)?.label ?? (p.kind === 'lm' ? 'Language model (GPT)' : p.modelFamily);
  const options = p.kind === 'lm' ? new Map<string, string[]>() : categories(bytes);
  const fields: DemoField[] = p.columns.map((c) => {
    const known = options.get(c.name);
    return known?.length ? { ...c, options: known } : { ...c };
  });
  return {
    task: p.task,
    family,
    modelCard: p.card,
    fields,
    textColumns: p.textColumns,
    async predict(records) {
      const r = await p.predictRows(records);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.predictions.map((pr) =>
        pr.probabilities ? { classes: p.labels.map((label) => ({ label, probability: pr.probabilities![label]! })), notes: r.value.warnings } : { value: pr.value!, notes: r.value.warnings },
      );
    },
    ...(p.generate
      ? {
          async generate(prompt, o, onText) {
            // topP 1 (no nucleus cut): the page offers temperature, top-k and seed, greedy by default.
            const r = await p.generate!(prompt, { maxNewTokens: o.maxNewTokens, temperature: o.temperature, topK: o.topK, topP: 1, seed: o.seed }, onText);
            if (!r.ok) throw new Error(r.error.message);
            return r.value.text;
          },
        }
      : {}),
  };
}

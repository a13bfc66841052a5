/**
 * "Pretrained encoder (BERT)" in experiments: cross-validation and search trials start from the
 * dropped checkpoint as a single run does (they failed with "No pretrained encoder is loaded").
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { createInProcessTrainClient } from '../worker/in-process-client';
import type { TrainClient } from '../worker/train-client';
import { applyBertFolder, bertEncoderStore } from './bert-encoder';
import { bertVocab, hfBertFolder, randomBertWeights, tinyBertConfig } from '../core/lm/bert-test-files';
import { BERT_ENCODER_ID } from '../core/models/info/bert-encoder';
import { createRng } from '../core/util/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const GOOD = ['great', 'wonderful', 'loved', 'superb'];
const BAD = ['awful', 'boring', 'hated', 'dull'];
const FILLER = ['the', 'film', 'was', 'a', 'plot', 'actors', 'really', 'and', 'story', 'ending'];

function reviews(n: number): string {
  const rng = createRng(3);
  const pick = (xs: string[]) => xs[Math.floor(rng.next() * xs.length)]!;
  const lines = ['review,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    const words = Array.from({ length: 3 + Math.floor(rng.next() * 4) }, () => pick(FILLER));
    words.splice(Math.floor(rng.next() * words.length), 0, pick(pos ? GOOD : BAD));
    lines.push(`${words.join(' ')},${pos ? 'pos' : 'neg'}`);
  }
  return lines.join('\n');
}

describe('the pretrained BERT encoder in cross-validation', () => {
  it('every fold trains from the dropped checkpoint, and each request carries it', async () => {
    const requests: { family: string; pretrained: boolean }[] = [];
    const makeTrainClient = (): TrainClient => {
      const inner = createInProcessTrainClient();
      return {
        ...inner,
        train(req, hooks) {
          requests.push({ family: req.family, pretrained: req.pretrained?.weights !== undefined });
          return inner.train(req, hooks);
        },
      };
    };
    const s = makeStudio({ makeTrainClient, cores: 2 });
    await loadTable(s, reviews(120));
    const vocab = bertVocab([...GOOD, ...BAD, ...FILLER]);
    const config = tinyBertConfig({ vocabSize: vocab.length, hidden: 16, intermediate: 32, layers: 1, heads: 2, maxPositions: 16 });
    const folder = hfBertFolder(config, randomBertWeights(config, 4), { vocab });
    const files = [...folder].map(([name, bytes]) => ({ name, blob: new Blob([bytes as BlobPart]) }));
    const spec = s.store.getState().doc.features!.spec;
    await applyBertFolder(files, spec, { encode: (sp) => s.actions.encode(sp), chooseModel: (id) => s.actions.chooseModel(id) });
    expect(bertEncoderStore.getState().encoder).toBeDefined();
    expect(s.store.getState().doc.model!.family).toBe(BERT_ENCODER_ID);
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 1, batchSize: 16 } });
    s.actions.setCvSettings({ k: 3, repeats: 1, seed: 1 });
    await s.actions.startCrossValidation();
    const record = s.store.getState().doc.cv!.records.at(-1)!;
    const model = record.models.find((m) => m.family === BERT_ENCODER_ID)!;
    expect(model.folds.map((f) => f.status)).toEqual(['done', 'done', 'done']);
    expect(model.summary?.accuracy?.mean).toBeGreaterThan(0);
    const bert = requests.filter((r) => r.family === BERT_ENCODER_ID);
    expect(bert).toHaveLength(3);
    expect(bert.every((r) => r.pretrained)).toBe(true);
  }, 60_000);
});

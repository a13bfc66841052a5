/**
 * The classroom challenge (issue 16 §4), in the teacher's studio: write the challenge files from
 * the project's cleaned data and split (the test split becomes the hidden part), keep the key in
 * the project, and score student model bundles on the hidden labels into a local leaderboard.
 * Student bundles are predicted through the same path as every prediction (recipe replay in the
 * data worker, the model in the training worker).
 */
import { readBundle, type BundleContents } from '../../core/bundle';
import { makeChallenge, readChallengeKey, scoreChallenge, type ChallengeKey } from '../../core/bundle/challenge';
import type { Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';
import type { ChallengeDoc, LeaderboardEntry } from '../challenge-doc';

const fail = (message: string, hint?: string): { ok: false; error: { message: string; hint?: string } } => ({ ok: false, error: { message, ...(hint ? { hint } : {}) } });

function randomSalt(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Predicted class names or values of raw records, with a bundle's own recipe, encoders and model. */
export async function predictWithBundle(deps: Deps, c: BundleContents, records: Record<string, string>[]): Promise<Result<(string | number)[]>> {
  const rawSchema = c.rawSchema.map((col) => ({ name: col.name, inferred: col.type as never }));
  const enc = await deps.data.run({ type: 'encode-record', records, rawSchema, recipe: c.recipe as never, fitted: c.features as never });
  if (!enc.ok) return enc;
  const { x, n, features } = enc.value;
  const out = await deps.train.predict({ type: 'predict', family: '', model: c.model as never, task: c.meta.task, x, n, features });
  if (!out.ok) return out;
  const k = c.labels.length;
  return {
    ok: true,
    value: Array.from({ length: n }, (_, i) => {
      if (c.meta.task !== 'classification') return out.value[i]!;
      let best = 0;
      for (let j = 1; j < k; j++) if (out.value[i * k + j]! > out.value[i * k + best]!) best = j;
      return c.labels[best]!;
    }),
  };
}

export function createChallengeActions(store: StudioStore, deps: Deps) {
  const get = store.getState;
  const patch = (f: (c: ChallengeDoc) => ChallengeDoc) => store.setState((s) => ({ doc: { ...s.doc, challenge: f(s.doc.challenge ?? { entries: [] }) } }));

  /** The three challenge files from the cleaned data: training part, hashed test part, teacher key (also kept in the project). */
  async function makeChallengeFiles(name: string): Promise<Result<{ fileName: string; text: string }[]>> {
    const { doc } = get();
    const fitted = doc.features?.artifact?.fitted;
    if (!doc.dataset || !doc.clean || !doc.features || !fitted) return fail('Load a dataset, choose its target and encode it first.', 'The challenge uses the Encode step’s split: its test split becomes the hidden part.');
    if (fitted.text) return fail('Challenges are for tables for now.', 'A text dataset cannot be made into a challenge yet.');
    const table = { datasetId: doc.dataset.datasetId, stage: 'clean' as const, recipeKey: doc.clean.recipeKey };
    const target = doc.features.spec.target;
    const split = await deps.data.run({ type: 'sensitive-rows', table, spec: doc.features.spec, fitted, split: 'test', columns: [target], encode: false });
    if (!split.ok) return split;
    const testRows = Array.from(split.value.rows);
    const inTest = new Set(testRows);
    const trainRows = Array.from({ length: doc.clean.profile.rows }, (_, i) => i).filter((i) => !inTest.has(i));
    const [train, test] = await Promise.all([deps.data.run({ type: 'records', table, rows: trainRows }), deps.data.run({ type: 'records', table, rows: testRows })]);
    if (!train.ok) return train;
    if (!test.ok) return test;
    const columns = doc.clean.schema.map((c) => c.name);
    const safe = name.trim().replace(/[^\w.-]+/g, '-') || 'challenge';
    const files = makeChallenge({ name: name.trim() || safe, target, task: doc.features.spec.task, columns, train: train.value, test: test.value, salt: randomSalt(), createdAt: new Date().toISOString() });
    patch(() => ({ key: files.key, entries: [] }));
    return {
      ok: true,
      value: [
        { fileName: `${safe}-train.csv`, text: files.trainCsv },
        { fileName: `${safe}-test.csv`, text: files.testCsv },
        { fileName: `${safe}-teacher-key.json`, text: JSON.stringify(files.key) },
      ],
    };
  }

  /** Opens a teacher key file: the leaderboard starts empty for it. */
  async function openChallengeKey(file: Blob): Promise<Result<ChallengeKey>> {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return fail('This file is not JSON.', 'Choose the “…-teacher-key.json” file the studio wrote with the challenge.');
    }
    const key = readChallengeKey(json);
    if (!key.ok) return key;
    patch((c) => ({ key: key.value, entries: c.key?.salt === key.value.salt ? c.entries : [] }));
    return key;
  }

  /** Scores one student bundle on the hidden labels and adds it to the leaderboard. */
  async function submitToChallenge(file: Blob, fileName: string, student: string): Promise<Result<LeaderboardEntry>> {
    const key = get().doc.challenge?.key;
    if (!key) return fail('Make a challenge or open its teacher key first.');
    const read = readBundle(new Uint8Array(await file.arrayBuffer()));
    if (!read.ok) return read;
    const c = read.value;
    if (c.meta.kind !== 'tabular') return fail(`${fileName} is not a table model.`, 'Submit the bundle exported from the Export step after training on the challenge’s training file.');
    if (c.meta.task !== key.task) return fail(`${fileName} is a ${c.meta.task} model; this challenge is ${key.task}.`);
    const missing = c.rawSchema.map((col) => col.name).filter((n) => n !== key.target && !key.columns.includes(n));
    if (missing.length) return fail(`${fileName} expects columns the challenge does not have: ${missing.join(', ')}.`, 'Was it trained on this challenge’s training file?');
    const predicted = await predictWithBundle(deps, c, key.test.map((t) => t.record));
    if (!predicted.ok) return predicted;
    const score = scoreChallenge(key, predicted.value);
    const stamp = c.stamp ? `seed ${c.stamp.seed} · data ${c.stamp.dataSha256.slice(0, 8)} · ${c.stamp.createdAt.slice(0, 10)}` : 'no stamp';
    const entry: LeaderboardEntry = { id: deps.newId(), name: student.trim() || fileName.replace(/\.zip$/i, ''), fileName, family: c.meta.modelFamily, ...score, stamp, submittedAt: Date.now() };
    patch((d) => ({ ...d, entries: [...d.entries, entry] }));
    return { ok: true, value: entry };
  }

  function removeChallengeEntry(id: string) {
    patch((d) => ({ ...d, entries: d.entries.filter((e) => e.id !== id) }));
  }

  return { makeChallengeFiles, openChallengeKey, submitToChallenge, removeChallengeEntry };
}

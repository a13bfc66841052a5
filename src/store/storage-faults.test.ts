import { describe, expect, it } from 'vitest';
import { createStudio } from './studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import type { ProjectPersistence } from './store';
import { migrateProject, newProject, PROJECT_FORMAT, PROJECT_VERSION, readSavedProject, type Migration } from './project';
import { projectFileText, rawRecordText } from './project-file';
import { storageFailureMessage } from './persist';

/** In-memory persistence whose saves throw QuotaExceededError while `full` is set. */
function fakePersistence(saved?: unknown) {
  const p = {
    saved,
    full: false,
    saves: 0,
    load: async () => p.saved,
    save: async (doc: unknown) => {
      p.saves++;
      if (p.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      p.saved = structuredClone(doc);
    },
    clear: async () => void (p.saved = undefined),
  };
  return p satisfies ProjectPersistence;
}

function makeStudio(persistence: ProjectPersistence) {
  let id = 0;
  return createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    persistence,
    fetchBlob: async () => new Blob(['a,b\n1,x\n2,y\n']),
    newId: () => `id${id++}`,
  });
}

const CSV = 'age,city\n30,Bern\n40,Basel\n';

describe('storage full', () => {
  it('says the project is not saved, keeps the doc downloadable, and clears the message once a save works', async () => {
    const p = fakePersistence();
    const s = makeStudio(p);
    await s.actions.restore();
    p.full = true;
    await s.actions.loadFile(new Blob([CSV]), 'people.csv');
    await s.flush();
    expect(s.store.getState().saveFailure?.message).toBe('Your project could not be saved on this device: storage is full.');
    expect(p.saved).toBeUndefined();
    // The download holds the document as it is in memory, dataset reference included.
    const file = JSON.parse(projectFileText(s.store.getState().doc)) as { dataset?: { fileName: string } };
    expect(file.dataset?.fileName).toBe('people.csv');

    // Still full: the next change tries again and the message stays.
    const before = p.saves;
    s.actions.goToStep('clean');
    await s.flush();
    expect(p.saves).toBe(before + 1);
    expect(s.store.getState().saveFailure).toBeDefined();

    // Space again: the next change saves and the message goes.
    p.full = false;
    s.actions.goToStep('upload');
    await s.flush();
    expect(s.store.getState().saveFailure).toBeUndefined();
    expect((p.saved as { dataset?: { fileName: string } }).dataset?.fileName).toBe('people.csv');
  });

  it('names other failures without calling them storage full', async () => {
    const p = fakePersistence();
    p.save = async () => {
      throw new DOMException('The database connection is closing.', 'InvalidStateError');
    };
    const s = makeStudio(p);
    await s.actions.restore();
    s.actions.goToStep('clean');
    await s.flush();
    expect(s.store.getState().saveFailure?.message).toBe('Your project could not be saved on this device (The database connection is closing.).');
  });

  it('words a worker’s storage fault (a { name, message } copy of the DOMException) the same way', () => {
    expect(storageFailureMessage('The pretrained model', { name: 'QuotaExceededError', message: 'The quota has been exceeded.' })).toBe('The pretrained model could not be saved on this device: storage is full.');
    expect(storageFailureMessage('The fine-tune checkpoint', { name: 'UnknownError', message: 'Disk I/O' })).toBe('The fine-tune checkpoint could not be saved on this device (Disk I/O).');
  });
});

describe('restoring a bad saved record', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a truncated record', '{"format":"ml-studio-project","vers', /not an ML Studio project/],
    ['a wrong schema', { format: PROJECT_FORMAT, version: PROJECT_VERSION, schema: 'oops', recipe: {} }, /missing or malformed/],
    ['a newer version', { ...newProject(1), version: PROJECT_VERSION + 1 }, /newer version of ML Studio \(project version 2; this version reads up to 1\)/],
    ['no version', { ...newProject(1), version: undefined }, /version number is missing/],
  ];
  for (const [name, raw, reason] of cases) {
    it(`starts a new project on ${name}, says why, and keeps the raw record`, async () => {
      const s = makeStudio(fakePersistence(raw));
      await s.actions.restore();
      const st = s.store.getState();
      expect(st.restoring).toBe(false);
      expect(st.doc.step).toBe('upload');
      expect(st.doc.dataset).toBeUndefined();
      expect(st.unrestored?.reason).toMatch(reason);
      expect(JSON.parse(rawRecordText(st.unrestored?.raw))).toEqual(JSON.parse(JSON.stringify(raw)));
      s.actions.dismissUnrestored();
      expect(s.store.getState().unrestored).toBeUndefined();
    });
  }

  it('a load that throws starts a new project and says the record could not be read', async () => {
    const p = fakePersistence();
    p.load = async () => {
      throw new DOMException('gone', 'UnknownError');
    };
    const s = makeStudio(p);
    await s.actions.restore();
    expect(s.store.getState().unrestored).toEqual({ reason: 'Your saved project could not be read from this device’s storage.', raw: undefined });
  });

  it('a good record restores with no message', async () => {
    const s = makeStudio(fakePersistence({ ...newProject(1), step: 'clean' }));
    await s.actions.restore();
    expect(s.store.getState().unrestored).toBeUndefined();
    expect(s.store.getState().doc.step).toBe('clean');
  });
});

describe('project migrations', () => {
  // Synthetic versions: each step records that it ran, so the order is visible.
  const trail = (v: number): Migration => (doc) => ({ ...doc, trail: [...((doc.trail as number[] | undefined) ?? []), v] });
  const steps = { 0: trail(0), 1: trail(1), 2: trail(2) };

  it('applies one migration per version, in order, up to the target version', () => {
    expect(migrateProject({ version: 0 }, 0, steps, 3)).toEqual({ version: 3, trail: [0, 1, 2] });
    expect(migrateProject({ version: 1 }, 1, steps, 3)).toEqual({ version: 3, trail: [1, 2] });
    expect(migrateProject({ version: 3 }, 3, steps, 3)).toEqual({ version: 3 });
  });

  it('refuses a version that has no migration', () => {
    expect(() => migrateProject({ version: 0 }, 0, { 1: trail(1) }, 2)).toThrow('there is no upgrade from project version 0');
  });

  it('an old record goes through the migrations before it is restored', () => {
    // A made-up version 0 that named the recipe's steps `ops`.
    const v0 = { format: PROJECT_FORMAT, version: 0, createdAt: 5, step: 'clean', schema: [], recipe: { format: 'ml-studio-recipe', version: 1, ops: [] } };
    const up: Migration = ({ recipe, ...doc }) => ({ ...doc, recipe: { ...(recipe as object), steps: (recipe as { ops: unknown[] }).ops } });
    const read = readSavedProject(v0, { 0: up });
    expect(read.ok && read.doc?.step).toBe('clean');
    expect(read.ok && read.doc?.version).toBe(PROJECT_VERSION);
    // Without the migration the same record is reported, not restored.
    expect(readSavedProject(v0)).toEqual({ ok: false, reason: 'It is an old project (version 0) that could not be upgraded: there is no upgrade from project version 0.' });
  });
});

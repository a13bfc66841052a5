import { describe, expect, it } from 'vitest';
import { makeStudio, memoryPersistence } from './test-studio';
import { createInProcessClient, memoryTableStore } from '../worker/in-process-client';
import type { DataClient } from '../worker/data-client';
import { cutOffUpload, restoreUploadNote, type CorpusUploadNote, type DataUploadNote } from './upload-doc';
import { newProject, readSavedProject } from './project';
import { createLmClient, type LmClient } from '../worker/lm-client';
import { createLmHandler } from '../worker/lm-handler';
import { memoryLmStorage, type LmStorage } from '../worker/lm-ports';
import type { LmRequest } from '../worker/lm-protocol';
import { cpuBackends, HELLO_TEXT } from '../worker/lm-test-jobs';

/** A data client whose ingest never ends (the page closes while it reads); everything else is the real in-process one. */
function stuckIngest(real: DataClient): DataClient {
  return { ...real, run: ((req: Parameters<DataClient['run']>[0], o?: Parameters<DataClient['run']>[1]) => (req.type === 'ingest' ? new Promise(() => {}) : real.run(req, o))) as DataClient['run'] };
}

describe('a reload while a file is read (upload-doc.ts)', () => {
  it('says the upload was cut off, drops what was written for it, keeps the project, and says it once', async () => {
    const persistence = memoryPersistence();
    const tables = memoryTableStore();
    const first = makeStudio({ persistence, data: createInProcessClient(tables) });
    await first.actions.restore();
    await first.actions.loadFile(new Blob(['a,label\n1,x\n2,y\n3,x\n']), 'small.csv');
    await first.actions.setTarget('label');
    await first.flush();

    let n = 0;
    const reading = makeStudio({ persistence, data: stuckIngest(createInProcessClient(tables)), newId: () => `reading-${n++}` });
    await reading.actions.restore();
    void reading.actions.loadFile(new Blob(['b\n1\n']), 'big.csv');
    await reading.flush(); // autosave wrote the note; now the page "closes"
    const note = reading.store.getState().doc.upload as DataUploadNote;
    expect(note.fileName).toBe('big.csv');
    expect(note.datasetId).not.toBe(first.store.getState().doc.dataset!.datasetId);
    await tables.put(note.datasetId, (await tables.get(first.store.getState().doc.dataset!.datasetId))!); // the worker had just written its table

    const after = makeStudio({ persistence, data: createInProcessClient(tables) });
    await after.actions.restore();
    const st = after.store.getState();
    expect(st.problem?.message).toBe('Reading “big.csv” was cut off: the page was closed or reloaded before the file was loaded, so the part read was discarded.');
    expect(st.problem?.hint).toBe('Load the file again.');
    expect(st.doc.dataset?.fileName).toBe('small.csv'); // the project as it was
    expect(st.doc.target?.column).toBe('label');
    expect(st.doc.upload).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(await tables.get(note.datasetId)).toBeUndefined();

    await after.flush();
    const again = makeStudio({ persistence, data: createInProcessClient(tables) });
    await again.actions.restore();
    expect(again.store.getState().problem).toBeUndefined();
  });
});

/** A data client whose text ingest never ends; everything else is the real in-process one. */
function stuckTexts(real: DataClient): DataClient {
  return { ...real, run: ((req: Parameters<DataClient['run']>[0], o?: Parameters<DataClient['run']>[1]) => (req.type === 'ingest-texts' ? new Promise(() => {}) : real.run(req, o))) as DataClient['run'] };
}

const txt = (path: string, text: string) => ({ path, file: new Blob([text], { type: 'text/plain' }) });

describe('a reload while a .txt set is read', () => {
  it('names the set, drops what was written for it, keeps the dataset before it, says it once', async () => {
    const persistence = memoryPersistence();
    const tables = memoryTableStore();
    const first = makeStudio({ persistence, data: createInProcessClient(tables) });
    await first.actions.restore();
    await first.actions.loadFile(new Blob(['a,label\n1,x\n2,y\n3,x\n']), 'small.csv');
    await first.actions.setTarget('label');
    await first.flush();
    const kept = first.store.getState().doc.dataset!.datasetId;

    let n = 0;
    const reading = makeStudio({ persistence, data: stuckTexts(createInProcessClient(tables)), newId: () => `reading-${n++}` });
    await reading.actions.restore();
    reading.actions.offerTexts([txt('reviews/pos/a.txt', 'good film'), txt('reviews/neg/b.txt', 'bad film'), txt('reviews/neg/c.txt', 'dull'), txt('reviews/pos/d.txt', 'fine')]);
    void reading.actions.loadTexts('file');
    await reading.flush();
    const note = reading.store.getState().doc.upload as DataUploadNote;
    expect(note).toMatchObject({ kind: 'texts', fileName: 'reviews/', count: 4, files: ['reviews/pos/a.txt', 'reviews/neg/b.txt', 'reviews/neg/c.txt'] });
    expect(note.datasetId).not.toBe(kept);
    await tables.put(note.datasetId, (await tables.get(kept))!); // the worker had just written its table

    const after = makeStudio({ persistence, data: createInProcessClient(tables) });
    await after.actions.restore();
    const st = after.store.getState();
    expect(st.problem?.message).toBe('Reading “reviews/” (4 files: “reviews/pos/a.txt”, “reviews/neg/b.txt”, “reviews/neg/c.txt”, …) was cut off: the page was closed or reloaded before the text files were loaded, so the part read was discarded.');
    expect(st.problem?.hint).toBe('Load the text files again.');
    expect(st.doc.dataset?.fileName).toBe('small.csv');
    expect(st.doc.target?.column).toBe('label');
    expect(st.doc.upload).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(await tables.get(note.datasetId)).toBeUndefined();
    expect(await tables.get(kept)).toBeDefined();

    await after.flush();
    const again = makeStudio({ persistence, data: createInProcessClient(tables) });
    await again.actions.restore();
    expect(again.store.getState().problem).toBeUndefined();
  });

  it('clears the note when the set is read, and when it fails', async () => {
    const real = createInProcessClient(memoryTableStore());
    const seen: unknown[] = [];
    let fail = false;
    const data: DataClient = {
      ...real,
      run: ((req: Parameters<DataClient['run']>[0], o?: Parameters<DataClient['run']>[1]) => {
        if (req.type !== 'ingest-texts') return real.run(req, o);
        seen.push(s.store.getState().doc.upload); // written before the worker reads
        return fail ? Promise.resolve({ ok: false, error: { message: 'The disk said no.' } }) : real.run(req, o);
      }) as DataClient['run'],
    };
    const s = makeStudio({ data });
    await s.actions.restore();
    s.actions.offerTexts([txt('a.txt', 'one\ntwo\nthree\n')]);
    expect(await s.actions.loadTexts('line')).toBe(true);
    expect(s.store.getState().doc.upload).toBeUndefined();
    fail = true;
    expect(await s.actions.pasteTexts('four\nfive\n')).toBe(false);
    expect(s.store.getState().problem?.message).toBe('The disk said no.');
    expect(s.store.getState().doc.upload).toBeUndefined();
    expect(seen).toMatchObject([{ kind: 'texts', fileName: 'a.txt' }, { kind: 'texts', fileName: 'pasted text' }]);
  });
});

/** A Worker stand-in running the LM handler on this thread, over `storage` (IndexedDB in the app). */
function lmWorker(storage: LmStorage) {
  return () => {
    const w = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      onerror: null,
      onmessageerror: null,
      terminate() {},
      postMessage: (req: LmRequest) => void handle(req),
    };
    const handle = createLmHandler(cpuBackends, storage, (e) => setTimeout(() => w.onmessage?.({ data: e })));
    return w as unknown as Worker;
  };
}

/** An LM client whose corpus reads never end (the page closes while it reads). */
function stuckPrepare(real: LmClient): LmClient {
  return { ...real, prepare: () => new Promise(() => {}) };
}

async function until(cond: () => Promise<boolean> | boolean) {
  for (let i = 0; i < 500 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('a reload while a language-model corpus is read', () => {
  it('names the files, drops the corpus the worker stored for it, keeps the corpus before it, says it once', async () => {
    const persistence = memoryPersistence();
    const storage = memoryLmStorage();
    const first = makeStudio({ persistence, lm: createLmClient(lmWorker(storage)), fetchBlob: async () => new Blob([HELLO_TEXT]) });
    await first.actions.restore();
    await first.actions.lmUseSample({ file: 'hello.txt', name: 'Hello' });
    await first.flush();
    const kept = first.store.getState().doc.lm!.corpus!.corpusId;
    expect(first.store.getState().doc.upload).toBeUndefined();

    let n = 0;
    const reading = makeStudio({ persistence, lm: stuckPrepare(createLmClient(lmWorker(storage))), newId: () => `reading-${n++}` });
    await reading.actions.restore();
    void reading.actions.lmLoadFiles([new File([HELLO_TEXT], 'part-1.txt'), new File([HELLO_TEXT], 'part-2.txt')]);
    await reading.flush();
    const note = reading.store.getState().doc.upload as CorpusUploadNote;
    expect(note).toMatchObject({ kind: 'corpus', fileName: '2 files', count: 2, files: ['part-1.txt', 'part-2.txt'] });
    expect(note.corpusId).not.toBe(kept);
    await storage.putCorpus({ ...(await storage.getCorpus(kept))!, corpusId: note.corpusId }); // the worker had just stored it

    const after = makeStudio({ persistence, lm: createLmClient(lmWorker(storage)) });
    await after.actions.restore();
    const st = after.store.getState();
    expect(st.lm?.problem?.message).toBe('Reading 2 files (“part-1.txt”, “part-2.txt”) was cut off: the page was closed or reloaded before the text was read, so the part read was discarded.');
    expect(st.lm?.problem?.hint).toBe('Load the text again.');
    expect(st.problem).toBeUndefined();
    expect(st.doc.lm?.corpus?.corpusId).toBe(kept); // the corpus as it was
    expect(st.doc.upload).toBeUndefined();
    await until(async () => (await storage.getCorpus(note.corpusId)) === undefined);
    expect(await storage.getCorpus(note.corpusId)).toBeUndefined();
    expect(await storage.getCorpus(kept)).toBeDefined();

    await after.flush();
    const again = makeStudio({ persistence, lm: createLmClient(lmWorker(storage)) });
    await again.actions.restore();
    expect(again.store.getState().lm?.problem).toBeUndefined();
  });

  it('clears the note when the corpus is read (the one before is then dropped) and when the read fails', async () => {
    const persistence = memoryPersistence();
    const storage = memoryLmStorage();
    const s = makeStudio({ persistence, lm: createLmClient(lmWorker(storage)), fetchBlob: async () => new Blob([HELLO_TEXT]) });
    await s.actions.restore();
    await s.actions.lmUseSample({ file: 'hello.txt', name: 'Hello' });
    const old = s.store.getState().doc.lm!.corpus!.corpusId;
    await s.actions.lmLoadFiles([new File([HELLO_TEXT], 'mine.txt')]);
    const now = s.store.getState().doc.lm!.corpus!.corpusId;
    expect(now).not.toBe(old);
    expect(s.store.getState().doc.upload).toBeUndefined();
    expect(((await persistence.load()) as { lm: { corpus: { corpusId: string } } }).lm.corpus.corpusId).toBe(now);
    expect(await storage.getCorpus(old)).toBeUndefined();
    expect(await storage.getCorpus(now)).toBeDefined();

    await s.actions.lmLoadFiles([new File(['too short'], 'tiny.txt')]);
    expect(s.store.getState().lm?.problem?.message).toMatch(/a language model needs at least a few thousand/);
    expect(s.store.getState().doc.upload).toBeUndefined();
    expect(s.store.getState().doc.lm!.corpus!.corpusId).toBe(now);
  });
});

describe('upload notes as saved', () => {
  it('reads a note saved before kinds existed as a table file', () => {
    expect(restoreUploadNote({ fileName: 'x.csv', datasetId: 'd1' })).toEqual({ fileName: 'x.csv', datasetId: 'd1' });
    expect(cutOffUpload(restoreUploadNote({ fileName: 'x.csv', datasetId: 'd1' })!).message).toBe('Reading “x.csv” was cut off: the page was closed or reloaded before the file was loaded, so the part read was discarded.');
  });

  it('reads text-set and corpus notes, and drops damaged ones', () => {
    expect(restoreUploadNote({ kind: 'texts', fileName: 'a.txt', datasetId: 'd1' })).toEqual({ kind: 'texts', fileName: 'a.txt', datasetId: 'd1' });
    expect(restoreUploadNote({ kind: 'corpus', fileName: 'moby.txt', corpusId: 'c1' })).toEqual({ kind: 'corpus', fileName: 'moby.txt', corpusId: 'c1' });
    expect(cutOffUpload({ kind: 'corpus', fileName: 'moby.txt', corpusId: 'c1' }).message).toBe('Reading “moby.txt” was cut off: the page was closed or reloaded before the text was read, so the part read was discarded.');
    expect(restoreUploadNote({ kind: 'corpus', fileName: 'moby.txt', datasetId: 'd1' })).toBeUndefined();
    expect(restoreUploadNote({ kind: 'video', fileName: 'a', datasetId: 'd1' })).toBeUndefined();
    expect(restoreUploadNote({ kind: 'texts', fileName: 'x', datasetId: 'd1', files: ['a', 3], count: 2 })).toEqual({ kind: 'texts', fileName: 'x', datasetId: 'd1' });
  });

  it('an old project with an old note restores through readSavedProject', () => {
    const doc = { ...newProject(1), upload: { fileName: 'x.csv', datasetId: 'd1' } };
    const read = readSavedProject(JSON.parse(JSON.stringify(doc)));
    expect(read.ok && read.doc?.upload).toEqual({ fileName: 'x.csv', datasetId: 'd1' });
  });
});

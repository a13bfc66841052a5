import { describe, expect, it } from 'vitest';
import { makeStudio as makeBare, memoryPersistence } from './test-studio';
import { createInProcessClient, memoryTableStore } from '../worker/in-process-client';

const tables = memoryTableStore();
/** Studios that share one device: the saved project and the stored tables. */
const makeStudio = (deps: Parameters<typeof makeBare>[0]) => makeBare({ data: createInProcessClient(tables), ...deps });

const TRUNCATED = '{"format":"ml-studio-project","version":1,"sch';

describe('an unreadable saved record is kept in storage (unreadable.ts)', () => {
  it("survives the new project's autosaves and reloads, offered until dismissed", async () => {
    const persistence = memoryPersistence();
    await persistence.save(TRUNCATED as never); // what a damaged write left
    const first = makeStudio({ persistence });
    await first.actions.restore();
    const reason = first.store.getState().unrestored!.reason;
    expect(reason).toMatch(/not an ML Studio project/);
    await first.actions.loadFile(new Blob(['a,b\n1,2\n']), 'new.csv'); // the new project is saved over "current"
    await first.flush();
    expect(((await persistence.load()) as { dataset: { fileName: string } }).dataset.fileName).toBe('new.csv');

    const second = makeStudio({ persistence });
    await second.actions.restore();
    expect(second.store.getState().doc.dataset?.fileName).toBe('new.csv'); // the new project restored…
    expect(second.store.getState().unrestored).toEqual({ reason, raw: TRUNCATED }); // …and the old record still offered

    second.actions.dismissUnrestored();
    await new Promise((r) => setTimeout(r, 0));
    const third = makeStudio({ persistence });
    await third.actions.restore();
    expect(third.store.getState().unrestored).toBeUndefined();
    expect(third.store.getState().doc.dataset?.fileName).toBe('new.csv');
  });

  it('"New project" keeps the record for download; storage that refuses it leaves it in memory', async () => {
    const persistence = memoryPersistence();
    await persistence.save({ format: 'ml-studio-project', version: 9 } as never);
    const s = makeStudio({ persistence });
    await s.actions.restore();
    await s.actions.startNewProject();
    const again = makeStudio({ persistence });
    await again.actions.restore();
    expect(again.store.getState().unrestored?.raw).toEqual({ format: 'ml-studio-project', version: 9 });

    const refusing = memoryPersistence();
    await refusing.save(TRUNCATED as never);
    refusing.keepUnreadable = async () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const r = makeStudio({ persistence: refusing });
    await r.actions.restore();
    expect(r.store.getState().unrestored?.raw).toBe(TRUNCATED);
  });
});

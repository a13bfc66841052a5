/** The IndexedDB migrations (worker/db.ts): one per version, each keeping what is there. */
import { describe, expect, it } from 'vitest';
import { DB_VERSION, MIGRATIONS, upgradeStudioDB, type UpgradableDB } from './db';

function fakeDb(existing: string[]) {
  const stores = new Map<string, { keyPath: string | string[] } | undefined>(existing.map((n) => [n, undefined]));
  const created: string[] = [];
  const db: UpgradableDB = {
    objectStoreNames: { contains: (n) => stores.has(n) },
    createObjectStore(name, options) {
      if (stores.has(name)) throw new Error(`${name} exists`);
      stores.set(name, options);
      created.push(name);
    },
  };
  return { db, stores, created };
}

const BY_VERSION = [['projects', 'tables'], ['lmCorpora', 'lmCheckpoints'], ['trainCheckpoints'], ['seq2seq'], ['pretrained'], ['tableParts']];

describe('studio database migrations', () => {
  it('has one migration per version', () => {
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
  });

  it.each(BY_VERSION.map((_, v) => v))('from version %i creates exactly the later versions’ stores', (from) => {
    const { db, created } = fakeDb(BY_VERSION.slice(0, from).flat());
    upgradeStudioDB(db, from);
    expect(created).toEqual(BY_VERSION.slice(from).flat());
  });

  it('version 5 adds the pretrained store with out-of-line keys and leaves a version-4 database’s stores alone', () => {
    const { db, stores, created } = fakeDb(BY_VERSION.slice(0, 4).flat());
    MIGRATIONS[4]!(db);
    expect(created).toEqual(['pretrained']);
    expect(stores.get('pretrained')).toBeUndefined();
    expect(stores.size).toBe(7);
  });

  it('version 6 adds tableParts keyed by [datasetId, index]', () => {
    const { db, stores, created } = fakeDb(BY_VERSION.slice(0, 5).flat());
    MIGRATIONS[5]!(db);
    expect(created).toEqual(['tableParts']);
    expect(stores.get('tableParts')).toEqual({ keyPath: ['datasetId', 'index'] });
  });

  it('a store an older build already made is kept, not made again', () => {
    const { db, created } = fakeDb(['projects', 'tables', 'seq2seq']);
    upgradeStudioDB(db, 1);
    expect(created).toEqual(['lmCorpora', 'lmCheckpoints', 'trainCheckpoints', 'pretrained', 'tableParts']);
  });
});

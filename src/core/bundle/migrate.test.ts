import { describe, expect, it } from 'vitest';
import { checkMigrationSequence, migrate, MIGRATIONS, type Migration } from './migrate';

const v1 = { format: 'ml-studio-bundle', version: 1, task: 'regression', entries: { recipe: 'recipe.json' } };

describe('migrate', () => {
  it('passes a current manifest through unchanged', () => {
    expect(MIGRATIONS).toHaveLength(0);
    expect(migrate(v1)).toEqual({ ok: true, value: v1 });
  });

  it('runs migrations in order, from the file version up to the current one', () => {
    const log: number[] = [];
    const migrations: Migration[] = [
      { to: 2, description: 'move recipe into clean/', up: (m) => (log.push(2), { ...m, entries: { ...(m.entries as object), recipe: 'clean/recipe.json' } }) },
      { to: 3, description: 'add kind', up: (m) => (log.push(3), { ...m, kind: m.kind ?? 'tabular' }) },
    ];
    checkMigrationSequence(migrations, 3);
    const r = migrate(v1, migrations, 3);
    expect(log).toEqual([2, 3]);
    expect(r).toEqual({ ok: true, value: { ...v1, version: 3, kind: 'tabular', entries: { recipe: 'clean/recipe.json' } } });
    log.length = 0;
    expect(migrate({ ...v1, version: 2 }, migrations, 3).ok).toBe(true);
    expect(log).toEqual([3]);
  });

  it('turns a throwing migration into a problem', () => {
    const migrations: Migration[] = [{ to: 2, description: 'broken', up: () => { throw new Error('boom'); } }];
    const r = migrate(v1, migrations, 2);
    expect(!r.ok && r.error.code).toBe('bundle-migration-failed');
  });

  it('refuses newer versions, bad versions and other formats', () => {
    const newer = migrate({ ...v1, version: 2 });
    expect(!newer.ok && newer.error.message).toMatch(/made by a newer ML Studio/);
    expect(migrate({ ...v1, version: '1' }).ok).toBe(false);
    expect(migrate({ ...v1, format: 'ml-studio-project' }).ok).toBe(false);
    expect(migrate(null).ok).toBe(false);
    expect(migrate([v1]).ok).toBe(false);
  });

  it('guards the sequence: no gaps, no disorder', () => {
    const up = (m: Record<string, unknown>) => m;
    expect(() => checkMigrationSequence([{ to: 3, description: '', up }], 3)).toThrow(/must produce version 2/);
    expect(() => checkMigrationSequence([{ to: 2, description: '', up }], 3)).toThrow(/needs 2 migrations/);
    expect(() => checkMigrationSequence([], 1)).not.toThrow();
  });
});

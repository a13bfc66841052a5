import { afterEach, describe, expect, it } from 'vitest';
import { BUDGET_HOOK } from './memory-apis';
import { makeStudio } from './test-studio';
import type { DataClient } from '../worker/data-client';
import { createInProcessClient, memoryTableStore } from '../worker/in-process-client';

const g = globalThis as unknown as Record<string, unknown>;
const CSV = 'a,label\n1,x\n2,y\n3,x\n';

/** The in-process data client, counting the jobs it is asked to run. */
function countingClient(): DataClient & { jobs: string[] } {
  const inner = createInProcessClient(memoryTableStore());
  const jobs: string[] = [];
  return { ...inner, jobs, run: (req, o) => (jobs.push(req.type), inner.run(req, o)) };
}

afterEach(() => delete g[BUDGET_HOOK]);

describe('memory check before a file is read', () => {
  it('refuses a table file over the budget without reading it, and keeps the loaded dataset', async () => {
    const data = countingClient();
    const s = makeStudio({ data });
    await s.actions.restore();
    expect(await s.actions.loadFile(new Blob([CSV]), 'small.csv')).toBe(true);
    const before = s.store.getState().doc.dataset?.datasetId;
    data.jobs.length = 0;
    g[BUDGET_HOOK] = 1000; // bytes: a 400-byte CSV needs about 2,200
    expect(await s.actions.loadFile(new Blob(['x'.repeat(400)]), 'big.csv')).toBe(false);
    const st = s.store.getState();
    expect(data.jobs).toEqual([]);
    expect(st.problem?.code).toBe('too-big');
    expect(st.problem?.message).toMatch(/^“big\.csv” is 1 KB: reading it needs about 2 KB of memory/);
    expect(st.problem?.hint).toMatch(/sample of its rows/);
    expect(st.job).toBeUndefined();
    expect(st.doc.dataset?.datasetId).toBe(before);
    expect(st.doc.upload).toBeUndefined();
  });

  it('loads a file over half the budget with a warning in its report', async () => {
    const s = makeStudio();
    await s.actions.restore();
    g[BUDGET_HOOK] = CSV.length * 8; // needs 5.5× of 8×: over half
    expect(await s.actions.loadFile(new Blob([CSV]), 'small.csv')).toBe(true);
    const warnings = s.store.getState().doc.dataset?.report.warnings ?? [];
    expect(warnings.map((w) => w.code)).toContain('near-memory-limit');
  });

  it('refuses text files over the budget', async () => {
    const s = makeStudio();
    await s.actions.restore();
    g[BUDGET_HOOK] = 100;
    expect(await s.actions.pasteTexts('one example\nanother example\nand a third one here\n')).toBe(false);
    expect(s.store.getState().problem?.message).toMatch(/^The texts \(pasted text\) are/);
  });
});

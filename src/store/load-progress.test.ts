import { describe, expect, it } from 'vitest';
import { makeStudio } from './test-studio';
import type { JobState } from './store';

const CSV = 'age,city,score\n30,Bern,1\n,Basel,2\n40,Bern,3\n';

/** Every job the store shows while `load` runs, in order. */
async function jobsWhile(s: ReturnType<typeof makeStudio>, load: () => Promise<unknown>): Promise<JobState[]> {
  const seen: JobState[] = [];
  const stop = s.store.subscribe((st, prev) => {
    if (st.job && st.job !== prev.job) seen.push(st.job);
  });
  await load();
  stop();
  return seen;
}

describe('the progress bar while a file loads', () => {
  it('counts bytes while the file is read, then steps for types, saving and profiling, and ends', async () => {
    const s = makeStudio();
    await s.actions.restore();
    const file = new Blob([CSV]);
    const jobs = await jobsWhile(s, () => s.actions.loadFile(file, 'p.csv'));
    expect(jobs[0]).toMatchObject({ kind: 'ingest', done: 0, total: file.size, label: 'Reading p.csv', unit: 'bytes' });
    const reading = jobs.filter((j) => j.label.endsWith('rows read'));
    expect(reading.length).toBeGreaterThan(0);
    expect(reading.every((j) => j.unit === 'bytes' && j.total === file.size)).toBe(true);
    // After the reading the bar no longer counts bytes: a step count shown as a percentage.
    const after = jobs.slice(jobs.indexOf(reading.at(-1)!) + 1).filter((j) => j.kind === 'ingest');
    expect(after.map((j) => j.label)).toContain('Finding column types');
    expect(after.map((j) => j.label)).toContain('Profiling columns');
    expect(after.every((j) => j.unit === undefined && j.done <= j.total)).toBe(true);
    expect(s.store.getState().job).toBeUndefined();
  });

  it('a text set reads in bytes too', async () => {
    const s = makeStudio();
    await s.actions.restore();
    const files = [{ path: 'pos.txt', file: new Blob(['good\nfine\n']) }, { path: 'neg.txt', file: new Blob(['bad\n']) }];
    s.actions.offerTexts(files);
    const jobs = await jobsWhile(s, () => s.actions.loadTexts('line'));
    expect(jobs[0]).toMatchObject({ kind: 'ingest', done: 0, total: 14, unit: 'bytes' });
    expect(jobs.filter((j) => j.label === 'Profiling columns').every((j) => j.unit === undefined)).toBe(true);
  });
});

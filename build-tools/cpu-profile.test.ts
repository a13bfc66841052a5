import { describe, expect, it } from 'vitest';
import { profileBreakdown, type CpuProfile, type CpuProfileNode } from './cpu-profile';

const node = (id: number, functionName: string, children: number[] = [], url = '', lineNumber = 0): CpuProfileNode => ({
  id,
  callFrame: { functionName, url, lineNumber, columnNumber: 0 },
  children,
});

/** root → idle, program, GC, render (app.js:10) → paint (app.js:20). */
const nodes = [
  node(1, '(root)', [2, 3, 4, 5]),
  node(2, '(idle)'),
  node(3, '(program)'),
  node(4, '(garbage collector)'),
  node(5, 'render', [6], 'http://x/assets/app-abc.js?v=1', 9),
  node(6, 'paint', [], 'http://x/assets/app-abc.js', 19),
];

/** Samples at 0, 1, 2 … ms; each lasts until the next (the last until endTime). */
function profile(samples: number[], lastUs = 1000): CpuProfile {
  return { nodes, startTime: 0, endTime: (samples.length - 1) * 1000 + lastUs, samples, timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 1000)) };
}

describe('profileBreakdown', () => {
  it('gives each sample the time to the next one, and splits busy time into JS, GC and the browser', () => {
    const b = profileBreakdown(profile([2, 5, 5, 6, 3, 4, 2, 2], 3000));
    expect(b.totalUs).toBe(7000 + 3000);
    expect(b.busyUs).toBe(5000);
    expect(b.gcUs).toBe(1000);
    expect(b.programUs).toBe(1000);
    expect(b.jsUs).toBe(3000);
    expect(b.functions).toEqual([
      { label: 'render (app-abc.js:10)', us: 2000 },
      { label: '(garbage collector)', us: 1000 },
      { label: '(program)', us: 1000 },
      { label: 'paint (app-abc.js:20)', us: 1000 },
    ]);
  });

  it('cuts stretches of busy samples at every idle one, longest first', () => {
    const b = profileBreakdown(profile([5, 2, 6, 6, 6, 3, 2, 5, 5]));
    expect(b.runs.map((r) => r.us)).toEqual([4000, 2000, 1000]);
    expect(b.runs[0]!.top).toEqual([
      { label: 'paint (app-abc.js:20)', us: 3000 },
      { label: '(program)', us: 1000 },
    ]);
  });

  it('a profile that ends busy closes its last stretch; an all-idle one has none', () => {
    expect(profileBreakdown(profile([2, 5, 5])).runs.map((r) => r.us)).toEqual([2000]);
    const idle = profileBreakdown(profile([2, 2]));
    expect(idle.runs).toEqual([]);
    expect(idle.busyUs).toBe(0);
  });
});

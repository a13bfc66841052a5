import { describe, expect, it } from 'vitest';
import { longTasks, type TraceEvent } from './trace-tasks';

const MAIN = { pid: 1, tid: 10 };
const meta = (tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid, args: { name } });
const x = (name: string, ts: number, dur: number, tdur = dur, where = MAIN, args?: TraceEvent['args']): TraceEvent => ({ name, ph: 'X', ts, dur, tdur, ...where, ...(args ? { args } : {}) });

const events: TraceEvent[] = [
  meta(10, 'CrRendererMain'),
  meta(11, 'Compositor'),
  // A short task first: times are from the thread's first task.
  x('RunTask', 1000, 5000),
  // 80 ms wall, 30 ms CPU: a script (20 CPU, of which a layout it forced 5) and a paint (4).
  x('RunTask', 100_000, 80_000, 30_000),
  x('FunctionCall', 101_000, 50_000, 20_000, MAIN, { data: { functionName: 'onmessage' } }),
  x('Layout', 120_000, 10_000, 5_000),
  x('Paint', 160_000, 6_000, 4_000),
  // 60 ms of CPU: the bench's own DevTools command.
  x('ThreadControllerImpl::RunTask', 300_000, 70_000, 60_000),
  x('Receive mojo message', 300_500, 69_000, 59_000, MAIN, { chrome_mojo_event_info: { mojo_interface_tag: 'blink.mojom.DevToolsSession' } }),
  // Another thread's long task is not the page's main thread.
  x('RunTask', 100_000, 200_000, 200_000, { pid: 1, tid: 11 }),
];

describe('longTasks', () => {
  it('finds the main thread’s tasks over the bound by wall time, with self CPU by event', () => {
    const tasks = longTasks(events);
    expect(tasks.map((t) => [t.startUs, t.us, t.cpuUs])).toEqual([
      [99_000, 80_000, 30_000],
      [299_000, 70_000, 60_000],
    ]);
    expect(tasks[0]!.parts).toEqual([
      { name: 'FunctionCall onmessage', us: 15_000 },
      { name: 'RunTask', us: 6_000 },
      { name: 'Layout', us: 5_000 },
      { name: 'Paint', us: 4_000 },
    ]);
    expect(tasks[1]!.parts[0]).toEqual({ name: 'Receive mojo message blink.mojom.DevToolsSession', us: 59_000 });
  });

  it('by CPU time, a task long only in wall time (waiting for a core) is not long', () => {
    expect(longTasks(events, 50_000, 'cpu').map((t) => t.cpuUs)).toEqual([60_000]);
    expect(longTasks(events, 0, 'cpu').map((t) => t.cpuUs)).toEqual([60_000, 30_000, 5_000]);
  });

  it('without thread times (another platform) falls back to wall time', () => {
    const wallOnly = events.map(({ tdur: _, ...e }) => e);
    expect(longTasks(wallOnly, 50_000, 'cpu').map((t) => t.cpuUs)).toEqual([80_000, 70_000]);
  });
});

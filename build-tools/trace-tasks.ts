/**
 * Reads a Chromium trace (Trace Event Format, as `browser.stopTracing()` returns it with the
 * devtools.timeline categories) into the page's long main-thread tasks and what each spent its time
 * on: style, layout, paint, script, message handling … by event name, self time (an event's
 * duration less its children's). A CPU profile shows the browser's own work only as "(program)";
 * the trace says which. Used by bench/load-profile.ts.
 */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread CPU time of a complete event: what it cost, whatever else the machine ran meanwhile. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; type?: string }; chrome_mojo_event_info?: { mojo_interface_tag?: string } };
}

export interface LongTask {
  /** Microseconds from the first task of the thread in the trace. */
  startUs: number;
  /** Wall time. */
  us: number;
  /** Thread CPU time (tdur): wall time less the time the thread waited for a core. */
  cpuUs: number;
  /** Self CPU time by event name inside the task, most first. */
  parts: { name: string; us: number }[];
}

/** Top-level task events of Chromium's scheduler: each is one task of the thread. */
const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** The main threads of the trace's renderers (thread_name CrRendererMain), as `pid:tid`. */
function mainThreads(events: readonly TraceEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') out.add(`${e.pid}:${e.tid}`);
  return out;
}

/** An event's name as a person reads it: script events say what they run. */
function partName(e: TraceEvent): string {
  const d = e.args?.data;
  if (e.name === 'EventDispatch' && d?.type) return `EventDispatch ${d.type}`;
  if (e.name === 'FunctionCall' && d?.functionName) return `FunctionCall ${d.functionName}`;
  // DevToolsSession: the bench's own commands (Playwright choosing the file, reading the page).
  const mojo = e.args?.chrome_mojo_event_info?.mojo_interface_tag;
  if (mojo) return `${e.name} ${mojo}`;
  return e.name;
}

/**
 * Tasks of `minUs` or longer on the renderers' main threads (by `by`: wall or CPU time), longest
 * first. Complete events ('X') nest by time on one thread; a task's own time outside any child is
 * listed under its own name. On a busy machine a task's wall time is mostly waiting for a core;
 * its CPU time is what the page itself spent.
 */
export function longTasks(events: readonly TraceEvent[], minUs = 50_000, by: 'wall' | 'cpu' = 'wall'): LongTask[] {
  const mains = mainThreads(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const out: LongTask[] = [];
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const first = list.find((e) => TASK.has(e.name))?.ts ?? 0;
    for (let i = 0; i < list.length; i++) {
      const task = list[i]!;
      if (!TASK.has(task.name) || (by === 'cpu' ? cpu(task) : task.dur!) < minUs) continue;
      const end = task.ts + task.dur!;
      const self = new Map<string, number>();
      // A stack of open events with the time their children took; each closes into its self time.
      const stack: { e: TraceEvent; children: number }[] = [{ e: task, children: 0 }];
      const close = (upTo: number) => {
        while (stack.length > 0 && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= upTo) {
          const { e, children } = stack.pop()!;
          const n = partName(e);
          self.set(n, (self.get(n) ?? 0) + Math.max(0, cpu(e) - children));
          if (stack.length > 0) stack.at(-1)!.children += cpu(e);
        }
      };
      let j = i + 1;
      for (; j < list.length && list[j]!.ts < end; j++) {
        const e = list[j]!;
        close(e.ts);
        stack.push({ e, children: 0 });
      }
      close(Infinity);
      out.push({ startUs: task.ts - first, us: task.dur!, cpuUs: cpu(task), parts: [...self].map(([name, us]) => ({ name, us })).sort((a, b) => b.us - a.us) });
      i = j - 1; // a task's nested tasks (run inside it) belong to it
    }
  }
  return out.sort((a, b) => (by === 'cpu' ? b.cpuUs - a.cpuUs : b.us - a.us));
}

/** An event's thread CPU time; traces without it (another platform's) fall back to wall time. */
const cpu = (e: TraceEvent) => e.tdur ?? e.dur!;

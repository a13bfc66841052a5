/**
 * Reads a V8 CPU profile (the DevTools protocol's Profiler.stop result, also what Chromium saves as
 * .cpuprofile) into what a person looks for first: self time per function, the share spent in
 * JavaScript, garbage collection and the browser's own work, and the longest stretches of samples
 * with no idle one between them (how long tasks look in a profile). Used by bench/load-profile.ts.
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  /** Node id of each sample. */
  samples: number[];
  /** Microseconds from the previous sample (the first: from startTime) to this one. */
  timeDeltas: number[];
}

export interface FunctionTime {
  /** `name (script:line)`, the script shortened to its file name. */
  label: string;
  us: number;
}

export interface BusyRun {
  us: number;
  /** The stretch's top self-time functions. */
  top: FunctionTime[];
}

export interface ProfileBreakdown {
  totalUs: number;
  /** Every sample that is not "(idle)". */
  busyUs: number;
  gcUs: number;
  /** "(program)": the browser's native work on the thread (style, layout, paint, message dispatch). */
  programUs: number;
  jsUs: number;
  /** Self time by function, most first. */
  functions: FunctionTime[];
  /** Stretches without an idle sample, longest first. */
  runs: BusyRun[];
}

const IDLE = '(idle)';
const GC = '(garbage collector)';
const PROGRAM = '(program)';

function label(frame: CpuProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.split(/[?#]/)[0]!.split('/').at(-1) || frame.url;
  return `${name} (${file}:${frame.lineNumber + 1})`;
}

function ranked(times: Map<string, number>, top = Infinity): FunctionTime[] {
  return [...times]
    .map(([l, us]) => ({ label: l, us }))
    .sort((a, b) => b.us - a.us || (a.label < b.label ? -1 : 1))
    .slice(0, top);
}

/**
 * A sample's time is the delta to the next sample (V8 records the stack at the start of each
 * interval); the last sample gets the time to endTime.
 */
export function profileBreakdown(profile: CpuProfile, runTop = 5, runCount = 10): ProfileBreakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  let busyUs = 0;
  let gcUs = 0;
  let programUs = 0;
  const runs: BusyRun[] = [];
  let run: Map<string, number> | undefined;
  let runUs = 0;
  const endRun = () => {
    if (run) runs.push({ us: runUs, top: ranked(run, runTop) });
    run = undefined;
    runUs = 0;
  };
  const n = profile.samples.length;
  const lastAt = profile.startTime + profile.timeDeltas.reduce((a, b) => a + b, 0);
  let totalUs = 0;
  for (let i = 0; i < n; i++) {
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const us = Math.max(0, i + 1 < n ? profile.timeDeltas[i + 1]! : profile.endTime - lastAt);
    totalUs += us;
    const name = node.callFrame.functionName;
    if (name === IDLE) {
      endRun();
      continue;
    }
    busyUs += us;
    if (name === GC) gcUs += us;
    else if (name === PROGRAM) programUs += us;
    const l = label(node.callFrame);
    functions.set(l, (functions.get(l) ?? 0) + us);
    run ??= new Map();
    run.set(l, (run.get(l) ?? 0) + us);
    runUs += us;
  }
  endRun();
  runs.sort((a, b) => b.us - a.us);
  return { totalUs, busyUs, gcUs, programUs, jsUs: busyUs - gcUs - programUs, functions: ranked(functions), runs: runs.slice(0, runCount) };
}

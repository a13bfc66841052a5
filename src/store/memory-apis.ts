/** Reads the browser's memory figures for the memory check (core/data/memory-fit.ts), which itself stays free of the DOM. */
import type { MemoryApis } from '../core/data/memory-fit';

/** Where a test sets the budget (bytes) before the page loads: `window.__mlStudioMemoryBudget = 20e6`. */
export const BUDGET_HOOK = '__mlStudioMemoryBudget';

/** What the browser running this code reports (each part only where present). */
export function browserMemoryApis(g: typeof globalThis = globalThis): MemoryApis {
  const apis: MemoryApis = {};
  const hook = (g as unknown as Record<string, unknown>)[BUDGET_HOOK];
  if (typeof hook === 'number' && hook > 0) apis.hook = hook;
  const heap = (g.performance as (Performance & { memory?: { jsHeapSizeLimit?: number } }) | undefined)?.memory?.jsHeapSizeLimit;
  if (typeof heap === 'number' && heap > 0) apis.heapLimit = heap;
  const gb = (g.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
  if (typeof gb === 'number' && gb > 0) apis.deviceGb = gb;
  return apis;
}

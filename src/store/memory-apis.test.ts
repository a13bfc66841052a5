import { describe, expect, it } from 'vitest';
import { BUDGET_HOOK, browserMemoryApis } from './memory-apis';

const MB = 2 ** 20;
const GB = 2 ** 30;

describe('the browser memory figures', () => {
  it('reads performance.memory, navigator.deviceMemory and the hook from a global where they exist', () => {
    const g = { performance: { memory: { jsHeapSizeLimit: 3 * GB } }, navigator: { deviceMemory: 4 }, [BUDGET_HOOK]: 5 * MB } as unknown as typeof globalThis;
    expect(browserMemoryApis(g)).toEqual({ heapLimit: 3 * GB, deviceGb: 4, hook: 5 * MB });
    expect(browserMemoryApis({ performance: {}, navigator: {} } as unknown as typeof globalThis)).toEqual({});
  });
});

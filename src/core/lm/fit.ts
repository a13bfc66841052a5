/**
 * "Will it fit?" before a language model trains: the memory estimate (gpt-config.ts) against what
 * the chosen backend and the device can hold. Over the limit, training is refused with a message
 * instead of the tab running out of memory part-way (and losing the page's work with it).
 */

/** wasm32: one WebAssembly memory is at most 4 GiB; the plain-JavaScript backend's typed arrays are held to the same bound here. */
export const CPU_BACKEND_MAX_BYTES = 4 * 2 ** 30;

const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;

/** The device's memory in GB as the browser reports it (navigator.deviceMemory), where it does. */
export function deviceMemoryGb(): number | undefined {
  const n = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Why training `trainingBytes` would run out of memory on `backend` (a BackendChoice; with `deviceGb` from navigator.deviceMemory), or undefined. */
export function fitProblem(trainingBytes: number, backend: string, deviceGb?: number): { message: string; hint: string } | undefined {
  const hint = 'Make the model smaller (fewer layers, a smaller embedding or context) or lower the batch size.';
  // Browsers cap navigator.deviceMemory (Chromium at 8): only a figure under the cap is the device's real size.
  if (deviceGb !== undefined && deviceGb > 0 && deviceGb < 8 && trainingBytes > deviceGb * 2 ** 30) {
    return { message: `This model needs about ${gb(trainingBytes)} of memory to train, more than this device reports (${deviceGb} GB): it would run out of memory.`, hint };
  }
  if ((backend === 'wasm' || backend === 'cpu') && trainingBytes > CPU_BACKEND_MAX_BYTES) {
    return { message: `This model needs about ${gb(trainingBytes)} of memory to train, more than WebAssembly can hold (4 GB): it would run out of memory.`, hint: `${hint} A GPU backend (WebGPU or WebGL) is not bound by this limit.` };
  }
  return undefined;
}

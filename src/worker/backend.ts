/**
 * Choosing and starting a tfjs backend inside a worker.
 *
 * Auto-selection picks the fastest *real* backend: a hardware WebGPU or WebGL adapter when there
 * is one, otherwise WASM with every core. Software adapters (SwiftShader, llvmpipe) never win: on
 * a CPU-only machine they are 10–15× slower than WASM (see BROWSER-ML-NOTES.md).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths, setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerStudioKernels } from '../core/kernels';

export { BACKENDS, type BackendName, type BackendChoice, type AdapterInfo, type DeviceReport, type BackendInfo } from '../core/jobs/backends';
import type { AdapterInfo, BackendChoice, BackendInfo, BackendName, DeviceReport } from '../core/jobs/backends';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

async function probeWebGpu(): Promise<AdapterInfo> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return { available: false, software: false, description: 'not supported by this browser' };
  try {
    const adapter = (await gpu.requestAdapter()) as { info?: { vendor?: string; architecture?: string; description?: string }; isFallbackAdapter?: boolean } | null;
    if (!adapter) return { available: false, software: false, description: 'no adapter' };
    const info = adapter.info ?? {};
    const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    return { available: true, software: !!adapter.isFallbackAdapter || SOFTWARE.test(description), description };
  } catch {
    return { available: false, software: false, description: 'adapter request failed' };
  }
}

function probeWebGl(): AdapterInfo {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return { available: false, software: false, description: 'WebGL 2 not available' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return { available: true, software: SOFTWARE.test(renderer), description: renderer };
  } catch {
    return { available: false, software: false, description: 'WebGL 2 not available' };
  }
}

export async function probeDevice(): Promise<DeviceReport> {
  return {
    cores: REAL_CORES,
    crossOriginIsolated: !!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated,
    webgpu: await probeWebGpu(),
    webgl: probeWebGl(),
  };
}

export function autoChoice(d: DeviceReport): { name: BackendName; reason: string } {
  if (d.webgpu.available && !d.webgpu.software) return { name: 'webgpu', reason: `A hardware GPU is available through WebGPU (${d.webgpu.description}).` };
  if (d.webgl.available && !d.webgl.software) return { name: 'webgl', reason: `A hardware GPU is available through WebGL (${d.webgl.description}).` };
  const soft = [d.webgpu.software && 'WebGPU', d.webgl.software && 'WebGL'].filter(Boolean).join(' and ');
  return {
    name: 'wasm',
    reason: `No hardware GPU found${soft ? ` (${soft} run in software here, which is much slower)` : ''}, so WebAssembly on the CPU is fastest.`,
  };
}

let wasmConfigured = false;
/** Read before configureWasm reports a larger count to tfjs. */
const REAL_CORES = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1;

/**
 * tfjs-wasm clamps threads to hardwareConcurrency / 2 (tfjs 4.22): report twice the real count
 * inside this worker before the backend starts, so it can use every core. Verified afterwards by
 * getThreadsCount().
 */
function configureWasm(cores: number, threads: number) {
  if (wasmConfigured) return;
  wasmConfigured = true;
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  try {
    Object.defineProperty(Object.getPrototypeOf(navigator), 'hardwareConcurrency', { configurable: true, get: () => cores * 2 });
  } catch {
    // Some browsers freeze navigator; we then run with what tfjs allows and report it.
  }
  setThreadsCount(threads);
}

export interface StartOptions {
  /** WASM threads (default: one per core). Fixed by the first start in a worker. */
  wasmThreads?: number;
}

export async function startBackend(choice: BackendChoice, opts: StartOptions = {}): Promise<BackendInfo> {
  registerStudioKernels(); // wasm kernels tfjs 4.22 lacks (Embedding, conv gradients) + faster matMul gradient
  const device = await probeDevice();
  const auto = autoChoice(device);
  const wanted = choice === 'auto' ? auto.name : choice;
  const order: BackendName[] = [wanted, ...(['wasm', 'cpu'] as const).filter((b) => b !== wanted)];
  for (const name of order) {
    if (name === 'wasm') configureWasm(device.cores, opts.wasmThreads ?? device.cores);
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        const reason = name === wanted ? (choice === 'auto' ? auto.reason : 'You chose this backend.') : `${wanted} could not start here, so ${name} runs instead.`;
        return { name, reason, device, ...(name === 'wasm' ? { threads: getThreadsCount() } : {}) };
      }
    } catch {
      // Try the next backend.
    }
  }
  throw new Error('No TensorFlow.js backend could start.');
}

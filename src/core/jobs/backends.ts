/**
 * The backends a job can run on, and what a worker reports about the one it chose. Plain data:
 * steps, store and workers all import these from here (the worker module itself loads tfjs).
 */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

export interface AdapterInfo {
  available: boolean;
  software: boolean;
  description: string;
}

export interface DeviceReport {
  cores: number;
  crossOriginIsolated: boolean;
  webgpu: AdapterInfo;
  webgl: AdapterInfo;
}

/** One backend's measured training speed on the model being trained (the automatic choice's probe). */
export interface BackendSpeed {
  backend: BackendName;
  samplesPerSecond: number;
  /** Batches the figure is from, all its timed rounds together (warm-up excluded); 0 when only the warm-up batch fit the time budget. */
  batches: number;
  /** Samples per second of each timed round, in the order they ran (how steady the figure is; the bench prints them). */
  rounds?: number[];
}

export interface BackendInfo {
  name: BackendName;
  /** Why this backend runs, in a sentence a student understands. */
  reason: string;
  /** WASM: the thread count really in use (read back after initialisation). */
  threads?: number;
  /** Language models on WASM: workers sharing each training step (data parallel, one per core). */
  workers?: number;
  /** Language models on WASM: whether the studio's GPT kernels loaded (or why not); set by the LM worker. */
  fusedKernels?: true | string;
  /** Automatic choice for a neural model: what the short probe measured, fastest first. */
  measured?: BackendSpeed[];
  device: DeviceReport;
}

import type { TrainControl } from './types';

/** A TrainControl the worker drives from `control` messages (and tests use directly). */
export interface TrainController extends TrainControl {
  pause(): void;
  resume(): void;
  stop(): void;
}

export function createTrainController(): TrainController {
  let paused = false;
  let stopped = false;
  let wake: (() => void) | null = null;
  const release = () => {
    wake?.();
    wake = null;
  };
  return {
    isPaused: () => paused,
    isStopped: () => stopped,
    waitWhilePaused: () => (paused && !stopped ? new Promise<void>((resolve) => (wake = resolve)) : Promise.resolve()),
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      release();
    },
    stop: () => {
      stopped = true;
      release();
    },
  };
}

/** Lets queued messages (pause, stop) through between batches. setTimeout(0) is clamped to ≥ 4 ms
 * once nested in browsers, so prefer setImmediate (Node) or a MessageChannel (workers). */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (typeof g.setImmediate === 'function') return new Promise((r) => g.setImmediate!(r));
  if (typeof MessageChannel === 'function') {
    return new Promise((r) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        r();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((r) => setTimeout(r, 0));
}

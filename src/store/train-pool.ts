/**
 * A pool of training workers for experiments (cross-validation folds, search trials): several
 * training jobs at once, one per worker, as many workers as the device has cores (capped).
 *
 *   const pool = trainPool(deps);                 // training workers of its own, started on demand
 *   const results = await pool.run(tasks, { signal, onStart, onEnd });
 *
 * A task is `(client, signal) => Promise<Result<T>>`: it starts its job on the client it is given
 * (see `trainJob` in actions/experiments.ts for "train these settings on these matrices"), and the
 * pool gives each client one task at a time. Results come back in task order. After `signal`
 * aborts, tasks not started end as `cancelled` without running; the running ones are told to stop
 * by the task itself (it receives the signal).
 */
import type { Result } from '../core/util/result';
import type { TrainClient } from '../worker/train-client';
import type { Deps } from './store';

/** At most this many training workers: each holds its own TensorFlow.js (tens of MB). */
export const MAX_POOL_WORKERS = 4;

/** Workers for a device with `cores` logical cores: all of them, capped, at least one. */
export function poolSize(cores: number | undefined): number {
  const n = Number.isFinite(cores) && cores! > 0 ? Math.floor(cores!) : 1;
  return Math.max(1, Math.min(MAX_POOL_WORKERS, n));
}

export type PoolTask<T> = (client: TrainClient, signal: AbortSignal) => Promise<Result<T>>;

export interface PoolOptions {
  signal?: AbortSignal;
  /** Task i starts on pool worker `worker`. */
  onStart?(i: number, worker: number): void;
  onEnd?(i: number, result: Result<unknown>): void;
}

export interface TrainPool {
  /** How many tasks run at once. */
  readonly size: number;
  run<T>(tasks: PoolTask<T>[], options?: PoolOptions): Promise<Result<T>[]>;
}

const cancelled = { ok: false as const, error: { message: 'Stopped before it started.', code: 'cancelled' } };

/**
 * Workers are made by `make` when first needed, then kept and reused by later runs. A worker is
 * lent to one task at a time across every `run` call, so concurrent calls (search trials started
 * one at a time, each its own `run`) spread over the workers instead of sharing the first.
 */
export function createTrainPool(make: () => TrainClient, size: number): TrainPool {
  const clients: TrainClient[] = [];
  const n = Math.max(1, size);
  const free: number[] = [];
  const waiting: ((w: number) => void)[] = [];
  const acquire = (): Promise<number> => {
    if (free.length) return Promise.resolve(free.shift()!);
    if (clients.length < n) {
      clients.push(make());
      return Promise.resolve(clients.length - 1);
    }
    return new Promise((r) => waiting.push(r));
  };
  const release = (w: number) => {
    const next = waiting.shift();
    if (next) next(w);
    else free.push(w);
  };
  return {
    size: n,
    async run<T>(tasks: PoolTask<T>[], options: PoolOptions = {}) {
      const signal = options.signal ?? new AbortController().signal;
      const results = new Array<Result<T>>(tasks.length);
      let next = 0;
      const lane = async () => {
        while (next < tasks.length) {
          const i = next++;
          const w = signal.aborted ? -1 : await acquire();
          if (w < 0 || signal.aborted) {
            if (w >= 0) release(w);
            results[i] = cancelled;
          } else {
            options.onStart?.(i, w);
            results[i] = await tasks[i]!(clients[w]!, signal).catch((e: unknown) => ({ ok: false as const, error: { message: e instanceof Error ? e.message : String(e) } }));
            release(w);
          }
          options.onEnd?.(i, results[i]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, () => lane()));
      return results;
    },
  };
}

const pools = new WeakMap<Deps, TrainPool>();

/**
 * The pool of these deps (one per studio): `deps.makeTrainClient()` workers, one per core (capped),
 * apart from the app's own training worker so a run started meanwhile never shares one; without
 * `makeTrainClient` (tests), `deps.train` alone.
 */
export function trainPool(deps: Deps): TrainPool {
  let pool = pools.get(deps);
  if (!pool) {
    pool = deps.makeTrainClient ? createTrainPool(deps.makeTrainClient, poolSize(deps.cores)) : createTrainPool(() => deps.train, 1);
    pools.set(deps, pool);
  }
  return pool;
}

import { describe, expect, it } from 'vitest';
import { createTrainPool, poolSize, type PoolTask } from './train-pool';
import type { TrainClient } from '../worker/train-client';

const fakeClient = (id: number) => ({ id }) as unknown as TrainClient;

describe('training-worker pool', () => {
  it('uses every core, at most 4, at least 1', () => {
    expect([poolSize(undefined), poolSize(0), poolSize(1), poolSize(2), poolSize(16)]).toEqual([1, 1, 1, 2, 4]);
  });

  it('runs as many tasks at once as it has workers, one per worker, results in task order', async () => {
    let made = 0;
    const pool = createTrainPool(() => fakeClient(made++), 3);
    let inFlight = 0;
    let most = 0;
    const busy = new Set<unknown>();
    const tasks: PoolTask<number>[] = Array.from({ length: 10 }, (_, i) => async (client) => {
      expect(busy.has(client)).toBe(false); // a worker has one task at a time
      busy.add(client);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5 + ((i * 7) % 4)));
      inFlight--;
      busy.delete(client);
      return { ok: true, value: i * i };
    });
    const results = await pool.run(tasks);
    expect(results.map((r) => (r.ok ? r.value : -1))).toEqual(Array.from({ length: 10 }, (_, i) => i * i));
    expect(most).toBe(3);
    expect(made).toBe(3);
    await pool.run(tasks.slice(0, 2));
    expect(made).toBe(3); // workers are kept for the next run
  });

  it('after an abort, tasks not started end as cancelled without running', async () => {
    const pool = createTrainPool(() => fakeClient(0), 2);
    const controller = new AbortController();
    const ran: number[] = [];
    const tasks: PoolTask<number>[] = Array.from({ length: 6 }, (_, i) => async (_c, signal) => {
      ran.push(i);
      if (i === 1) controller.abort();
      await new Promise((r) => setTimeout(r, 5));
      return signal.aborted ? { ok: false, error: { message: 'stopped', code: 'cancelled' } } : { ok: true, value: i };
    });
    const results = await pool.run(tasks, { signal: controller.signal });
    expect(ran).toEqual([0, 1]);
    expect(results.every((r) => !r.ok && r.error.code === 'cancelled')).toBe(true);
  });
});

describe('training-worker pool shared by concurrent runs', () => {
  it('lends each worker to one task at a time across separate run calls', async () => {
    let made = 0;
    const pool = createTrainPool(() => fakeClient(made++), 2);
    const busy = new Set<unknown>();
    let inFlight = 0;
    let most = 0;
    const task: PoolTask<number> = async (client) => {
      expect(busy.has(client)).toBe(false);
      busy.add(client);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 10));
      inFlight--;
      busy.delete(client);
      return { ok: true, value: 1 };
    };
    // Five one-task runs at once (as search trials are started): two workers, never more than two at once.
    const results = await Promise.all(Array.from({ length: 5 }, () => pool.run([task])));
    expect(results.every((r) => r[0]!.ok)).toBe(true);
    expect(most).toBe(2);
    expect(made).toBe(2);
  });
});

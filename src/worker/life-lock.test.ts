import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceLife } from './life-lock';
import { createJobBridge } from './job-client';

/**
 * A lock manager with the Web Locks rules this relies on: one holder per name, waiters granted in
 * order when it lets go, a waiter's signal withdraws it, and an agent's locks are released when it ends.
 */
function fakeLocks() {
  const held = new Map<string, { agent: object; release: () => void }>();
  const queues = new Map<string, { agent: object; grant: () => void }[]>();
  let current: object = {};
  const grantNext = (name: string) => {
    held.delete(name);
    queues.get(name)?.shift()?.grant();
  };
  const manager = {
    request(name: string, options: { signal?: AbortSignal }, callback: () => unknown) {
      const agent = current;
      return new Promise((resolve, reject) => {
        const entry = {
          agent,
          grant: () => {
            options.signal?.removeEventListener('abort', onAbort);
            const release = () => grantNext(name);
            held.set(name, { agent, release });
            void Promise.resolve(callback()).then((v) => {
              if (held.get(name)?.agent === agent) release();
              resolve(v);
            });
          },
        };
        const onAbort = () => {
          queues.set(name, (queues.get(name) ?? []).filter((e) => e !== entry));
          reject(new DOMException('aborted', 'AbortError'));
        };
        options.signal?.addEventListener('abort', onAbort);
        if (held.has(name)) queues.set(name, [...(queues.get(name) ?? []), entry]);
        else entry.grant();
      });
    },
  };
  return {
    manager,
    /** Runs `fn` as `agent` (its lock requests belong to it). */
    as<T>(agent: object, fn: () => T): T {
      const before = current;
      current = agent;
      try {
        return fn();
      } finally {
        current = before;
      }
    },
    /** The agent ended: the browser releases everything it held. */
    end(agent: object) {
      for (const h of [...held.values()]) if (h.agent === agent) h.release();
    },
  };
}

type Msg = { type: string; jobId: string };

/** A worker that answers `ping` jobs with `done`, holds its life lock, and can die without a word. */
function fakeWorkerFactory(locks: ReturnType<typeof fakeLocks>) {
  const made: { worker: Worker; die: () => void }[] = [];
  const make = () => {
    const agent = {};
    let dead = false;
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      onmessageerror: null,
      postMessage(m: Msg) {
        if (dead || (m.type !== 'ping' && m.type !== 'lose')) return; // "slow" jobs never answer
        const data = m.type === 'ping' ? { type: 'done', jobId: m.jobId, result: 'pong' } : { type: 'failed', jobId: m.jobId, problem: { message: 'GPU lost', code: 'gpu-lost' } };
        queueMicrotask(() => !dead && w.onmessage?.({ data } as MessageEvent));
      },
      terminate() {
        dead = true;
        locks.end(agent);
      },
    };
    locks.as(agent, () => announceLife((m) => queueMicrotask(() => !dead && w.onmessage?.({ data: m } as MessageEvent))));
    made.push({ worker: w as unknown as Worker, die: () => w.terminate() });
    return w as unknown as Worker;
  };
  return { make, made };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('a worker that dies without a word (life-lock.ts)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fails its pending jobs as a crash, starts a fresh worker, and the next job runs there', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks: locks.manager });
    const { make, made } = fakeWorkerFactory(locks);
    const bridge = createJobBridge<Msg, Msg>(make);
    const crashes = vi.fn();
    bridge.onCrash(crashes);
    const slow = bridge.run({ type: 'slow', jobId: 'a' });
    await settle();
    expect(made).toHaveLength(1);
    made[0]!.die(); // as the browser ending it: no error event, no message
    expect(await slow).toMatchObject({ ok: false, error: { code: 'worker-crashed' } });
    expect(crashes).toHaveBeenCalledTimes(1);
    expect(made).toHaveLength(2);
    expect(await bridge.run({ type: 'ping', jobId: 'b' })).toEqual({ ok: true, value: 'pong' });
  });

  it('a busy worker that lives is never reported, and a crash the page handled is reported once', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks: locks.manager });
    const { make, made } = fakeWorkerFactory(locks);
    const bridge = createJobBridge<Msg, Msg>(make);
    const crashes = vi.fn();
    bridge.onCrash(crashes);
    void bridge.run({ type: 'slow', jobId: 'a' });
    await new Promise((r) => setTimeout(r, 30));
    expect(crashes).not.toHaveBeenCalled();
    bridge.crash(); // the page ends the worker itself (an error event): its lock's release must not count again
    await settle();
    await settle();
    expect(crashes).toHaveBeenCalledTimes(1);
    expect(made).toHaveLength(2);
  });

  it('a job failing with a retiring problem (a lost GPU) ends its worker before the caller hears: the next job runs on a fresh one', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks: locks.manager });
    const { make, made } = fakeWorkerFactory(locks);
    const bridge = createJobBridge<Msg, Msg>(make, { retireOn: (p) => p.code === 'gpu-lost' });
    const crashes = vi.fn();
    bridge.onCrash(crashes);
    const lost = await bridge.run({ type: 'lose', jobId: 'a' });
    expect(lost).toMatchObject({ ok: false, error: { code: 'gpu-lost' } });
    const next = bridge.run({ type: 'ping', jobId: 'b' }); // sent at once, as the store's fallback does
    expect(made).toHaveLength(2);
    expect(await next).toEqual({ ok: true, value: 'pong' });
    await settle();
    expect(crashes).not.toHaveBeenCalled(); // the old worker's lock, released by its end, is not a crash
    expect(made).toHaveLength(2);
  });

  it('without Web Locks nothing is watched and jobs still run', async () => {
    vi.stubGlobal('navigator', {});
    const locks = fakeLocks();
    const { make } = fakeWorkerFactory(locks);
    const bridge = createJobBridge<Msg, Msg>(make);
    expect(await bridge.run({ type: 'ping', jobId: 'a' })).toEqual({ ok: true, value: 'pong' });
  });
});

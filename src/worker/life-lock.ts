/**
 * Noticing a worker that died without a word. A worker the browser ends (out of memory, a crashed
 * GPU process, `terminate()`) sends no error event, so its jobs would wait forever. Each worker
 * holds a Web Lock of its own name for as long as it lives (`announceLife`, first line of every
 * worker entry) and tells the page the name; the page then asks for the same lock
 * (`watchLife`): the browser grants it only once the holder is gone, so the grant *is* the news of
 * the death. No polling, no timeouts, no false alarms while a worker is busy.
 */

/** The message a worker sends once it holds its lock. `jobId` is empty: no job is waiting for it. */
export interface LifeMessage {
  type: 'alive';
  jobId: '';
  lock: string;
}

export function isLifeMessage(data: unknown): data is LifeMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'alive' && typeof (data as { lock?: unknown }).lock === 'string';
}

interface LocksLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<unknown> | unknown): Promise<unknown>;
}

function locks(): LocksLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LocksLike } }).navigator;
  return nav?.locks;
}

/** Worker side: holds a lock until the worker ends, then posts its name. Without Web Locks, does nothing. */
export function announceLife(post: (m: LifeMessage) => void): void {
  const l = locks();
  if (!l) return;
  const lock = `ml-studio-worker-${crypto.randomUUID()}`;
  void l.request(lock, {}, () => {
    post({ type: 'alive', jobId: '', lock });
    return new Promise(() => {}); // held until the worker is gone
  });
}

/** Page side: calls `died` once the worker holding `lock` is gone. The returned function stops watching (before the page itself terminates it). */
export function watchLife(lock: string, died: () => void): () => void {
  const l = locks();
  if (!l) return () => {};
  const abort = new AbortController();
  l.request(lock, { signal: abort.signal }, () => {
    if (!abort.signal.aborted) died();
  }).catch(() => {}); // aborted
  return () => abort.abort();
}

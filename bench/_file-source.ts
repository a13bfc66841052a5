/** A file on disk as a ByteSource, read slice by slice as the worker reads a File (csv bench). */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import type { ByteSource } from '../src/core/data/ingest';

export function fileSource(path: string): { source: ByteSource; close(): void } {
  const fd = openSync(path, 'r');
  const size = statSync(path).size;
  return {
    source: {
      size,
      async read(start, end) {
        const len = Math.min(end, size) - start;
        const buf = new Uint8Array(len);
        readSync(fd, buf, 0, len, start);
        // Yield like Blob.arrayBuffer() does, so timers (the memory sampler) can run.
        await new Promise((r) => setImmediate(r));
        return buf;
      },
    },
    close: () => closeSync(fd),
  };
}

/** What the ingest holds: V8 heap plus memory outside it (typed arrays, external strings). */
export function held(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

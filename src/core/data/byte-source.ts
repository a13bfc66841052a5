/**
 * Random access to the bytes of a file without loading it whole: the browser worker wraps a
 * File (a Blob, read slice by slice), tests and Node wrap a Uint8Array.
 */
export interface ByteSource {
  size: number;
  /** Bytes [start, end); `end` is clamped to `size`. */
  read(start: number, end: number): Promise<Uint8Array>;
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, Math.min(end, blob.size)).arrayBuffer()),
  };
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (start, end) => Promise.resolve(bytes.subarray(start, Math.min(end, bytes.length))),
  };
}

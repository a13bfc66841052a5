/**
 * SHA-256 for core, from @noble/hashes (audited, dependency-free, synchronous): core hashes the
 * same way in Node tests and in workers (crypto.subtle is async and a DOM global, which core may
 * not use). Streaming: `update` any number of chunks, then `hex()` once.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export class Sha256 {
  private readonly h = sha256.create();

  update(bytes: Uint8Array): this {
    this.h.update(bytes);
    return this;
  }

  /** The digest as lowercase hex; the hasher is finished afterwards. */
  hex(): string {
    return bytesToHex(this.h.digest());
  }
}

/** SHA-256 of bytes, or of a string's UTF-8 encoding, as hex. */
export function sha256Hex(input: Uint8Array | string): string {
  return new Sha256().update(typeof input === 'string' ? new TextEncoder().encode(input) : input).hex();
}

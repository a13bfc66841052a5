/**
 * Test helper for the fuzz suites (core/data/fuzz-ingest.test.ts, worker/fuzz-imports.test.ts):
 * byte edits of a valid file — overwrite, insert and delete runs, then an optional truncation.
 * Only tests import it (fast-check is a dev dependency).
 */
import fc from 'fast-check';

export interface Mutation {
  edits: { at: number; kind: string; bytes: Uint8Array }[];
  cut?: number;
}

/** Up to 6 edits of 1–`maxBytes` bytes each, and maybe a cut. */
export const mutation = (maxBytes: number) =>
  fc.record({
    edits: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('set', 'insert', 'delete'), bytes: fc.uint8Array({ minLength: 1, maxLength: maxBytes }) }), { minLength: 1, maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  });

export function mutate(valid: Uint8Array, m: Mutation): Uint8Array {
  let out = Array.from(valid);
  for (const e of m.edits) {
    const at = e.at % (out.length + 1);
    if (e.kind === 'set') e.bytes.forEach((b, i) => { if (at + i < out.length) out[at + i] = b; });
    else if (e.kind === 'insert') out.splice(at, 0, ...e.bytes);
    else out.splice(at, e.bytes.length);
  }
  if (m.cut !== undefined) out = out.slice(0, m.cut % (out.length + 1));
  return Uint8Array.from(out);
}

/**
 * Bytes → text, chunk by chunk, never splitting a character across two chunks, so chunk size
 * never changes the text (see StreamDecoder for how). Auto mode decodes UTF-8 strictly (`fatal: true`); on the first invalid byte it keeps
 * the valid text before it and reads the rest as Latin-1, and records where that happened so the
 * caller can tell the user which row to look at. Files that fail UTF-8 are almost always
 * Windows "ANSI" exports, so 'latin1' means the WHATWG label, i.e. windows-1252, a superset of
 * ISO-8859-1 that also maps the 0x80–0x9F bytes (€, curly quotes) that Excel writes (browsers do;
 * Node 20 decodes that label as plain ISO-8859-1, so tests avoid those bytes).
 */
import type { ByteSource } from './byte-source';
import type { Encoding } from './sniff';

export interface Fallback {
  /** Byte offset of the first byte that is not valid UTF-8. */
  byte: number;
  /** Offset of the same place in the decoded text (UTF-16 code units). */
  char: number;
}

/** Length of an incomplete UTF-8 sequence at the end of `b` (0–3), assuming `b` is valid so far. */
export function incompleteUtf8Tail(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const c = b[n - k]!;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

/** Offset of the first byte that breaks UTF-8 in `b`, or b.length when it is all valid/incomplete. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes after the lead byte, and the smallest code point that needs them.
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (i + need >= n) {
      // Sequence runs past the end: valid only if what is there are continuation bytes.
      for (let k = i + 1; k < n; k++) if ((b[k]! & 0xc0) !== 0x80) return i;
      return n;
    }
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k]!;
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const LATIN1_LABEL = 'windows-1252';

/**
 * Chunked decoding that never splits a character. For UTF-16 that is TextDecoder's own
 * `stream: true`. For UTF-8 the carry is done here instead: the bytes of a character cut by the
 * chunk end (incompleteUtf8Tail) are held back and put in front of the next chunk, and each
 * complete piece is decoded with `stream: false`. Same text, but Node's streaming UTF-8 path goes
 * through ICU and returns two-byte strings, where the one-shot path returns one-byte strings for
 * ASCII; cells sliced from those chunks keep them alive, so that halves the memory of a table with
 * text columns and decodes several times faster. Windows-1252 is one byte per char: no carry.
 */
export class StreamDecoder {
  /** What the text is being read as now ('latin1' after a fallback). */
  encoding: Encoding;
  /** Where auto mode gave up on UTF-8, or null. */
  fallback: Fallback | null = null;
  private strict: boolean;
  /** The first decode strips a BOM; later chunks must keep a U+FEFF that is data. */
  private first: TextDecoder;
  private rest: TextDecoder;
  /** UTF-8 bytes of a character cut by the previous chunk's end. */
  private pending: Uint8Array = new Uint8Array(0);
  private bytesSeen = 0;
  private charsOut = 0;

  /** `encoding` forces one; without it UTF-8 is tried first with a Latin-1 fallback. */
  constructor(encoding?: Encoding) {
    this.encoding = encoding ?? 'utf-8';
    this.strict = encoding === undefined;
    const label = this.encoding === 'latin1' ? LATIN1_LABEL : this.encoding;
    this.first = new TextDecoder(label, { fatal: this.strict });
    this.rest = this.encoding === 'utf-8' ? new TextDecoder(label, { fatal: this.strict, ignoreBOM: true }) : this.first;
  }

  /** Text for the next chunk of bytes; `last` flushes what is held back. */
  decode(chunk: Uint8Array, last: boolean): string {
    const text = this.encoding === 'utf-8' ? this.decodeUtf8(chunk, last) : this.first.decode(chunk, { stream: !last });
    this.bytesSeen += chunk.length;
    this.charsOut += text.length;
    return text;
  }

  private decodeUtf8(chunk: Uint8Array, last: boolean): string {
    const buf = concat(this.pending, chunk);
    const cut = last ? buf.length : buf.length - incompleteUtf8Tail(buf);
    const decoder = this.bytesSeen === 0 && this.pending.length === 0 ? this.first : this.rest;
    try {
      const text = decoder.decode(buf.subarray(0, cut));
      this.pending = cut === buf.length ? new Uint8Array(0) : buf.slice(cut);
      return text;
    } catch {
      return this.fallBack(buf, last, decoder);
    }
  }

  private fallBack(buf: Uint8Array, last: boolean, decoder: TextDecoder): string {
    let bad = firstInvalidUtf8(buf);
    // Valid but cut short at the very end of the file: the cut character is the bad byte.
    if (bad === buf.length) bad -= incompleteUtf8Tail(buf);
    const good = new TextDecoder('utf-8', { ignoreBOM: decoder === this.rest }).decode(buf.subarray(0, bad));
    this.fallback = { byte: this.bytesSeen - this.pending.length + bad, char: this.charsOut + good.length };
    this.encoding = 'latin1';
    this.strict = false;
    this.pending = new Uint8Array(0);
    this.first = this.rest = new TextDecoder(LATIN1_LABEL);
    return good + this.first.decode(buf.subarray(bad), { stream: !last });
  }
}

export interface TextChunk {
  text: string;
  /** Bytes of the source consumed so far. */
  bytesRead: number;
  last: boolean;
}

/** Default read size: large enough that per-chunk costs vanish, small enough for smooth progress. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Reads `source` in chunks and yields its text; stops early (returns) when `signal` aborts.
 * With `cutAfter` (a byte such as '\n', for single-byte-safe encodings only: UTF-8, Latin-1)
 * each chunk but the last ends just after the last such byte in it and the bytes after it start
 * the next one, so a CSV chunk usually ends at a record's end and its reader rarely has to glue
 * an incomplete record's text to the next chunk's (a copy of the whole chunk in V8).
 */
export async function* textChunks(
  source: ByteSource,
  decoder: StreamDecoder,
  chunkBytes = DEFAULT_CHUNK_BYTES,
  signal?: AbortSignal,
  cutAfter?: number,
): AsyncGenerator<TextChunk> {
  const size = source.size;
  // Bytes from `from` to `pos` were read but held back (after the cut): they are read again with
  // the next chunk, which costs less than copying the next whole chunk behind them.
  let from = 0;
  let pos = 0;
  do {
    if (signal?.aborted) return;
    const end = Math.min(size, pos + chunkBytes);
    let bytes = await source.read(from, end);
    pos = end;
    from = end;
    const last = pos >= size;
    if (!last && cutAfter !== undefined) {
      const k = bytes.lastIndexOf(cutAfter);
      if (k >= 0 && k < bytes.length - 1) {
        from = end - (bytes.length - (k + 1));
        bytes = bytes.subarray(0, k + 1);
      }
    }
    yield { text: decoder.decode(bytes, last), bytesRead: pos, last };
  } while (pos < size);
}

/**
 * llama2.c's tokenizer.bin (MODEL-FORMATS.md §4.3, run.c's encode/decode):
 *   uint32 max_token_length, then per token: float32 score, int32 len, len UTF-8 bytes.
 * The vocabulary size comes from the model header. Pieces hold spaces (SentencePiece's '▁' was
 * replaced on export); ids 3…258 are the byte-fallback tokens <0x00>…<0xFF>.
 * Encoding is run.c's: optional BOS, the dummy-prefix " " piece, one piece per code point (bytes
 * + 3 when absent), then greedily merge the adjacent pair whose concatenation has the highest score.
 * Decoding turns <0xNN> into the raw byte and joins bytes before UTF-8 decoding, so a character
 * split over byte tokens comes out whole.
 */
import { ModelImportError } from './llama-config';

const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;

export interface PieceTokenizer {
  readonly vocabSize: number;
  readonly bosId: number;
  readonly eosId: number;
  /** What it is, for the model card. */
  readonly description: string;
  encode(text: string, opts?: { bos?: boolean; eos?: boolean }): number[];
  decode(ids: readonly number[]): string;
  /** A decoder for ids generated after `prev`: each call returns the text that became whole. */
  stream(prev: number): (id: number) => string;
}

export class Llama2cTokenizer implements PieceTokenizer {
  readonly bosId = 1;
  readonly eosId = 2;
  protected readonly index = new Map<string, number>();
  private readonly bytes: Uint8Array[];

  constructor(readonly pieces: string[], readonly scores: Float32Array, readonly maxTokenLength: number) {
    // Exports normally store spaces; a file that kept SentencePiece's '▁' reads the same.
    pieces = pieces.map((p) => p.replaceAll('\u2581', ' '));
    this.pieces = pieces;
    const enc = new TextEncoder();
    this.bytes = pieces.map((p) => {
      const m = BYTE_PIECE.exec(p);
      return m ? Uint8Array.of(parseInt(m[1]!, 16)) : enc.encode(p);
    });
    // First occurrence wins, as run.c's bsearch over a sorted copy finds some id; pieces are unique in practice.
    pieces.forEach((p, i) => { if (!this.index.has(p)) this.index.set(p, i); });
  }

  get vocabSize() {
    return this.pieces.length;
  }

  get description() {
    return `SentencePiece BPE (llama2.c tokenizer.bin), ${this.vocabSize} tokens with byte fallback`;
  }

  encode(text: string, opts: { bos?: boolean; eos?: boolean } = {}): number[] {
    const ids: number[] = [];
    if (opts.bos ?? true) ids.push(this.bosId);
    if (text !== '') {
      const space = this.index.get(' ');
      if (space !== undefined) ids.push(space);
      const enc = new TextEncoder();
      for (const ch of text) {
        const id = this.index.get(ch);
        if (id !== undefined) ids.push(id);
        else for (const b of enc.encode(ch)) ids.push(b + 3);
      }
      const start = opts.bos ?? true ? 1 : 0;
      for (;;) {
        let best = -1e10;
        let bestId = -1;
        let bestAt = -1;
        for (let i = start; i < ids.length - 1; i++) {
          const id = this.index.get(this.pieces[ids[i]!]! + this.pieces[ids[i + 1]!]!);
          if (id !== undefined && this.scores[id]! > best) {
            best = this.scores[id]!;
            bestId = id;
            bestAt = i;
          }
        }
        if (bestAt < 0) break;
        ids.splice(bestAt, 2, bestId);
      }
    }
    if (opts.eos) ids.push(this.eosId);
    return ids;
  }

  stream(first: number): (id: number) => string {
    const dec = new TextDecoder('utf-8');
    let prev = first;
    return (id) => {
      const text = dec.decode(this.tokenBytes(id, prev), { stream: true });
      prev = id;
      return text;
    };
  }

  /** The bytes a token stands for in context (prev: the token before it, or -1). */
  tokenBytes(id: number, prev: number): Uint8Array {
    if (id === this.bosId || id === this.eosId) return new Uint8Array(0);
    const b = this.bytes[id];
    if (!b) return new Uint8Array(0);
    // run.c: after BOS a piece loses its leading space (the dummy prefix).
    return prev === this.bosId && b[0] === 0x20 ? b.subarray(1) : b;
  }

  decode(ids: readonly number[]): string {
    const parts: Uint8Array[] = [];
    ids.forEach((id, i) => parts.push(this.tokenBytes(id, i === 0 ? -1 : ids[i - 1]!)));
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return new TextDecoder('utf-8').decode(all);
  }
}

/** Reads tokenizer.bin for a model of vocabSize tokens; refuses a short or foreign file whole. */
export function readLlama2cTokenizer(input: ArrayBuffer | Uint8Array, vocabSize: number): Llama2cTokenizer {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string) => new ModelImportError(`This is not the llama2.c tokenizer.bin of a ${vocabSize}-token model: ${why}.`, 'Drop the tokenizer.bin (e.g. tok512.bin) exported with the checkpoint by llama2.c tokenizer.py.');
  if (bytes.byteLength < 4) throw bad('the file is too short');
  const maxLen = view.getUint32(0, true);
  if (maxLen === 0 || maxLen > 1024) throw bad(`its max token length is ${maxLen}`);
  const dec = new TextDecoder('utf-8');
  const pieces: string[] = [];
  const scores = new Float32Array(vocabSize);
  let at = 4;
  for (let i = 0; i < vocabSize; i++) {
    if (at + 8 > bytes.byteLength) throw bad(`it ends after ${i} of ${vocabSize} tokens`);
    scores[i] = view.getFloat32(at, true);
    const len = view.getInt32(at + 4, true);
    at += 8;
    if (len < 0 || len > maxLen || at + len > bytes.byteLength) throw bad(`token ${i} has a length of ${len}`);
    pieces.push(dec.decode(bytes.subarray(at, at + len)));
    at += len;
  }
  if (at !== bytes.byteLength) throw bad(`${bytes.byteLength - at} bytes are left after ${vocabSize} tokens (a tokenizer for another vocabulary?)`);
  return new Llama2cTokenizer(pieces, scores, maxLen);
}

/** Writes tokenizer.bin (for tests and the llama2.c export). */
export function writeLlama2cTokenizer(pieces: readonly string[], scores: ArrayLike<number>): Uint8Array {
  const enc = new TextEncoder();
  const raw = pieces.map((p) => enc.encode(p));
  const out = new Uint8Array(4 + raw.reduce((n, b) => n + 8 + b.length, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.max(1, ...raw.map((b) => b.length)), true);
  let at = 4;
  raw.forEach((b, i) => {
    view.setFloat32(at, scores[i]!, true);
    view.setInt32(at + 4, b.length, true);
    out.set(b, at + 8);
    at += 8 + b.length;
  });
  return out;
}

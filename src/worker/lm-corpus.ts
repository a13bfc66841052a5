/**
 * Corpus preparation for language models: text files read in 1 MB chunks (never split into
 * lines), cut into pieces of about 64 K characters at whitespace (so no word is split between two
 * pieces and BPE sees whole words), a tokenizer trained on the pieces (or given), and the whole
 * corpus as one array of token ids. The validation part is the end of the corpus (by position).
 */
import { deserializeTokenizer, serializeTokenizer, trainTokenizer, type Tokenizer } from '../core/text';
import { Sha256 } from '../core/util/sha256';
import type { StoredLmCorpus } from './db';
import type { CorpusFile, CorpusSummary, LmTokenizerChoice } from './lm-protocol';

const READ_CHUNK = 1 << 20;
const PIECE = 1 << 16;

export class CorpusError extends Error {}

/** Streams a file's text in chunks (UTF-8, BOM dropped, CRLF and CR → LF). */
export async function readTextChunks(blob: Blob, onChunk: (text: string) => void, onBytes?: (n: number) => void): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let carryCr = false;
  const push = (s: string) => {
    let t = carryCr ? `\r${s}` : s;
    carryCr = t.endsWith('\r');
    if (carryCr) t = t.slice(0, -1);
    if (t.length > 0) onChunk(t.replace(/\r\n?/g, '\n'));
  };
  for (let off = 0; off < blob.size; off += READ_CHUNK) {
    const buf = await blob.slice(off, off + READ_CHUNK).arrayBuffer();
    push(decoder.decode(new Uint8Array(buf), { stream: true }));
    onBytes?.(Math.min(blob.size, off + READ_CHUNK));
  }
  push(decoder.decode());
  if (carryCr) onChunk('\n');
}

/** Cuts streamed text into pieces of ≤ PIECE characters, each ending before a whitespace character when there is one. */
export function piecer(out: string[]) {
  let buf = '';
  return {
    add(text: string) {
      buf += text;
      while (buf.length > PIECE) {
        let cut = PIECE;
        for (let i = PIECE; i > PIECE / 2; i--) {
          if (/\s/.test(buf[i]!)) {
            cut = i;
            break;
          }
        }
        out.push(buf.slice(0, cut));
        buf = buf.slice(cut);
      }
    },
    end() {
      if (buf.length > 0) out.push(buf);
      buf = '';
    },
  };
}

/** True when a file looks binary (a NUL in its first 8 KB): refuse it rather than train on bytes. */
async function looksBinary(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 8192).arrayBuffer());
  return head.includes(0);
}

export interface PreparedCorpus {
  stored: StoredLmCorpus;
  summary: CorpusSummary;
  tokenizer: Tokenizer;
}

export function trainLmTokenizer(pieces: readonly string[], choice: LmTokenizerChoice, onProgress?: (done: number, total: number) => void): Tokenizer {
  if (choice.kind === 'char') return trainTokenizer(pieces, { kind: 'char', vocabSize: 1_000_000, lowercase: false });
  return trainTokenizer(pieces, { kind: 'bpe', vocabSize: Math.max(258, Math.floor(choice.vocabSize)), lowercase: false }, onProgress ? { onProgress } : undefined);
}

export async function prepareCorpus(
  corpusId: string,
  files: readonly CorpusFile[],
  tokenizerOf: (pieces: readonly string[]) => Tokenizer,
  valFraction: number,
  progress: (label: string, done: number, total: number) => void,
): Promise<PreparedCorpus> {
  if (files.length === 0) throw new CorpusError('No text files were given.');
  const pieces: string[] = [];
  const total = files.reduce((s, f) => s + f.blob.size, 0);
  let before = 0;
  for (const f of files) {
    if (await looksBinary(f.blob)) throw new CorpusError(`"${f.name}" is not a text file (it contains binary data).`);
    const p = piecer(pieces);
    await readTextChunks(f.blob, (t) => p.add(t), (n) => progress(`Reading ${f.name}`, before + n, total));
    p.end();
    before += f.blob.size;
    // Files are separated by a blank line, so one file's last sentence does not run into the next.
    if (files.length > 1) pieces.push('\n\n');
  }
  const chars = pieces.reduce((s, p) => s + p.length, 0);
  // The stamp's data hash: the text exactly as the tokenizer reads it (CorpusSummary.textSha256).
  const hash = new Sha256();
  const utf8 = new TextEncoder();
  // One buffer for every piece's bytes (a piece is at most PIECE units, 3 bytes each at most): a new one per piece was garbage as big as the text.
  const bytes = new Uint8Array(3 * PIECE);
  for (const piece of pieces) hash.update(bytes.subarray(0, utf8.encodeInto(piece, bytes).written));
  if (chars < 1000) throw new CorpusError(`The text has ${chars} characters; a language model needs at least a few thousand.`);
  const tokenizer = tokenizerOf(pieces);
  const head = pieces[0]!.slice(0, 400);
  const ids = encodePieces(pieces, tokenizer, chars, (done) => progress('Encoding the text', done, pieces.length));
  const n = ids.length;
  const splitAt = Math.floor(n * (1 - valFraction));
  const stored: StoredLmCorpus = { corpusId, savedAt: Date.now(), ids, splitAt, tokenizer: serializeTokenizer(tokenizer), charsPerToken: chars / Math.max(1, n) };
  const enc = tokenizer.encode(head);
  const preview = enc.ids.slice(0, 160).map((id, k) => ({ id, text: head.slice(enc.offsets[k]![0], enc.offsets[k]![1]) || (enc.tokens[k] ?? '') }));
  const vocabSize = tokenizer.vocab.size;
  const summary: CorpusSummary = {
    corpusId,
    names: files.map((f) => f.name),
    chars,
    tokens: n,
    trainTokens: splitAt,
    valTokens: n - splitAt,
    vocabSize,
    tokenizerKind: tokenizer.kind === 'bpe' ? 'bpe' : 'char',
    charsPerToken: stored.charsPerToken,
    preview,
    textSha256: hash.hex(),
  };
  return { stored, summary, tokenizer };
}

/** Characters encoded to estimate the token count before the ids array is made. */
const SAMPLE_CHARS = 1 << 20;

/**
 * The corpus's token ids in one array, each piece let go once encoded (`pieces` is emptied), so
 * the text and its ids are not both whole in memory at the end. The array is sized from the
 * tokens per character of the first pieces (BPE makes about a quarter as many tokens as
 * characters; a chars-long array was four times too big) and grows by half when short; it is
 * returned as a view when at most 1/8 of it is unused instead of copied (the copy was the peak).
 */
export function encodePieces(pieces: string[], tokenizer: Tokenizer, chars: number, progress?: (done: number) => void): Uint8Array | Uint16Array | Int32Array {
  // A byte an id when the vocabulary allows (a character tokenizer on English text): the ids were twice the text for it.
  const Ids = tokenizer.vocab.size <= 256 ? Uint8Array : tokenizer.vocab.size <= 65535 ? Uint16Array : Int32Array;
  let sampled = 0;
  let sampleTokens = 0;
  for (let i = 0; i < pieces.length && sampled < SAMPLE_CHARS; i++) {
    sampled += pieces[i]!.length;
    for (const part of encodable(pieces[i]!, tokenizer)) sampleTokens += tokenizer.ids(part).length;
  }
  const perChar = tokenizer.kind === 'char' ? 1 : Math.min(1, (sampleTokens / Math.max(1, sampled)) * 1.1);
  let ids: Uint8Array | Uint16Array | Int32Array = new Ids(Math.max(1024, Math.ceil(chars * perChar)));
  let n = 0;
  const count = pieces.length;
  for (let i = 0; i < count; i++) {
    for (const part of encodable(pieces[i]!, tokenizer)) {
      for (const id of tokenizer.ids(part)) {
        if (n === ids.length) {
          const grown = new Ids(Math.ceil(ids.length * 1.5));
          grown.set(ids);
          ids = grown;
        }
        ids[n++] = id;
      }
    }
    pieces[i] = '';
    if (i % 8 === 0) progress?.(i + 1);
  }
  pieces.length = 0;
  if (n === ids.length) return ids;
  return ids.length - n <= ids.length / 8 ? ids.subarray(0, n) : ids.slice(0, n);
}

/** Characters a character tokenizer encodes at a time (see encodable). */
export const CHAR_BATCH = 1 << 13;

const isBlank = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/**
 * A piece in the parts its tokenizer encodes one at a time. A character tokenizer gives each
 * character its own id, so its piece is cut before a space or line break every CHAR_BATCH or so
 * characters (never inside a pair of surrogates or before a combining mark), with the same ids.
 * Why: the id list of a whole 64 K piece is a 256 KB array, too big for V8's young generation, so
 * each one stayed until a full collection: about 12 bytes of garbage a character, and a 30 MB
 * corpus peaked at 7.1× its size in Chromium. Other tokenizers get the piece whole, since a cut
 * may change their tokens (BPE inside a run of spaces, a SentencePiece prefix at each start).
 */
export function* encodable(piece: string, tokenizer: Pick<Tokenizer, 'kind'>): Generator<string> {
  let start = 0;
  if (tokenizer.kind === 'char') {
    while (piece.length - start > CHAR_BATCH) {
      let cut = -1;
      for (let i = start + CHAR_BATCH; i > start + CHAR_BATCH / 2; i--) {
        if (isBlank(piece.charCodeAt(i))) {
          cut = i;
          break;
        }
      }
      if (cut < 0) break;
      yield piece.slice(start, cut);
      start = cut;
    }
  }
  yield start === 0 ? piece : piece.slice(start);
}

export function loadTokenizer(json: unknown): Tokenizer {
  const r = deserializeTokenizer(json);
  if (!r.ok) throw new CorpusError(`The saved tokenizer does not load: ${r.error.message}`);
  return r.value;
}

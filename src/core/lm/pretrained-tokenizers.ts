/**
 * Tokenizers of imported models, behind one interface (PieceTokenizer):
 *  - llama2.c tokenizer.bin (llama2c-tokenizer.ts);
 *  - a Hugging Face tokenizer.json of SentencePiece-style BPE (Llama-1/2, TinyLlama: '▁' for
 *    spaces, byte_fallback <0xNN> tokens, merges by rank), read here;
 *  - any tokenizer.json the studio's own text pipeline reads (GPT-2's byte-level BPE), adapted.
 */
import { deserializeTokenizer, type Tokenizer } from '../text';
import { ModelImportError } from './llama-config';
import { Llama2cTokenizer, type PieceTokenizer } from './llama2c-tokenizer';
import { streamDecoder } from './stream-decoder';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);

/** SentencePiece BPE from tokenizer.json: HF's BPE (lowest merge rank first) over '▁'-joined text. */
class HfSentencePieceTokenizer extends Llama2cTokenizer {
  constructor(pieces: string[], private readonly ranks: Map<string, number>, private readonly prepend: boolean, bos: number, eos: number) {
    super(pieces, new Float32Array(pieces.length), Math.max(...pieces.map((p) => p.length)));
    Object.assign(this, { bosId: bos, eosId: eos });
  }

  override get description() {
    return `SentencePiece BPE (tokenizer.json), ${this.vocabSize} tokens with byte fallback`;
  }

  override encode(text: string, opts: { bos?: boolean; eos?: boolean } = {}): number[] {
    const ids: number[] = [];
    if (opts.bos ?? true) ids.push(this.bosId);
    if (text !== '') {
      let parts = [...(this.prepend ? ' ' : '') + text];
      for (;;) {
        let best = Infinity;
        let at = -1;
        for (let i = 0; i < parts.length - 1; i++) {
          const r = this.ranks.get(`${parts[i]}\u0000${parts[i + 1]}`);
          if (r !== undefined && r < best) {
            best = r;
            at = i;
          }
        }
        if (at < 0) break;
        parts = [...parts.slice(0, at), parts[at]! + parts[at + 1]!, ...parts.slice(at + 2)];
      }
      const enc = new TextEncoder();
      for (const p of parts) {
        const id = this.index.get(p);
        if (id !== undefined) ids.push(id);
        else for (const b of enc.encode(p)) ids.push(this.index.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`) ?? 0);
      }
    }
    if (opts.eos) ids.push(this.eosId);
    return ids;
  }
}

function sentencePieceFromJson(json: Json, bos: number, eos: number): PieceTokenizer {
  const model = obj(json.model)!;
  const vocab = obj(model.vocab);
  if (!vocab) throw new ModelImportError('tokenizer.json: model.vocab is missing.');
  const pieces: string[] = [];
  for (const [p, id] of Object.entries(vocab)) if (typeof id === 'number') pieces[id] = p;
  for (const t of Array.isArray(json.added_tokens) ? json.added_tokens : []) {
    const a = obj(t);
    if (a && typeof a.id === 'number' && typeof a.content === 'string') pieces[a.id] = a.content;
  }
  for (let i = 0; i < pieces.length; i++) pieces[i] ??= '';
  const ranks = new Map<string, number>();
  (Array.isArray(model.merges) ? model.merges : []).forEach((m: unknown, r) => {
    const pair = typeof m === 'string' ? m.split(' ') : Array.isArray(m) ? m : [];
    if (pair.length === 2) ranks.set(`${String(pair[0]).replaceAll('▁', ' ')}\u0000${String(pair[1]).replaceAll('▁', ' ')}`, r);
  });
  const text = JSON.stringify([json.normalizer, json.pre_tokenizer]);
  const prepend = /"Prepend"|"prepend_scheme":"(first|always)"|"add_prefix_space":true/.test(text);
  return new HfSentencePieceTokenizer(pieces, ranks, prepend, bos, eos);
}

/** The studio's text Tokenizer (e.g. GPT-2 byte-level BPE) as a PieceTokenizer. */
function adapt(tok: Tokenizer, bos: number, eos: number): PieceTokenizer {
  return {
    vocabSize: tok.vocab.size,
    bosId: bos,
    eosId: eos,
    description: `${tok.kind === 'bpe' ? 'Byte-level BPE' : tok.kind} (tokenizer.json), ${tok.vocab.size} tokens`,
    // GPT-2 adds no BOS: an empty prompt starts from <|endoftext|>, as transformers' generate does.
    encode: (text) => {
      const ids = tok.ids(text);
      return ids.length ? ids : [bos];
    },
    decode: (ids) => tok.decode(ids, { skipSpecialTokens: true }),
    stream: () => {
      let out = '';
      const d = streamDecoder(tok, (t) => (out += t));
      return (id) => {
        out = '';
        d.push(id);
        return out;
      };
    },
  };
}

/** Reads a tokenizer.json for a model whose config names bos/eos; throws ModelImportError when unreadable. */
export function tokenizerFromHfJson(input: unknown, bos: number, eos: number): PieceTokenizer {
  const json = obj(typeof input === 'string' ? (JSON.parse(input) as unknown) : input);
  const model = obj(json?.model);
  if (!json || !model) throw new ModelImportError('tokenizer.json is not a Hugging Face tokenizers file (no "model").');
  if (model.type === 'BPE' && model.byte_fallback === true) return sentencePieceFromJson(json, bos, eos);
  const r = deserializeTokenizer(json);
  if (!r.ok) throw new ModelImportError(`tokenizer.json: ${r.error.message}`, r.error.hint);
  return adapt(r.value, bos, eos);
}

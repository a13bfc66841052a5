/**
 * The two sides' tokenizers (core/text: character, word, byte-level BPE, WordPiece, or a loaded
 * tokenizer.json) mapped into the model's one vocabulary: 0 pad (also the decoder start), 1 end,
 * 2 unknown, then the source tokenizer's ordinary tokens, then — when the sides are separate —
 * the target tokenizer's. The maps are rebuilt from the tokenizers, so only those are saved.
 */
import { deserializeTokenizer, serializeTokenizer, trainTokenizer, type Tokenizer, type TokenizerKind } from '../text';
import { EOS_ID, PAD_ID, UNK_ID } from './config';

export interface SideSpec {
  kind: TokenizerKind;
  /** Vocabulary size of the side's tokenizer (characters: a cap; BPE at least 257). */
  vocabSize: number;
  lowercase: boolean;
}

export interface PairVocab {
  source: Tokenizer;
  /** The same object as source when shared. */
  target: Tokenizer;
  shared: boolean;
  size: number;
  encodeSource(text: string): number[];
  /** Target ids without the end token. */
  encodeTarget(text: string): number[];
  /** Model ids → target text (stops at the end token; pad and unknown dropped). */
  decodeTarget(ids: readonly number[]): string;
  /** One model id → its target token string (for the heat map's labels). */
  targetToken(id: number): string;
  sourceTokens(text: string): string[];
}

const RESERVED = 3;

function isSpecial(t: Tokenizer, id: number): boolean {
  const tok = t.vocab.token(id);
  return tok !== undefined && (tok === t.specials.pad || tok === t.specials.unk);
}

/** Side tokenizer id → model id for each side (the same array when shared), and the model vocabulary size. */
export function modelIdMaps(source: Tokenizer, target: Tokenizer | null): { srcMap: Int32Array; tgtMap: Int32Array; size: number } {
  const shared = target === null || target === source;
  const tgt = target ?? source;
  const srcMap = new Int32Array(source.vocab.size);
  let next = RESERVED;
  for (let i = 0; i < source.vocab.size; i++) srcMap[i] = isSpecial(source, i) ? (source.vocab.token(i) === source.specials.pad ? PAD_ID : UNK_ID) : next++;
  let tgtMap = srcMap;
  if (!shared) {
    tgtMap = new Int32Array(tgt.vocab.size);
    for (let i = 0; i < tgt.vocab.size; i++) tgtMap[i] = isSpecial(tgt, i) ? (tgt.vocab.token(i) === tgt.specials.pad ? PAD_ID : UNK_ID) : next++;
  }
  return { srcMap, tgtMap, size: next };
}

export function makePairVocab(source: Tokenizer, target: Tokenizer | null): PairVocab {
  const shared = target === null || target === source;
  const tgt = target ?? source;
  const { srcMap, tgtMap, size } = modelIdMaps(source, target);
  const back = new Int32Array(size).fill(-1);
  tgtMap.forEach((m, i) => {
    if (m >= RESERVED) back[m] = i;
  });
  const mapIds = (ids: number[], map: Int32Array) => ids.map((i) => map[i] ?? UNK_ID).filter((i) => i !== PAD_ID);
  return {
    source,
    target: tgt,
    shared,
    size,
    encodeSource: (text) => mapIds(source.ids(text), srcMap),
    encodeTarget: (text) => mapIds(tgt.ids(text), tgtMap),
    decodeTarget(ids) {
      const out: number[] = [];
      for (const id of ids) {
        if (id === EOS_ID) break;
        const t = back[id] ?? -1;
        if (t >= 0) out.push(t);
      }
      return tgt.decode(out, { skipSpecialTokens: true });
    },
    targetToken(id) {
      if (id === EOS_ID) return '</s>';
      if (id === PAD_ID) return '<pad>';
      const t = back[id] ?? -1;
      return t >= 0 ? (tgt.vocab.token(t) ?? '?') : '<unk>';
    },
    sourceTokens: (text) => source.encode(text).tokens,
  };
}

/** Trains the side tokenizers on the training pairs (shared: one tokenizer on both sides' texts). */
export function trainPairVocab(sources: readonly string[], targets: readonly string[], src: SideSpec, tgt: SideSpec | 'shared'): PairVocab {
  if (tgt === 'shared') return makePairVocab(trainTokenizer([...sources, ...targets], src), null);
  return makePairVocab(trainTokenizer(sources, src), trainTokenizer(targets, tgt));
}

export interface SavedPairVocab {
  source: unknown;
  target: unknown | null;
}

export function savePairVocab(v: PairVocab): SavedPairVocab {
  return { source: serializeTokenizer(v.source), target: v.shared ? null : serializeTokenizer(v.target) };
}

export function loadPairVocab(saved: SavedPairVocab): PairVocab {
  const s = deserializeTokenizer(saved.source);
  if (!s.ok) throw new Error(`Source tokenizer: ${s.error.message}`);
  if (saved.target === null) return makePairVocab(s.value, null);
  const t = deserializeTokenizer(saved.target);
  if (!t.ok) throw new Error(`Target tokenizer: ${t.error.message}`);
  return makePairVocab(s.value, t.value);
}

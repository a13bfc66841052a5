/**
 * tokenizer.json files for the Hugging Face T5 export: a side tokenizer's own HF tokenizer.json
 * (core/text writes it) with its ids rewritten to the model's ids (vocab.ts: 0 pad, 1 </s>,
 * 2 unknown, then the source tokens, then the target tokens when the sides are separate), so the
 * ids it gives are the ids the exported weights expect. The encoder input has no end token (as
 * the studio trains it), so the source file has no post-processor; the target file (the labels)
 * appends </s>, as T5's labels end with it. The other side's ids are held by `<unused_N>` tokens.
 */
import type { HfTokenizerJson, Tokenizer } from '../text';
import { EOS_ID, PAD_ID, UNK_ID } from './config';
import { modelIdMaps, type PairVocab } from './vocab';

type HfAddedToken = HfTokenizerJson['added_tokens'][number];

const added = (id: number, content: string): HfAddedToken => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

/** The HF tokenizer.json of one side with model ids, or a reason it has none. */
export function sideHfTokenizer(t: Tokenizer, map: Int32Array, appendEos: boolean): { json: HfTokenizerJson } | { reason: string } {
  const own = t.toHfJson();
  if (!own.ok) return { reason: own.error.message };
  const base = own.value;
  if (typeof base.model !== 'object' || base.model === null || typeof base.model.vocab !== 'object') return { reason: `The ${t.kind} tokenizer has no Hugging Face tokenizer.json equivalent.` };
  const vocab: Record<string, number> = {};
  for (let i = 0; i < t.vocab.size; i++) {
    const tok = t.vocab.token(i);
    if (tok !== undefined) vocab[tok] = map[i]!;
  }
  const tokens = base.added_tokens.map((a) => ({ ...a, id: map[a.id] ?? UNK_ID }));
  const has = (id: number) => tokens.some((a) => a.id === id);
  if (!has(PAD_ID)) tokens.push(added(PAD_ID, t.specials.pad ?? '<pad>'));
  tokens.push(added(EOS_ID, '</s>'));
  if (!has(UNK_ID)) tokens.push(added(UNK_ID, t.specials.unk ?? '<unk>'));
  for (const a of tokens) if (vocab[a.content] === undefined) vocab[a.content] = a.id;
  // The other side's ids sit inside this side's range (target ids follow the source's): hold them
  // with placeholder tokens that no text produces, so ids run from 0 without gaps as readers expect.
  const used = new Set(Object.values(vocab));
  const top = Math.max(...used);
  for (let id = 0; id < top; id++) if (!used.has(id)) vocab[`<unused_${id}>`] = id;
  tokens.sort((a, b) => a.id - b.id);
  const post = appendEos
    ? { type: 'TemplateProcessing', single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }], pair: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }], special_tokens: { '</s>': { id: '</s>', ids: [EOS_ID], tokens: ['</s>'] } } }
    : null;
  return { json: { ...base, added_tokens: tokens, model: { ...base.model, vocab }, post_processor: post } };
}

/** tokenizer.json (the source side, or both when shared) and, when the sides are separate, target_tokenizer.json. */
export function hfT5TokenizerFiles(v: PairVocab): { files: Record<string, HfTokenizerJson> } | { reason: string } {
  const { srcMap, tgtMap } = modelIdMaps(v.source, v.shared ? null : v.target);
  const src = sideHfTokenizer(v.source, srcMap, false);
  if ('reason' in src) return src;
  if (v.shared) return { files: { 'tokenizer.json': src.json } };
  const tgt = sideHfTokenizer(v.target, tgtMap, true);
  if ('reason' in tgt) return tgt;
  return { files: { 'tokenizer.json': src.json, 'target_tokenizer.json': tgt.json } };
}

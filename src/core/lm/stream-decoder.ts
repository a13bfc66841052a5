/**
 * Decodes ids as they come, emitting only text that can no longer change (a byte-level BPE token
 * may hold half a character). Only the ids not yet emitted are decoded, so a long generation stays
 * linear: char and byte-level decoding of a sequence is the concatenation of its parts' decodings
 * whenever a part ends on a whole character. Shared by the LM worker and the deploy predictor.
 */
import type { Tokenizer } from '../text';

export function streamDecoder(tokenizer: Tokenizer, emit: (text: string) => void) {
  let pending: number[] = [];
  let done = '';
  const decode = (ids: number[]) => tokenizer.decode(ids, { skipSpecialTokens: true });
  return {
    push(id: number) {
      pending.push(id);
      const tail = decode(pending);
      if (tail.endsWith('\uFFFD')) return;
      if (tail !== '') emit(tail);
      done += tail;
      pending = [];
    },
    text: () => done + decode(pending),
  };
}

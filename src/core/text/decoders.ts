import { fromByteLevel } from './byte-level';

/**
 * Decoders (HF `decoder` component): token strings back to text. As in the Rust crate, each
 * decoder maps the token list to a new list, and the result is joined with no separator; with
 * no decoder at all, tokens are joined with spaces.
 */
export type DecoderSpec =
  | { type: 'ByteLevel' }
  | { type: 'WordPiece'; prefix: string; cleanup: boolean }
  | { type: 'Fuse' }
  | { type: 'Strip'; content: string; start: number; stop: number }
  | { type: 'Replace'; pattern: string; content: string }
  | { type: 'ByteFallback' }
  | { type: 'Metaspace'; replacement: string; stripFirstSpace: boolean }
  | { type: 'Sequence'; items: DecoderSpec[] };

/** The Rust crate's `cleanup` of the WordPiece decoder (detokenizes English punctuation). */
export function cleanup(s: string): string {
  return s
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;
const utf8 = new TextDecoder('utf-8');

function byteFallback(tokens: string[]): string[] {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length > 0) out.push(utf8.decode(new Uint8Array(bytes)));
    bytes = [];
  };
  for (const t of tokens) {
    const m = BYTE_TOKEN.exec(t);
    if (m) bytes.push(parseInt(m[1] as string, 16));
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out;
}

function chain(spec: DecoderSpec, tokens: string[]): string[] {
  switch (spec.type) {
    case 'ByteLevel':
      return [fromByteLevel(tokens.join(''))];
    case 'WordPiece':
      return tokens.map((t, i) => {
        const piece = i === 0 ? t : t.startsWith(spec.prefix) ? t.slice(spec.prefix.length) : ` ${t}`;
        return spec.cleanup ? cleanup(piece) : piece;
      });
    case 'Fuse':
      return [tokens.join('')];
    case 'Strip':
      return tokens.map((t) => {
        const chars = [...t];
        let a = 0;
        let b = chars.length;
        for (let k = 0; k < spec.start && a < b && chars[a] === spec.content; k++) a++;
        for (let k = 0; k < spec.stop && b > a && chars[b - 1] === spec.content; k++) b--;
        return chars.slice(a, b).join('');
      });
    case 'Replace':
      return tokens.map((t) => t.replaceAll(spec.pattern, spec.content));
    case 'ByteFallback':
      return byteFallback(tokens);
    case 'Metaspace':
      return tokens.map((t, i) => {
        const s = t.replaceAll(spec.replacement, ' ');
        return i === 0 && spec.stripFirstSpace && s.startsWith(' ') ? s.slice(1) : s;
      });
    case 'Sequence':
      return spec.items.reduce((acc, d) => chain(d, acc), tokens);
  }
}

export function decodeTokens(spec: DecoderSpec | null, tokens: string[]): string {
  return spec ? chain(spec, tokens).join('') : tokens.join(' ');
}

/**
 * GPT-2 byte-level helpers: every byte maps to a printable character (`bytes_to_unicode`):
 * bytes 33–126, 161–172 and 174–255 map to themselves, the others to U+0100 + k in byte order,
 * so space is `Ġ` (U+0120) and newline `Ċ` (U+010A).
 */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const out: string[] = new Array<string>(256);
  let k = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    out[b] = String.fromCharCode(printable ? b : 256 + k++);
  }
  return out;
})();

export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** The GPT-2 pre-tokenization regex. It matches every character, so pieces tile the text. */
export const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** UTF-8 bytes of `text` as byte-level characters ("héllo" → "hÃ©llo"). */
export function toByteLevel(text: string): string {
  let out = '';
  for (const b of encoder.encode(text)) out += BYTE_TO_CHAR[b];
  return out;
}

/** Inverse of toByteLevel; characters outside the map are kept as UTF-8 of themselves. */
export function fromByteLevel(symbols: string): string {
  const bytes: number[] = [];
  for (const ch of symbols) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b !== undefined) bytes.push(b);
    else for (const x of encoder.encode(ch)) bytes.push(x);
  }
  return decoder.decode(new Uint8Array(bytes));
}

/**
 * For each UTF-8 byte of `text`, the UTF-16 offset of the character it belongs to, plus a final
 * entry = text.length. Used to turn byte spans of byte-level tokens into string offsets.
 */
export function byteToCharOffsets(text: string): number[] {
  const out: number[] = [];
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) out.push(i);
    i += ch.length;
  }
  out.push(text.length);
  return out;
}

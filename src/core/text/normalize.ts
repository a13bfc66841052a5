/**
 * Normalizers (HF `normalizer` component) with alignment: the output keeps, for each of its
 * UTF-16 code units, the offset in the original text, so tokens can point back into it.
 * Each base character with its following combining marks is normalized as one cluster, which
 * is what NFC/NFD need and keeps alignment per visible character.
 */
export type NormalizerStep =
  | { type: 'Lowercase' }
  | { type: 'NFD' }
  | { type: 'NFC' }
  | { type: 'NFKC' }
  | { type: 'NFKD' }
  | { type: 'StripAccents' }
  | { type: 'BertClean' }
  | { type: 'BertChinese' };

export interface Normalized {
  text: string;
  /** For normalized code unit i, the [start[i], end[i]) span of the original text it came from. */
  start: number[];
  end: number[];
  /** Length of the original text. */
  length: number;
}

/** The original span of normalized code units [a, b). */
export function originalSpan(n: Normalized, a: number, b: number): [number, number] {
  if (b <= a) {
    const at = n.start[a] ?? n.length;
    return [at, at];
  }
  return [n.start[a] ?? n.length, n.end[b - 1] ?? n.length];
}

const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;
const MARK = /\p{Mn}/gu;
const CONTROL = /[\p{Cc}\p{Cf}]/u;
const BERT_WHITESPACE = /[\t\n\r\p{Zs}]/u;

/** CJK ideograph blocks, as BERT's `_is_chinese_char`. */
export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function bertClean(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd) continue;
    if (BERT_WHITESPACE.test(ch)) out += ' ';
    else if (!CONTROL.test(ch)) out += ch;
  }
  return out;
}

function bertChinese(s: string): string {
  let out = '';
  for (const ch of s) out += isChineseChar(ch.codePointAt(0) ?? 0) ? ` ${ch} ` : ch;
  return out;
}

function applyStep(step: NormalizerStep, s: string): string {
  switch (step.type) {
    case 'Lowercase':
      // Per character as the Rust crate does: JS toLowerCase applies one context rule (final
      // sigma → ς); turning every Σ into σ first leaves it context-free.
      return s.replace(/Σ/g, 'σ').toLowerCase();
    case 'NFD':
    case 'NFC':
    case 'NFKC':
    case 'NFKD':
      return s.normalize(step.type);
    case 'StripAccents':
      return s.replace(MARK, '');
    case 'BertClean':
      return bertClean(s);
    case 'BertChinese':
      return bertChinese(s);
  }
}

/** The normalized text alone (training and id-only encoding need no alignment). */
export function normalizeString(text: string, steps: readonly NormalizerStep[]): string {
  let s = text;
  for (const step of steps) s = applyStep(step, s);
  return s;
}

/**
 * The normalized text with alignment. When normalizing cluster by cluster gives a different text
 * than normalizing the whole (NFC composing Hangul jamo across clusters, say), the whole text is
 * kept, so tokens are the same either way, and each of its units maps to the whole original span.
 */
export function normalize(text: string, steps: readonly NormalizerStep[]): Normalized {
  if (steps.length === 0) {
    const start = Array.from({ length: text.length }, (_, i) => i);
    return { text, start, end: start.map((i) => i + 1), length: text.length };
  }
  const whole = normalizeString(text, steps);
  let out = '';
  const start: number[] = [];
  const end: number[] = [];
  for (const m of text.matchAll(CLUSTER)) {
    let s = m[0];
    for (const step of steps) s = applyStep(step, s);
    out += s;
    for (let k = 0; k < s.length; k++) {
      start.push(m.index);
      end.push(m.index + m[0].length);
    }
  }
  if (out !== whole) {
    return { text: whole, start: new Array<number>(whole.length).fill(0), end: new Array<number>(whole.length).fill(text.length), length: text.length };
  }
  return { text: out, start, end, length: text.length };
}

/** The BertNormalizer of HF as steps. strip_accents null means "follow lowercase". */
export function bertNormalizerSteps(o: {
  clean_text?: boolean;
  handle_chinese_chars?: boolean;
  strip_accents?: boolean | null;
  lowercase?: boolean;
}): NormalizerStep[] {
  const lowercase = o.lowercase ?? true;
  const strip = o.strip_accents ?? lowercase;
  const steps: NormalizerStep[] = [];
  if (o.clean_text ?? true) steps.push({ type: 'BertClean' });
  if (o.handle_chinese_chars ?? true) steps.push({ type: 'BertChinese' });
  if (strip) steps.push({ type: 'NFD' }, { type: 'StripAccents' });
  if (lowercase) steps.push({ type: 'Lowercase' });
  return steps;
}

/**
 * sacreBLEU's default "13a" tokenizer (mteval-v13a.pl, as sacrebleu/tokenizers/tokenizer_13a.py):
 * drop <skipped>, join hyphenated line ends, unescape four HTML entities, then split punctuation
 * and symbols off, periods and commas unless next to a digit, a dash after a digit.
 */
const RULES: readonly [RegExp, string][] = [
  // symbols: { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
  [/([{-~[-` -&(-+:-@/])/g, ' $1 '],
  [/([^0-9])([.,])/g, '$1 $2 '],
  [/([.,])([^0-9])/g, ' $1 $2'],
  [/([0-9])(-)/g, '$1 $2 '],
];

export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  s = ` ${s} `;
  for (const [re, to] of RULES) s = s.replace(re, to);
  return s.split(/\s+/).filter(Boolean).join(' ');
}

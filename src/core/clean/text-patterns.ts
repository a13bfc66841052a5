/**
 * Replace patterns: one op, a checkbox per kind of pattern. All ticked kinds are found in one
 * left-to-right pass, so a pattern that starts first wins and is never cut up by another kind
 * (the digits and dots of "https://a.io/v2.1" stay in the URL; the "john" of john@x.org is the
 * e-mail's); where two kinds start at the same place the order below decides.
 * - e-mail: name@domain.tld;
 * - URL: starting with http://, https://, ftp:// or www. (a bare "example.com" is not taken),
 *   with its query string; trailing sentence punctuation is left out, and so is a closing ')'
 *   unless the URL opened one ("(see https://x.org)" vs ".../wiki/Mercury_(planet)");
 * - emoji: a whole sequence counts once: \p{Extended_Pictographic} with its variation selector,
 *   skin tone and ZWJ-joined parts (👨‍👩‍👧 is one emoji), flag pairs, keycaps (1️⃣), and stray
 *   joiners/skin tones; © ® ™ are Extended_Pictographic too, so they go with the emoji;
 * - number: a digit run standing alone (not "mp3" or "3rd"), with thousands groups and decimals
 *   as one number ("1,234.5"); a sign stays, as punctuation;
 * - punctuation: Unicode \p{P} (.,;:!?'"-()[]{}…«»¿ and the like; not symbols like $ + < >);
 *   an apostrophe inside a word is always removed ("don't" → "dont", not "don t").
 * replaceWith: 'nothing' removes them, 'space' puts a space, 'tag' a placeholder (<email>, <url>,
 * <emoji>, <number>; punctuation, having no useful tag, becomes a space). Texts where something
 * was replaced get their whitespace collapsed, so no double spaces are left behind.
 */
import { listNames } from './helpers';
import { problem } from '../util/result';
import { defineOp } from './op';
import { checkTextColumns, defaultTextColumns, rewriteTextColumns } from './text-helpers';
import { collapseWhitespace } from './text-whitespace';

export const PATTERN_KINDS = ['emails', 'urls', 'emoji', 'numbers', 'punctuation'] as const;
export type PatternKind = (typeof PATTERN_KINDS)[number];
export const REPLACE_WITH = ['nothing', 'space', 'tag'] as const;
export type ReplaceWith = (typeof REPLACE_WITH)[number];

export type ReplacePatternsParams = { columns: string[]; replaceWith: ReplaceWith } & Record<PatternKind, boolean>;

const EMOJI_PART = String.raw`\p{Extended_Pictographic}[\u{FE0E}\u{FE0F}]?\p{Emoji_Modifier}?[\u{E0020}-\u{E007F}]*`;

/** In pass order: where two kinds match at the same place, the earlier one wins. */
const SOURCES: Record<PatternKind, { source: string; tag: string }> = {
  emails: { source: String.raw`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`, tag: '<email>' },
  urls: { source: String.raw`\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?'\]}]`, tag: '<url>' },
  emoji: {
    source: String.raw`[#*0-9]\u{FE0F}?\u{20E3}|\p{Regional_Indicator}{1,2}|${EMOJI_PART}(?:\u{200D}${EMOJI_PART})*|[\u{200D}\u{FE0F}\p{Emoji_Modifier}]`,
    tag: '<emoji>',
  },
  numbers: { source: String.raw`(?<![\p{L}\p{N}_])(?:\p{Nd}{1,3}(?:,\p{Nd}{3})+|\p{Nd}+)(?:\.\p{Nd}+)?(?![\p{L}\p{N}_])`, tag: '<number>' },
  punctuation: { source: String.raw`(?<apostrophe>(?<=\p{L})['’](?=\p{L}))|\p{P}+`, tag: ' ' },
};

const compiled = new Map<string, RegExp>();

/** One regex with a named group per ticked kind, built once per combination ('i': HTTPS://, WWW.). */
function patternFor(kinds: readonly PatternKind[]): RegExp {
  const key = kinds.join(',');
  let re = compiled.get(key);
  if (!re) {
    re = new RegExp(kinds.map((k) => `(?<${k}>${SOURCES[k].source})`).join('|'), 'giu');
    compiled.set(key, re);
  }
  return re;
}

/** A URL ends before a ')' it did not open, e.g. the one closing "(see https://x.org)". */
function trimUrl(url: string): { url: string; rest: string } {
  // Counted, not matched: a URL with "(" and ")" in any order is kept whole, as linkifiers do.
  let open = 0;
  for (const c of url) if (c === '(') open++;
  let end = url.length;
  let close = 0;
  for (const c of url) if (c === ')') close++;
  while (end > 0 && close > open && url[end - 1] === ')') {
    end--;
    close--;
  }
  // Sentence punctuation freed by the trim: "(https://x.org.)".
  while (end > 0 && '.,;:!?\''.includes(url[end - 1]!)) end--;
  return { url: url.slice(0, end), rest: url.slice(end) };
}

export function replacePatterns(s: string, kinds: readonly PatternKind[], replaceWith: ReplaceWith): string {
  const ordered = PATTERN_KINDS.filter((k) => kinds.includes(k));
  if (ordered.length === 0) return s;
  let replaced = false;
  const out = s.replace(patternFor(ordered), (m: string, ...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<PatternKind | 'apostrophe', string | undefined>;
    const kind = ordered.find((k) => groups[k] !== undefined)!;
    replaced = true;
    const by = replaceWith === 'nothing' ? '' : replaceWith === 'space' ? ' ' : SOURCES[kind].tag;
    if (groups.apostrophe !== undefined) return '';
    if (kind !== 'urls') return by;
    const { rest } = trimUrl(m);
    // What the trim gave back is text again; with punctuation ticked, it goes too.
    return by + (ordered.includes('punctuation') && rest !== '' ? (replaceWith === 'nothing' ? '' : ' ') : rest);
  });
  if (!replaced) return s;
  return collapseWhitespace(replaceWith === 'tag' ? spaceTags(out) : out);
}

const TAG = String.raw`<(?:email|url|emoji|number)>`;
const TAG_BEFORE_WORD = new RegExp(String.raw`(${TAG})(?=[\p{L}\p{N}<])`, 'gu');
const WORD_BEFORE_TAG = new RegExp(String.raw`(?<=[\p{L}\p{N}>])(${TAG})`, 'gu');

/** "💰💰" → "<emoji> <emoji>", "cash:https://…" stays "cash:<url>": a tag never glues to a word. */
const spaceTags = (s: string): string => s.replace(TAG_BEFORE_WORD, '$1 ').replace(WORD_BEFORE_TAG, ' $1');

const chosen = (p: ReplacePatternsParams): PatternKind[] => PATTERN_KINDS.filter((k) => p[k] === true);

export const textReplacePatterns = defineOp<ReplacePatternsParams>({
  type: 'text-replace-patterns',
  label: 'Remove URLs, e-mails, numbers, punctuation, emoji',
  summary: 'Removes (or replaces with a tag like <url>) web addresses, e-mail addresses, numbers, punctuation or emoji that rarely help a model.',
  rowFilter: false,
  defaultParams: (ctx) => ({
    columns: defaultTextColumns(ctx),
    emails: true,
    urls: true,
    emoji: false,
    numbers: false,
    punctuation: false,
    replaceWith: 'tag',
  }),
  describe: (p) => {
    const kinds = chosen(p);
    const what = kinds.length === 0 ? 'nothing' : kinds.join(', ');
    const how = p.replaceWith === 'tag' ? 'replace' : p.replaceWith === 'space' ? 'replace with spaces' : 'remove';
    return `In ${listNames(p.columns)}, ${how} ${what}`;
  },
  validate: (p, ctx) => {
    const bad = checkTextColumns(ctx, p.columns);
    if (bad) return bad;
    if (!REPLACE_WITH.includes(p.replaceWith)) return problem(`Unknown replacement: ${String(p.replaceWith)}`);
    return chosen(p).length === 0 ? problem('Tick at least one kind of pattern') : null;
  },
  apply: (p, _fitted, ctx) => {
    const kinds = chosen(p);
    return rewriteTextColumns(ctx, p.columns, (s) => replacePatterns(s, kinds, p.replaceWith));
  },
});

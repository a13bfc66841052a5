/**
 * Strips HTML without a DOM (core runs in Node and in workers): a small scanner over the text.
 * - tags (with quoted attributes that may hold '>') are removed; block tags (p, br, div, li …)
 *   become a space so words of two paragraphs do not glue together;
 * - comments, <!DOCTYPE …>, <?xml …?> are removed; <script> and <style> lose their contents too;
 * - a '<' that does not start a tag ("a < b", "<3") is kept as text;
 * - entities are decoded once, in text only (so "&lt;b&gt;" becomes the text "<b>", not a tag):
 *   &#39; &#x27; and the common named ones; an unknown name is left as written, and so is
 *   "&amp" glued to more letters ("&ampersand").
 * Texts where something was stripped get their whitespace collapsed and trimmed.
 */
import { listNames } from './helpers';
import { defineOp } from './op';
import { checkTextColumns, defaultTextColumns, rewriteTextColumns, type TextColumnsParams } from './text-helpers';
import { collapseWhitespace } from './text-whitespace';

/** &nbsp; becomes a plain space: for a model, a no-break space is a space. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', times: '×', divide: '÷',
  middot: '·', bull: '•', iexcl: '¡', iquest: '¿', sect: '§', para: '¶', shy: '', zwj: '\u200d', zwnj: '\u200c',
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', agrave: 'à', egrave: 'è',
  igrave: 'ì', ograve: 'ò', ugrave: 'ù', acirc: 'â', ecirc: 'ê', icirc: 'î', ocirc: 'ô', ucirc: 'û',
  auml: 'ä', euml: 'ë', iuml: 'ï', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', Eacute: 'É',
  szlig: 'ß', ccedil: 'ç', Ccedil: 'Ç', ntilde: 'ñ', Ntilde: 'Ñ', oslash: 'ø', aring: 'å', aelig: 'æ',
};

/** Decoded even without ';' ("Tom &amp Jerry"), as browsers do with these in text. */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g;

const fromCodePoint = (cp: number): string =>
  cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (m: string, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    // A named entity needs its ';', except the few legacy names browsers also read without one.
    if (name === undefined || !Object.hasOwn(NAMED, name)) return m;
    return m.endsWith(';') || LEGACY.has(name) ? NAMED[name]! : m;
  });
}

const BLOCK = new Set(
  'address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul'.split(' '),
);
const RAW_TEXT = new Set(['script', 'style']);

/** Index just after the '>' closing a tag that starts at `from`, skipping quoted values. */
function tagEnd(s: string, from: number): number {
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return s.length;
}

function skipPast(s: string, from: number, marker: string): number {
  const i = s.indexOf(marker, from);
  return i < 0 ? s.length : i + marker.length;
}

export function stripHtml(s: string): string {
  if (!s.includes('<') && !s.includes('&')) return s;
  let out = '';
  let text = 0; // start of the pending text segment
  let i = s.indexOf('<');
  let stripped = false;
  const flush = (end: number, replacement: string) => {
    out += decodeEntities(s.slice(text, end)) + replacement;
    stripped = true;
  };
  while (i >= 0 && i < s.length) {
    const next = s[i + 1] ?? '';
    let end = -1;
    let space = '';
    if (s.startsWith('<!--', i)) end = skipPast(s, i + 4, '-->');
    else if (next === '!' || next === '?') end = tagEnd(s, i + 2);
    else if (/[a-zA-Z/]/.test(next)) {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(s.slice(i, i + 40));
      if (m) {
        const name = m[2]!.toLowerCase();
        end = tagEnd(s, i + m[0].length);
        if (BLOCK.has(name)) space = ' ';
        if (!m[1] && RAW_TEXT.has(name) && s[end - 2] !== '/') {
          const close = s.toLowerCase().indexOf(`</${name}`, end);
          end = close < 0 ? s.length : tagEnd(s, close + name.length + 2);
          space = ' ';
        }
      }
    }
    if (end < 0) {
      i = s.indexOf('<', i + 1);
      continue;
    }
    flush(i, space);
    text = end;
    i = s.indexOf('<', end);
  }
  out += decodeEntities(s.slice(text));
  return stripped ? collapseWhitespace(out) : out;
}

export const textStripHtml = defineOp<TextColumnsParams>({
  type: 'text-strip-html',
  label: 'Strip HTML',
  summary: 'Removes HTML tags, scripts and styles and turns codes like &amp; back into characters, keeping only the readable text.',
  rowFilter: false,
  defaultParams: (ctx) => ({ columns: defaultTextColumns(ctx) }),
  describe: (p) => `Strip HTML from ${listNames(p.columns)}`,
  validate: (p, ctx) => checkTextColumns(ctx, p.columns),
  apply: (p, _fitted, ctx) => rewriteTextColumns(ctx, p.columns, stripHtml),
});

import { describe, expect, it } from 'vitest';
import { ctxOf, columnValues, runOp } from './test-utils';
import { stripHtml, textStripHtml } from './text-html';
import { textLowercase } from './text-lowercase';
import { replacePatterns, textReplacePatterns, PATTERN_KINDS } from './text-patterns';
import { removeStopWords, textStopwords } from './text-stopwords';
import { stopWords } from '../words/stopwords';
import { textNormalizeUnicode } from './text-unicode';
import { collapseWhitespace, textCollapseWhitespace } from './text-whitespace';
import { clipExample } from './text-helpers';

const all = [...PATTERN_KINDS];

describe('lower-case, NFKC, whitespace', () => {
  const ctx = ctxOf(['t', 'n'], [['Héllo WORLD', 1], [null, 2], ['NA', 3], ['ΣΊΣΥΦΟΣ İ', 4], ['already lower', 5]]);
  it('lower-cases every letter, Greek final sigma included; missing cells stay missing', () => {
    const r = runOp(textLowercase, { columns: ['t'] }, ctx);
    // "İ" (U+0130) lower-cases to "i" + combining dot above (U+0307) without a Turkish locale.
    expect(columnValues(r.table, 't')).toEqual(['héllo world', null, 'NA', 'σίσυφος i\u0307', 'already lower']);
    expect(r.changed).toEqual({ cells: 2 });
    expect(r.examples).toEqual([
      { before: 'Héllo WORLD', after: 'héllo world' },
      { before: 'ΣΊΣΥΦΟΣ İ', after: 'σίσυφος i\u0307' },
    ]);
  });
  it('NFKC composes combining marks and folds full-width letters, ligatures and circled digits', () => {
    const c = ctxOf(['t'], [['e\u0301te\u0301'], ['ＡＢＣ１２３'], ['ﬁne ① ㎏'], ['a\u00a0b'], ['日本語 ok']]);
    const r = runOp(textNormalizeUnicode, { columns: ['t'] }, c);
    expect(columnValues(r.table, 't')).toEqual(['\u00e9t\u00e9', 'ABC123', 'fine 1 kg', 'a b', '日本語 ok']);
    expect(r.changed.cells).toBe(4);
    expect(r.examples).toHaveLength(3);
  });
  it('collapses tabs, line breaks and Unicode spaces and trims', () => {
    expect(collapseWhitespace('  a\t\tb\r\n c\u3000d\u2003 ')).toBe('a b c d');
    // A blank cell already reads as missing (isMissingToken), so it is left as it is.
    const r = runOp(textCollapseWhitespace, { columns: ['t'] }, ctxOf(['t'], [[' x  y '], ['   \t'], ['z']]));
    expect(columnValues(r.table, 't')).toEqual(['x y', '   \t', 'z']);
    expect(r.examples).toEqual([{ before: ' x  y ', after: 'x y' }]);
  });
  it('refuses a numeric column', () => {
    expect(textLowercase.validate({ columns: ['n'] }, ctx)?.message).toContain('holds numbers');
    expect(textLowercase.validate({ columns: ['gone'] }, ctx)).toMatchObject({ code: 'missing-column' });
  });
});

describe('strip HTML', () => {
  it('decodes entities: &amp; &#39; &#x27; &nbsp; and named accents; unknown names stay', () => {
    expect(stripHtml('Tom &amp; Jerry&#39;s &#x27;show&#x27;&nbsp;caf&eacute; &bogus; &amp x &ampersand')).toBe(
      "Tom & Jerry's 'show' café &bogus; & x &ampersand",
    );
    expect(stripHtml('&#0; &#x110000; &#128512;')).toBe('\ufffd \ufffd 😀');
  });
  it('removes tags, comments, scripts and styles; block tags separate words; inline tags do not', () => {
    const html = '<!DOCTYPE html><p class="a>b">Hello<br/>world</p><!-- hidden --><b>bo</b>ld<script>if (a<b) x()</script><style>p{}</style><li>end</li>';
    expect(stripHtml(html)).toBe('Hello world bold end');
  });
  it('keeps a "<" that starts no tag, and decodes escaped tags into text, not tags', () => {
    expect(stripHtml('a < b and <3 &lt;i&gt;not a tag&lt;/i&gt;')).toBe('a < b and <3 <i>not a tag</i>');
    expect(stripHtml('plain text')).toBe('plain text');
  });
  it('as an op: examples and missing cells', () => {
    const r = runOp(textStripHtml, { columns: ['t'] }, ctxOf(['t'], [['<p>Hi</p>'], [null], ['no html'], ['<br>']]));
    expect(columnValues(r.table, 't')).toEqual(['Hi', null, 'no html', null]);
    expect(r.examples).toEqual([{ before: '<p>Hi</p>', after: 'Hi' }, { before: '<br>', after: '' }]);
  });
});

describe('replace patterns', () => {
  it('URLs keep their query string and a parenthesis they opened, not one closing a sentence', () => {
    const t = 'See https://en.wikipedia.org/wiki/Mercury_(planet) and (www.x.org/a?b=1&c=d%20e#top). HTTP://UP.CASE/x, ftp://f.io.';
    expect(replacePatterns(t, ['urls'], 'tag')).toBe('See <url> and (<url>). <url>, <url>.');
    expect(replacePatterns('(see https://x.org.)', ['urls'], 'tag')).toBe('(see <url>.)');
    expect(replacePatterns('example.com is not a URL', ['urls'], 'tag')).toBe('example.com is not a URL');
  });
  it('e-mails before URLs, whichever starts first wins', () => {
    expect(replacePatterns('Mail john.doe+x@mail.example.co.uk or see https://user@host.io/p', ['emails', 'urls'], 'tag')).toBe(
      'Mail <email> or see <url>',
    );
  });
  it('emoji: ZWJ families, skin tones, flags, keycaps and tag flags are one emoji each', () => {
    const t = 'a👨‍👩‍👧b 👍🏽 🇫🇷 1️⃣ 🏴󠁧󠁢󠁳󠁣󠁴󠁿 ❤️ ok';
    expect(replacePatterns(t, ['emoji'], 'tag')).toBe('a <emoji> b <emoji> <emoji> <emoji> <emoji> <emoji> ok');
    expect(replacePatterns(t, ['emoji'], 'nothing')).toBe('ab ok');
    expect(replacePatterns('12 日本', ['emoji'], 'tag')).toBe('12 日本');
    // Tags never glue to each other or to a word.
    expect(replacePatterns('💰💰cash', ['emoji'], 'tag')).toBe('<emoji> <emoji> cash');
    expect(replacePatterns('call 555-1234 now:www.x.io', ['numbers', 'urls'], 'tag')).toBe('call <number>-<number> now:<url>');
  });
  it('numbers stand alone; thousands and decimals are one number; mp3 and 3rd stay', () => {
    expect(replacePatterns('1,234.5 km, 3rd mp3 -7 ٣٤ 2024', ['numbers'], 'tag')).toBe('<number> km, 3rd mp3 -<number> <number> <number>');
  });
  it('punctuation: inner apostrophes vanish, other marks become spaces (and whitespace is tidied)', () => {
    expect(replacePatterns("Don't stop—«now»! ¿Qué? rock'n'roll 'quoted'", ['punctuation'], 'space')).toBe('Dont stop now Qué rocknroll quoted');
    expect(replacePatterns('well-known, $5 + 3 < 4', ['punctuation'], 'nothing')).toBe('wellknown $5 + 3 < 4');
  });
  it('everything at once; non-Latin text is untouched', () => {
    const t = 'Прочтите https://ru.wikipedia.org/wiki/Кошка (3 мин.) 😺 — пишите a@b.ru!';
    expect(replacePatterns(t, all, 'tag')).toBe('Прочтите <url> <number> мин <emoji> пишите <email>');
    expect(replacePatterns(t, all, 'nothing')).toBe('Прочтите мин пишите');
  });
  it('as an op: needs a ticked kind and a known replacement', () => {
    const ctx = ctxOf(['t'], [['go to www.a.io now'], ['nothing here'], [null]]);
    const p = { columns: ['t'], emails: false, urls: true, emoji: false, numbers: false, punctuation: false, replaceWith: 'tag' as const };
    const r = runOp(textReplacePatterns, p, ctx);
    expect(columnValues(r.table, 't')).toEqual(['go to <url> now', 'nothing here', null]);
    expect(r.examples).toEqual([{ before: 'go to www.a.io now', after: 'go to <url> now' }]);
    expect(textReplacePatterns.validate({ ...p, urls: false }, ctx)?.message).toContain('Tick');
    expect(textReplacePatterns.validate({ ...p, replaceWith: 'x' as never }, ctx)).not.toBeNull();
  });
});

describe('stop words', () => {
  const en = stopWords('en');
  it('removes English stop words case-insensitively, curly apostrophes included, keeping chosen ones', () => {
    // The stopwords-iso English list is long: "not", "good" and "like" are on it.
    expect(removeStopWords('The movie was NOT good, and I didn’t like it', en)).toBe('movie ,');
    expect(removeStopWords('The movie was NOT good, and I didn’t like it', en, new Set(['not', 'good', "didn't"]))).toBe(
      'movie NOT good, didn’t',
    );
    expect(removeStopWords('', en)).toBe('');
  });
  it('other languages by ISO code', () => {
    expect(removeStopWords('Le chat est sur la table', stopWords('fr'))).toBe('chat table');
    expect(removeStopWords('Der Hund und die Katze', stopWords('de'))).toBe('Hund Katze');
    expect(stopWords('xx').size).toBe(0);
  });
  it('as an op: a text of stop words only becomes missing; unknown languages are refused', () => {
    const ctx = ctxOf(['t'], [['it is what it is'], ['horror film'], [null]]);
    const r = runOp(textStopwords, { columns: ['t'], language: 'en', keep: ' ' }, ctx);
    expect(columnValues(r.table, 't')).toEqual([null, 'horror film', null]);
    expect(r.examples).toEqual([{ before: 'it is what it is', after: '' }]);
    expect(textStopwords.validate({ columns: ['t'], language: 'klingon', keep: '' }, ctx)?.message).toContain('klingon');
  });
});

describe('examples', () => {
  it('a long text is cut to show where it changes', () => {
    const long = `${'a'.repeat(300)} <b>x</b> ${'z'.repeat(300)}`;
    const ex = clipExample(long, stripHtml(long));
    expect(ex.before.startsWith(`…${'a'.repeat(39)} <b>`)).toBe(true);
    expect(ex.after.startsWith(`…${'a'.repeat(39)} x`)).toBe(true);
    expect(ex.before.length).toBe(162);
    expect(clipExample('short', '')).toEqual({ before: 'short', after: '' });
  });
});

import { describe, expect, it } from 'vitest';
import { bytesSource } from './byte-source';
import { cellText, stringColumn, type Table } from './table';
import { ingestTexts, isTextFile, labelProblems, labelsFromPaths, textSchema, type TextMode, type TextSource } from './text-ingest';

const enc = new TextEncoder();
const src = (path: string, content: string | Uint8Array): TextSource => ({ path, source: bytesSource(typeof content === 'string' ? enc.encode(content) : content) });
const column = (t: Table, name: string) => {
  const col = t.columns.find((c) => c.name === name)!;
  return Array.from({ length: t.rowCount }, (_, r) => cellText(col, r));
};
async function read(sources: TextSource[], mode: TextMode, options = {}) {
  const res = await ingestTexts(sources, mode, undefined, undefined, options);
  if (!res.ok) throw new Error(`expected ok, got: ${res.error.message}`);
  return res.value;
}
async function fail(sources: TextSource[], mode: TextMode) {
  const res = await ingestTexts(sources, mode);
  if (res.ok) throw new Error('expected a failure');
  return res.error;
}
const codes = (r: { report: { warnings: { code?: string }[] } }) => r.report.warnings.map((w) => w.code);

describe('labelsFromPaths', () => {
  it('class folders below the shared folder', () => {
    expect(labelsFromPaths(['reviews/pos/1.txt', 'reviews/neg/2.txt', 'reviews/pos/deep/3.txt'])).toEqual(['pos', 'neg', 'pos']);
    expect(labelsFromPaths(['pos/1.txt', 'neg/2.txt'])).toEqual(['pos', 'neg']);
  });
  it('files without folders: their names without extension', () => {
    expect(labelsFromPaths(['spam.txt', 'ham.txt', 'notes.v2.txt'])).toEqual(['spam', 'ham', 'notes.v2']);
    expect(labelsFromPaths(['spam.txt', 'ham.txt'], 'line')).toEqual(['spam', 'ham']);
  });
  it('files in one shared folder: the folder per file, the file name per line', () => {
    expect(labelsFromPaths(['pos/1.txt', 'pos/2.txt'], 'file')).toEqual(['pos', 'pos']);
    expect(labelsFromPaths(['mail/spam.txt', 'mail/ham.txt'], 'line')).toEqual(['spam', 'ham']);
    expect(labelsFromPaths(['d/pos/1.txt', 'd/extra.txt'], 'file')).toEqual(['pos', 'd']);
    expect(labelsFromPaths(['d/pos/1.txt', 'd/extra.txt'], 'line')).toEqual(['pos', 'extra']);
  });
});

describe('isTextFile', () => {
  it('accepts .txt and .text, not hidden files or other types', () => {
    expect(['a.txt', 'A.TXT', 'x/b.text'].map(isTextFile)).toEqual([true, true, true]);
    expect(['.DS_Store', 'x/.hidden.txt', '.git/a.txt', 'notes.md', 'data.csv'].map(isTextFile)).toEqual([false, false, false, false, false]);
  });
});

describe('ingestTexts', () => {
  it('one example per file, labelled by folder; text trimmed', async () => {
    const { table, report } = await read([src('r/pos/1.txt', 'Great film!\n'), src('r/pos/2.txt', 'Loved it'), src('r/neg/1.txt', '  Boring.  \r\n'), src('r/neg/2.txt', 'Awful')], 'file');
    expect(column(table, 'text')).toEqual(['Great film!', 'Loved it', 'Boring.', 'Awful']);
    expect(column(table, 'label')).toEqual(['pos', 'pos', 'neg', 'neg']);
    expect(report).toMatchObject({ format: 'text', rowCount: 4, columnCount: 2, encoding: 'utf-8', warnings: [], texts: { mode: 'file', files: 4, skippedFiles: 0, labels: 2 } });
    expect(textSchema(table)).toEqual([{ name: 'text', inferred: 'text' }, { name: 'label', inferred: 'categorical' }]);
  });

  it('one example per line (CRLF, blank lines skipped, numbers stay text); chunk size does not matter', async () => {
    const files = [src('spam.txt', 'Win cash now\r\n\r\n42\r\nFree pills'), src('ham.txt', 'Lunch at noon?\nSee you\n')];
    for (const chunkBytes of [undefined, 1, 3]) {
      const { table } = await read(files, 'line', { chunkBytes });
      expect(column(table, 'text')).toEqual(['Win cash now', '42', 'Free pills', 'Lunch at noon?', 'See you']);
      expect(column(table, 'label')).toEqual(['spam', 'spam', 'spam', 'ham', 'ham']);
      expect(table.columns[0]!.kind).toBe('string');
    }
  });

  it('the label column is the one stringColumn makes, a label coming back after another included (it is kept as runs)', async () => {
    const files = [src('r/pos/1.txt', 'a\nb'), src('r/NA/1.txt', 'c'), src('r/pos/2.txt', 'd\n\ne'), src('r/neg/1.txt', 'f')];
    const { table } = await read(files, 'line');
    expect(table.columns[1]).toEqual(stringColumn('label', ['pos', 'pos', 'NA', 'pos', 'pos', 'neg']));
    expect(table.rowCount).toBe(6);
  });

  it('splits multi-byte characters across chunks correctly', async () => {
    const { table } = await read([src('a.txt', 'héllo wörld 😀\nπ ist 3'), src('b.txt', 'nochmal\nzwei')], 'line', { chunkBytes: 1 });
    expect(column(table, 'text')).toEqual(['héllo wörld 😀', 'π ist 3', 'nochmal', 'zwei']);
  });

  it('pasted lines: label<TAB>text', async () => {
    const { table, report } = await read([src('pasted', 'spam\tWin a prize\nham\tSee you at 5\n\nspam\tCheap meds\nham\tok thanks')], 'pasted');
    expect(column(table, 'label')).toEqual(['spam', 'ham', 'spam', 'ham']);
    expect(column(table, 'text')).toEqual(['Win a prize', 'See you at 5', 'Cheap meds', 'ok thanks']);
    expect(report.texts).toMatchObject({ mode: 'pasted', labels: 2 });
  });

  it('pasted lines without labels give a text column only', async () => {
    const { table } = await read([src('pasted', 'first line\nsecond line')], 'pasted');
    expect(table.columns.map((c) => c.name)).toEqual(['text']);
    expect(column(table, 'text')).toEqual(['first line', 'second line']);
  });

  it('pasted lines mixing labelled and unlabelled lines are refused with the line number', async () => {
    const e = await fail([src('pasted', 'spam\tWin\nno label here\n')], 'pasted');
    expect(e).toMatchObject({ code: 'pasted-labels' });
    expect(e.message).toMatch(/Line 2 of the pasted text has no label/);
    expect((await fail([src('pasted', 'plain\nspam\tWin')], 'pasted')).message).toMatch(/Line 2 .* has a label/);
    expect((await fail([src('pasted', 'spam\tWin\n\tno label')], 'pasted')).message).toMatch(/Line 2 .*empty label/);
  });

  describe('bad input', () => {
    it('an empty file alone is refused; among others it is skipped with a warning', async () => {
      const e = await fail([src('empty.txt', '')], 'file');
      expect(e).toMatchObject({ code: 'empty-file' });
      expect(e.message).toBe('"empty.txt" is empty: there is no text to learn from.');
      expect((await fail([src('a.txt', ''), src('b.txt', '\n  \n')], 'line')).message).toMatch(/All 2 files are empty/);
      const r = await read([src('pos/a.txt', 'good'), src('pos/b.txt', 'fine'), src('neg/c.txt', 'bad'), src('neg/d.txt', 'poor'), src('neg/e.txt', '')], 'file');
      expect(r.table.rowCount).toBe(4);
      expect(r.report.warnings[0]).toMatchObject({ code: 'empty-files', message: 'Skipped 1 empty file: "e.txt".' });
      expect(r.report.texts).toMatchObject({ files: 4, skippedFiles: 1 });
      expect((await fail([src('pasted', '\n\n')], 'pasted')).message).toMatch(/pasted text is empty/);
    });

    it('invalid UTF-8 falls back to Latin-1 with a warning naming the file and line (as CSV does)', async () => {
      const bytes = new Uint8Array([...enc.encode('ok line\nZ'), 0xfc, ...enc.encode('rich\n')]);
      const r = await read([src('cities/a.txt', bytes), src('towns/b.txt', 'Bern')], 'line');
      expect(column(r.table, 'text')).toEqual(['ok line', 'Zürich', 'Bern']);
      expect(r.report.encoding).toBe('latin1');
      const w = r.report.warnings.find((x) => x.code === 'not-utf8')!;
      expect(w.message).toBe('"a.txt" is not UTF-8: line 2 has the first character that is not, so it was read as Latin-1 (Windows-1252).');
      expect(w.where).toBeUndefined(); // the message names the file and line; a table row would mislead
    });

    it('a binary file is refused by name', async () => {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      const e = await fail([src('x/a.txt', 'fine'), src('y/photo.txt', png)], 'file');
      expect(e).toMatchObject({ code: 'binary-file', message: '"photo.txt" is a PNG image, not a text file.' });
    });

    it('one huge line is cut at the limit with a warning, in bounded time and memory', async () => {
      const limit = 1000;
      const big = 'a'.repeat(50_000);
      for (const mode of ['line', 'file'] as const) {
        const r = await read([src('x/big.txt', big), src('y/small.txt', 'short text')], mode, { maxTextChars: limit, chunkBytes: 4096 });
        expect(column(r.table, 'text')[0]).toHaveLength(limit);
        const w = r.report.warnings.find((x) => x.code === 'long-text')!;
        expect(w.message).toBe(`${mode === 'line' ? 'Line 1 of "big.txt"' : '"big.txt"'} is 50,000 characters long; each example keeps its first 1,000 characters and the rest is left out.`);
      }
    });

    it('a 50 MB line loads (cut to 100,000 characters) quickly', async () => {
      const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x61);
      const t0 = Date.now();
      const r = await read([src('x/huge.txt', bytes), src('y/b.txt', 'other')], 'line');
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(column(r.table, 'text')[0]).toHaveLength(100_000);
      expect(r.report.warnings.some((w) => w.code === 'long-text')).toBe(true);
    });

    it('only emoji: a warning that texts have no words', async () => {
      const r = await read([src('happy.txt', '😀😀\n🎉'), src('sad.txt', '😢\n😭😭')], 'line');
      expect(r.table.rowCount).toBe(4);
      const w = r.report.warnings.find((x) => x.code === 'no-words')!;
      expect(w.message).toBe('None of the 4 texts has a word in it (letters or digits): they hold only emoji, symbols or punctuation.');
      const some = await read([src('a.txt', 'hello\n!!!'), src('b.txt', 'world\nagain')], 'line');
      expect(some.report.warnings.find((x) => x.code === 'no-words')!.message).toBe('1 text has no word in it (only emoji, symbols or punctuation); the first is Line 2 of "a.txt".');
    });

    it('a class with one example, and one class only', async () => {
      const r = await read([src('d/pos/1.txt', 'a'), src('d/pos/2.txt', 'b'), src('d/neg/1.txt', 'c')], 'file');
      expect(r.report.warnings).toEqual([
        expect.objectContaining({ code: 'single-example-class', message: 'Class "neg" has only one example; it cannot be in both training and test sets.' }),
      ]);
      const one = await read([src('pos/1.txt', 'a'), src('pos/2.txt', 'b')], 'file');
      expect(codes(one)).toEqual(['one-class']);
      expect(one.report.warnings[0]!.message).toBe('Every example has the label "pos": there is only one class, and a classifier needs at least two.');
    });

    it('skips hidden and non-.txt files with a warning; refuses when nothing is left', async () => {
      const r = await read([src('d/pos/a.txt', 'x'), src('d/pos/b.txt', 'y'), src('d/neg/c.txt', 'z'), src('d/neg/e.txt', 'w'), src('d/.DS_Store', 'junk'), src('d/README.md', '# hi')], 'file');
      expect(r.report.warnings[0]).toMatchObject({ code: 'skipped-files', message: 'Skipped 2 files that are hidden or not .txt: ".DS_Store", "README.md".' });
      expect(codes(r)).toEqual(['skipped-files']);
      expect((await fail([src('a.csv', 'x,y')], 'file')).message).toBe('None of these 1 file is a .txt file ("a.csv").');
      expect((await fail([], 'file')).code).toBe('no-text-files');
    });
  });
});

describe('labelProblems', () => {
  it('lists several single-example classes', () => {
    expect(labelProblems(['a', 'b', 'c', 'd', 'e', 'e'])[0]!.message).toBe(
      '4 classes have only one example each ("a", "b", "c" and 1 more); a class with one example cannot be in both training and test sets.',
    );
    expect(labelProblems(['a', 'a', 'b', 'b'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { binaryProblem, bomEncoding, detectFormat, guessBomlessUtf16 } from './sniff';
import { detectDelimiter, guessNewline } from './delimiter';
import { columnNames, detectHeader } from './csv-header';

describe('binaryProblem', () => {
  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], 'This is a PNG image, not a CSV or JSON file.'],
    [[0xff, 0xd8, 0xff, 0xe0], 'This is a JPEG image, not a CSV or JSON file.'],
    [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'This is a GIF image, not a CSV or JSON file.'],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], 'This is a PDF document, not a CSV or JSON file.'],
    [[0x1f, 0x8b, 0x08], 'This is a GZIP-compressed file, not a CSV or JSON file.'],
  ])('names a known format by its magic number', (bytes, message) => {
    expect(binaryProblem(new Uint8Array(bytes), null)?.message).toBe(message);
  });
  it('recognises a ZIP / XLSX and tells how to export CSV', () => {
    const p = binaryProblem(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]), null);
    expect(p?.message).toMatch(/ZIP archive.*xlsx/);
    expect(p?.hint).toMatch(/CSV UTF-8/);
  });
  it('flags NUL bytes and many control characters, but not UTF-16 text or plain text', () => {
    expect(binaryProblem(new Uint8Array([0x61, 0x00, 0x62]), null)?.code).toBe('binary-file');
    expect(binaryProblem(new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 97))), null)).not.toBeNull();
    expect(binaryProblem(new Uint8Array([0x61, 0x00, 0x62, 0x00]), 'utf-16le')).toBeNull();
    expect(binaryProblem(new TextEncoder().encode('a,b\r\n1,\t2\n'), null)).toBeNull();
  });
});

describe('encodings and formats', () => {
  it('reads byte-order marks and guesses BOM-less UTF-16', () => {
    expect(bomEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
    expect(bomEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toBe('utf-16le');
    expect(bomEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toBe('utf-16be');
    expect(bomEncoding(new Uint8Array([0x61]))).toBeNull();
    expect(guessBomlessUtf16(new Uint8Array(Buffer.from('a,b\n1,2\n', 'utf16le')))).toBe('utf-16le');
    expect(guessBomlessUtf16(new TextEncoder().encode('a,b\n1,2\n'))).toBeNull();
  });
  it('detects the format from the name, then the content', () => {
    expect(detectFormat('data.csv', '[1,2]')).toBe('csv');
    expect(detectFormat('data.jsonl', '{"a":1}')).toBe('jsonl');
    expect(detectFormat('data.json', '[{"a":1}]')).toBe('json');
    expect(detectFormat('data.json', '{"a":1}\n{"a":2}\n')).toBe('jsonl');
    expect(detectFormat('data.json', '{\n  "rows": []\n}')).toBe('json');
    expect(detectFormat('data.txt', '  [{"a":1}]')).toBe('json');
    expect(detectFormat('export', '{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(detectFormat('export', 'a,b\n1,2')).toBe('csv');
  });
});

describe('delimiter and newline detection', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1,5;2,5;3\n4;5;6\n'],
    ['\t', 'a\tb, x\tc\n1\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('picks %j', (d, text) => {
    expect(detectDelimiter(text, '\n', true)).toBe(d);
  });
  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('name;note\n"Smith, J";"a, b, c"\n"Doe, A";"d, e"\n', '\n', true)).toBe(';');
  });
  it('returns null for a single column and honours the extension on ties', () => {
    expect(detectDelimiter('x\n1\n2\n', '\n', true)).toBeNull();
    expect(detectDelimiter('a,b\tc\n', '\n', true, '\t')).toBe('\t');
  });
  it('guesses line endings outside quotes', () => {
    expect(guessNewline('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(guessNewline('a,"x\r\ny"\n1,2\n')).toBe('\n');
    expect(guessNewline('a,b\r1,2\r')).toBe('\r');
    // A stray quote in a header is text: it does not hide the line break after it.
    expect(guessNewline('height (5"),w\r\n1,2\r\n')).toBe('\r\n');
    expect(guessNewline('a"b\r\n"\r"\r\n')).toBe('\r\n');
    // A doubled quote inside quotes keeps the field open.
    expect(guessNewline('"x""\r\ny",b\n1,2\n')).toBe('\n');
  });
});

describe('header detection and naming', () => {
  it('sees a header above numeric columns, and none when the first row has numbers', () => {
    expect(detectHeader([['name', 'age'], ['Ann', '31'], ['Bob', '42']])).toBe(true);
    expect(detectHeader([['Ann', '31'], ['Bob', '42']])).toBe(false);
    expect(detectHeader([['1', '2'], ['3', '4']])).toBe(false);
    expect(detectHeader([['yes', 'no'], ['no', 'yes'], ['yes', 'yes']])).toBe(false);
    expect(detectHeader([['city', 'country'], ['Oslo', 'Norway']])).toBe(true);
  });
  it('makes names unique and fills empty ones', () => {
    const n = columnNames(['price', ' price ', '', 'price (2)', 'x'], 5);
    expect(n.names).toEqual(['price', 'price (3)', 'column 3', 'price (2)', 'x']);
    expect(n.renamed).toEqual([
      { from: ' price ', to: 'price (3)' },
      { from: '', to: 'column 3' },
    ]);
    expect(n.warnings[0]?.code).toBe('renamed-columns');
    expect(columnNames(null, 2).names).toEqual(['column 1', 'column 2']);
  });
});

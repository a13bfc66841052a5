import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { csvCell, defuseFormula } from './csv-cell';

const DANGER = ['=', '+', '-', '@', '\t', '\r'];
// Text made of formula starts, digits, number signs and CSV specials, so every case is near.
const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '1', '5', '.', 'e', 'E', 'a', ' ', ',', '"', "'", '|'), maxLength: 10 });
const field = (cell: string) => Papa.parse<string[]>(`${cell},end\n`, { header: false, newline: '\n', delimiter: ',' }).data[0]![0]!;

describe('CSV cells a spreadsheet will not run', () => {
  it('prefixes formulas with a quote; leaves plain numbers and other text alone', () => {
    expect(defuseFormula('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(defuseFormula('@SUM(1+1)*cmd|" /C calc"!A0')).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
    expect(defuseFormula('+1+2')).toBe("'+1+2");
    expect(defuseFormula('-2+3')).toBe("'-2+3");
    expect(defuseFormula('\t=1')).toBe("'\t=1");
    expect(defuseFormula('\r=1')).toBe("'\r=1");
    for (const n of ['-1.5', '+3', '-2e-7', '-.5', '-0', '+1E+21', '12', '']) expect(defuseFormula(n)).toBe(n);
    expect(defuseFormula('a=1')).toBe('a=1');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('\tpadded')).toBe("'\tpadded"); // after the quote it no longer starts with whitespace
  });

  it('every written cell reads back as the text or the text after a quote, and never as a formula unless it is a number', () => {
    fc.assert(
      fc.property(text, (s) => {
        const back = field(csvCell(s));
        expect(back === s || back === `'${s}`).toBe(true);
        // Unchanged exactly when it cannot be a formula: no formula start, or a number as JavaScript reads one (no spaces).
        const plainNumber = !/\s/.test(s) && Number.isFinite(Number(s));
        expect(back === s).toBe(!DANGER.some((d) => s.startsWith(d)) || plainNumber);
        if (DANGER.some((d) => back.startsWith(d))) expect(Number.isFinite(Number(back))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('any number written with String stays that number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        expect(csvCell(s)).toBe(s);
        expect(Number(field(csvCell(s)))).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 1000 },
    );
  });
});

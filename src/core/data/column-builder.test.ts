import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ColumnBuilder, NOT_A_NUMBER, isMissingRange, isMissingText, parseCell, parseRange } from './column-builder';
import { StringDict } from './string-dict';
import { MISSING_TOKENS, isMissingToken } from './table';

describe('parseCell', () => {
  it('accepts strict numbers, with surrounding spaces', () => {
    expect(parseCell('12')).toBe(12);
    expect(parseCell('-3.5')).toBe(-3.5);
    expect(parseCell('1e3')).toBe(1000);
    expect(parseCell(' 4 ')).toBe(4);
    expect(parseCell('+.5')).toBe(0.5);
    expect(parseCell('007')).toBe(7);
    expect(parseCell('0')).toBe(0);
  });
  it('reads text as NOT_A_NUMBER: trailing letters, hex/binary/octal, infinities', () => {
    for (const t of ['12abc', '0x10', '0X1f', '0b1', '0o7', ' 0x10', 'Infinity', '-Infinity', '1e999', 'abc', '1,5', '1 2']) {
      expect(parseCell(t), t).toBe(NOT_A_NUMBER);
    }
  });
  it('reads missing tokens and blanks as NaN', () => {
    for (const t of ['', '   ', 'NA', 'n/a', 'null', 'NaN', '?', '-', ' na ']) expect(parseCell(t), t).toBeNaN();
  });
});

describe('isMissingText', () => {
  it('agrees with isMissingToken on every short string over a tricky alphabet', () => {
    const alphabet = ['n', 'N', 'a', 'A', '/', 'u', 'U', 'l', 'L', '?', '-', ' ', 'x', '0', '\t'];
    const mismatches: string[] = [];
    const check = (s: string): void => {
      if (isMissingText(s) !== isMissingToken(s)) mismatches.push(s);
      if (s.length < 5) for (const c of alphabet) check(s + c);
    };
    check('');
    expect(mismatches).toEqual([]);
  });
  it('relies on every missing token starting with n, ? or - (update isMissingText if this changes)', () => {
    for (const t of MISSING_TOKENS) if (t !== '') expect('n?-').toContain(t[0]!.toLowerCase());
  });
});

describe('ColumnBuilder', () => {
  it('stays numeric while every cell is a number or missing', () => {
    const b = new ColumnBuilder(2);
    for (const s of ['1', '', 'NA', '2.5', ' 3 ']) b.push(s);
    const col = b.finish('x');
    expect(col.kind).toBe('number');
    if (col.kind !== 'number') return;
    expect(Array.from(col.values)).toEqual([1, NaN, NaN, 2.5, 3]);
    expect(col.values.length).toBe(5);
  });
  it('switches to strings on the first non-number, converting earlier numbers with String(n)', () => {
    const b = new ColumnBuilder();
    for (const s of ['007', '1.50', '', 'abc', '7', 'NA', 'abc']) b.push(s);
    const col = b.finish('x');
    expect(col.kind).toBe('string');
    if (col.kind !== 'string') return;
    // Lossy by design (as pandas): "007" → "7", "1.50" → "1.5".
    expect(col.dict).toEqual(['7', '1.5', 'abc']);
    expect(Array.from(col.codes)).toEqual([0, 1, -1, 2, 0, -1, 2]);
  });
  it('grows past its capacity and trims to the row count', () => {
    const b = new ColumnBuilder(1);
    for (let i = 0; i < 1000; i++) b.push(String(i));
    b.reserve(5000);
    const col = b.finish('n');
    expect(col.kind === 'number' && col.values.length).toBe(1000);
    expect(col.kind === 'number' && col.values[999]).toBe(999);
  });
  it('takes JSON values: numbers, text that stays text, missing', () => {
    const b = new ColumnBuilder();
    b.pushNumber(1);
    b.pushNumber(NaN);
    b.pushMissing();
    b.pushText('12');
    const col = b.finish('j');
    expect(col.kind === 'string' && col.dict).toEqual(['1', '12']);
    expect(col.kind === 'string' && Array.from(col.codes)).toEqual([0, -1, -1, 1]);
  });
});

describe('StringDict', () => {
  it('gives codes in order of first appearance, across rehashes and long values', () => {
    const d = new StringDict();
    const long = (i: number) => `${'p'.repeat(40)}${i}${'s'.repeat(40)}`;
    for (let i = 0; i < 5000; i++) expect(d.code(long(i))).toBe(i);
    for (let i = 0; i < 5000; i++) expect(d.code(long(i))).toBe(i);
    expect(d.code('')).toBe(5000);
    expect(d.size).toBe(5001);
  });
});

describe('parseRange and isMissingRange', () => {
  const numberText = fc
    .record({
      sign: fc.constantFrom('', '-', '+'),
      int: fc.stringMatching(/^[0-9]{0,18}$/),
      frac: fc.option(fc.stringMatching(/^[0-9]{0,18}$/)),
      exp: fc.option(fc.record({ e: fc.constantFrom('e', 'E'), sign: fc.constantFrom('', '-', '+'), digits: fc.integer({ min: 0, max: 330 }).map(String) })),
    })
    .map(({ sign, int, frac, exp }) => sign + int + (frac === null ? '' : `.${frac}`) + (exp === null ? '' : exp.e + exp.sign + exp.digits));
  const anyCell = fc.oneof(numberText, fc.stringMatching(/^[0-9eE.+\- naNAulx/?]{0,8}$/), fc.double().map(String), fc.integer().map(String));

  it('reads a cell inside a longer text exactly as parseCell reads it alone (property)', () => {
    fc.assert(
      fc.property(anyCell, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (cell, before, after) => {
        const text = before + cell + after;
        expect(Object.is(parseRange(text, before.length, before.length + cell.length), parseCell(cell))).toBe(true);
        expect(isMissingRange(text, before.length, before.length + cell.length)).toBe(isMissingText(cell));
      }),
      { numRuns: 20000 },
    );
  });
  it('computes plain decimals itself, correctly rounded', () => {
    for (const s of ['0.1', '123.456', '-0', '3e22', '9.99999999999999e-7', '5.', '.5', '-.25e2', '123456789012345']) {
      expect(Object.is(parseRange(s, 0, s.length), +s), s).toBe(true);
    }
  });
});

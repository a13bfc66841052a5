import { describe, expect, it } from 'vitest';
import { profileText } from './text-profile';
import { numberColumn, stringColumn, type Table } from './table';

const table = (text: (string | null)[], label?: (string | null)[]): Table => ({
  rowCount: text.length,
  columns: [stringColumn('text', text), ...(label ? [stringColumn('label', label)] : [])],
});

describe('profileText', () => {
  // Hand-computed: chars 12, 17, 12, 2 (two emoji = two code points), 10; words 3, 3, 3, 0, 2.
  const t = table(['The cat sat.', 'Dogs bark loudly!', 'The cat sat.', '😀😀', null, 'Привет мир'], ['a', 'b', 'a', 'b', 'a', 'c']);
  const p = profileText(t, 'text', { labelColumn: 'label' })!;

  it('counts texts, missing cells, duplicates and texts without words', () => {
    expect(p).toMatchObject({ column: 'text', labelColumn: 'label', rows: 6, analysed: 6, texts: 5, missing: 1, duplicates: 1, noWords: 1 });
  });

  it('length distributions in characters and words: quartiles (numpy linear) and a histogram', () => {
    // chars sorted [2, 10, 12, 12, 17]; words sorted [0, 2, 3, 3, 3]
    expect(p.chars).toMatchObject({ min: 2, q1: 10, median: 12, q3: 12, max: 17, mean: 10.6 });
    expect(p.words).toMatchObject({ min: 0, q1: 2, median: 3, q3: 3, max: 3, mean: 2.2 });
    expect(p.chars!.histogram.reduce((s, b) => s + b.count, 0)).toBe(5);
    expect(p.words!.histogram.reduce((s, b) => s + b.count, 0)).toBe(5);
    expect(p.totalWords).toBe(11);
    // Words 0..3: one bin per length.
    expect(p.words!.histogram).toEqual([
      { x0: 0, x1: 1, count: 1 },
      { x0: 1, x1: 2, count: 0 },
      { x0: 2, x1: 3, count: 1 },
      { x0: 3, x1: 4, count: 3 },
    ]);
  });

  it('vocabulary counts distinct lower-cased words, stop words included', () => {
    // the, cat, sat, dogs, bark, loudly, привет, мир
    expect(p.vocabulary).toBe(8);
  });

  it('top words leave out stop words ("the"); ties are alphabetical', () => {
    expect(p.topWords).toEqual([
      { word: 'cat', count: 2 },
      { word: 'sat', count: 2 },
      { word: 'bark', count: 1 },
      { word: 'dogs', count: 1 },
      { word: 'loudly', count: 1 },
      { word: 'мир', count: 1 },
      { word: 'привет', count: 1 },
    ]);
  });

  it('top words per class, largest classes first (a missing text counts in no class)', () => {
    expect(p.classes).toEqual([
      { label: 'a', texts: 2, words: [{ word: 'cat', count: 2 }, { word: 'sat', count: 2 }] },
      { label: 'b', texts: 2, words: [{ word: 'bark', count: 1 }, { word: 'dogs', count: 1 }, { word: 'loudly', count: 1 }] },
      { label: 'c', texts: 1, words: [{ word: 'мир', count: 1 }, { word: 'привет', count: 1 }] },
    ]);
    expect(p.otherClasses).toBe(0);
  });

  it('scripts with character and text counts (letters only for scripts, emoji apart)', () => {
    // Latin: "The cat sat." has 9 letters, twice; "Dogs bark loudly!" has 14. Cyrillic: 6 + 3.
    expect(p.scripts).toEqual([
      { script: 'Latin', chars: 32, texts: 3 },
      { script: 'Cyrillic', chars: 9, texts: 1 },
      { script: 'Emoji', chars: 2, texts: 1 },
    ]);
  });

  it('tells Greek, Arabic, Han and other letters apart', () => {
    const q = profileText(table(['αβγ', 'سلام', '中文字', 'ᚠᚢ abc']), 'text')!;
    expect(Object.fromEntries(q.scripts.map((s) => [s.script, [s.chars, s.texts]]))).toEqual({
      Greek: [3, 1],
      Arabic: [4, 1],
      Han: [3, 1],
      'Other letters': [2, 1],
      Latin: [3, 1],
    });
    // Chinese has no spaces: one word per run of characters.
    expect(q.words!.max).toBe(2);
    expect(q.classes).toBeUndefined();
  });

  it('words keep inner apostrophes and read ’ as \'', () => {
    const q = profileText(table(["Don't stop", 'don’t STOP']), 'text')!;
    expect(q.vocabulary).toBe(2);
    expect(q.totalWords).toBe(4);
    expect(q.duplicates).toBe(0);
  });

  it('samples evenly spaced rows of a long column', () => {
    const q = profileText(table(['a b', 'c', 'd e f', 'g', 'h i', 'j']), 'text', { maxRows: 3 })!;
    // rows 0, 2, 4
    expect(q).toMatchObject({ rows: 6, analysed: 3, texts: 3, totalWords: 7 });
  });

  it('numeric label columns and a missing column', () => {
    const t2: Table = { rowCount: 3, columns: [stringColumn('text', ['x y', 'y', 'z']), numberColumn('label', [1, 2, 1])] };
    const q = profileText(t2, 'text', { labelColumn: 'label' })!;
    expect(q.classes!.map((c) => [c.label, c.texts])).toEqual([['1', 2], ['2', 1]]);
    expect(profileText(t2, 'nope')).toBeUndefined();
  });

  it('an all-missing column has no length summary', () => {
    const q = profileText(table([null, null]), 'text')!;
    expect(q).toMatchObject({ texts: 0, missing: 2, chars: null, words: null, vocabulary: 0, scripts: [] });
  });
});

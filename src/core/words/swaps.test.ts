import { describe, expect, it } from 'vitest';
import { DEFAULT_SWAPS, matchCase, swapMap, swapTerms } from './swaps';

describe('swapTerms', () => {
  const map = swapMap(DEFAULT_SWAPS);

  it('swaps whole words both ways in one pass, keeping case', () => {
    expect(swapTerms('He told her that she was right.', map)).toEqual({ text: 'She told him that he was right.', swapped: 3 });
    expect(swapTerms('HE SAID. Mr. John Smith', map).text).toBe('SHE SAID. Mrs. Mary Smith');
  });

  it('leaves terms inside other words alone, and swaps the word before an apostrophe', () => {
    expect(swapTerms('the hello theme shell', map)).toEqual({ text: 'the hello theme shell', swapped: 0 });
    expect(swapTerms("he's here; the man's hat", map).text).toBe("she's here; the woman's hat");
  });

  it('builds the map from the user’s pairs: trimmed, lower-cased, first pair wins, blanks skipped', () => {
    const m = swapMap([[' Alice ', 'Bob'], ['bob', 'carol'], ['', 'x'], ['same', 'SAME']]);
    expect([...m]).toEqual([['alice', 'bob'], ['bob', 'alice'], ['carol', 'bob']]);
  });

  it('matches the case pattern of the replaced word', () => {
    expect([matchCase('HIS', 'hers'), matchCase('His', 'hers'), matchCase('his', 'hers'), matchCase('I', 'x')]).toEqual(['HERS', 'Hers', 'hers', 'X']);
  });
});

import { describe, expect, it } from 'vitest';
import { FALLBACK_BUDGET_BYTES, estimateBytes, loadFit, memoryBudget, sizeText, tableKind } from './memory-fit';

const MB = 2 ** 20;
const GB = 2 ** 30;

describe('memory budget', () => {
  it('takes the test hook first, then the heap limit lowered to half a small device, then half the device, then the fallback', () => {
    expect(memoryBudget({ hook: 20 * MB, heapLimit: 4 * GB })).toEqual({ bytes: 20 * MB, source: 'test' });
    expect(memoryBudget({ heapLimit: 4 * GB, deviceGb: 8 })).toEqual({ bytes: 4 * GB, source: 'heap-limit' }); // 8 = Chromium's cap: "8 or more"
    expect(memoryBudget({ heapLimit: 4 * GB, deviceGb: 2 })).toEqual({ bytes: 1 * GB, source: 'device-memory' });
    expect(memoryBudget({ deviceGb: 4 })).toEqual({ bytes: 2 * GB, source: 'device-memory' });
    expect(memoryBudget({})).toEqual({ bytes: FALLBACK_BUDGET_BYTES, source: 'fallback' });
  });

});

describe('memory estimate', () => {
  it('scales the file size by the measured factor of its kind', () => {
    expect(estimateBytes(100 * MB, 'csv')).toBe(550 * MB);
    expect(estimateBytes(100 * MB, 'json')).toBe(800 * MB);
    expect(estimateBytes(1 * GB, 'corpus')).toBe(5.5 * GB);
    expect(estimateBytes(1 * GB, 'texts')).toBe(2.5 * GB + 96 * MB); // a fixed 96 MB for text files' buffers and garbage
    expect(tableKind('a.CSV')).toBe('csv');
    expect(tableKind('data.json')).toBe('json');
    expect(tableKind('log.ndjson')).toBe('jsonl');
    expect(tableKind('noext')).toBe('csv');
  });

  it('writes sizes as a student reads them', () => {
    expect(sizeText(740 * 1024)).toBe('740 KB');
    expect(sizeText(300 * MB)).toBe('300 MB');
    expect(sizeText(1.25 * GB)).toBe('1.3 GB');
  });
});

describe('loadFit', () => {
  const budget = { bytes: 512 * MB, source: 'heap-limit' as const };

  it('refuses a file whose estimate is over the budget, saying what, how big and what to do', () => {
    const fit = loadFit('sales.csv', 100 * MB, 'csv', budget);
    expect(fit.verdict).toBe('refuse');
    expect(fit.message).toBe('“sales.csv” is 100 MB: reading it needs about 550 MB of memory, and this browser can give the page about 512 MB. It was not read, so the page would not run out of memory part-way.');
    expect(fit.hint).toMatch(/sample of its rows/);
    expect(fit.hint).toMatch(/split it into smaller files/);
    expect(fit.hint).toMatch(/fewer columns/);
  });

  it('warns past half the budget and says nothing below it', () => {
    expect(loadFit('a.csv', 60 * MB, 'csv', budget).verdict).toBe('warn'); // 330 MB of 512
    expect(loadFit('a.csv', 60 * MB, 'csv', budget).message).toMatch(/more than half/);
    const small = loadFit('a.csv', 40 * MB, 'csv', budget); // 220 MB of 512
    expect(small.verdict).toBe('fits');
    expect(small.message).toBeUndefined();
  });

  it('names the kind of advice by what is read, and says when the budget is a guess', () => {
    const corpus = loadFit('book.txt', 1 * GB, 'corpus', { bytes: FALLBACK_BUDGET_BYTES, source: 'fallback' });
    expect(corpus.message).toBe('“book.txt” is 1.0 GB: reading it needs about 5.5 GB of memory, and this browser does not say how much memory it has, and 2.0 GB is a safe guess. It was not read, so the page would not run out of memory part-way.');
    expect(corpus.hint).toMatch(/part of the text/);
    const texts = loadFit('reviews', 200 * MB, 'texts', budget);
    expect(texts.message).toMatch(/^The texts \(reviews\) are 200 MB: reading them needs about 596 MB of memory, .* They were not read/);
    expect(texts.hint).toMatch(/fewer files/);
    expect(loadFit('a.json', 100 * MB, 'json', budget).hint).toMatch(/JSON Lines/);
  });
});

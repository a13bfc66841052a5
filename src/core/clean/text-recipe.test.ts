import { describe, expect, it } from 'vitest';
import { emptyRecipe, runRecipe, type Recipe, type RecipeStep } from './recipe';
import { listOps } from './registry';
import { ctxOf, columnValues } from './test-utils';

const step = (id: string, op: string, params: unknown): RecipeStep => ({ id, op, params, enabled: true });

// A text column and a label; rows 1 and 3 are the same message once cleaned.
const train = ctxOf(
  ['msg', 'label'],
  [
    ['<p>WIN a FREE prize!!! Visit https://spam.example/win?id=1&ref=(a)</p>', 'spam'],
    ['Are we still on for lunch&nbsp;tomorrow?', 'ham'],
    ['<b>Win</b> a free prize!!! visit http://spam.example/other', 'spam'],
    [null, 'ham'],
    ['ok', 'ham'],
  ],
);

const recipe: Recipe = {
  ...emptyRecipe(),
  steps: [
    step('html', 'text-strip-html', { columns: ['msg'] }),
    step('nfkc', 'text-normalize-unicode', { columns: ['msg'] }),
    step('lower', 'text-lowercase', { columns: ['msg'] }),
    step('pat', 'text-replace-patterns', { columns: ['msg'], emails: true, urls: true, emoji: true, numbers: true, punctuation: true, replaceWith: 'tag' }),
    step('ws', 'text-collapse-whitespace', { columns: ['msg'] }),
    step('len', 'text-length-filter', { column: 'msg', unit: 'words', min: 2, max: null }),
    step('dup', 'text-remove-duplicates', { column: 'msg', mode: 'exact', threshold: 0.8 }),
  ],
};

describe('text steps in a recipe', () => {
  it('are registered with JSON defaults', () => {
    const types = listOps().map((o) => o.type);
    expect(types).toEqual(expect.arrayContaining([
      'text-strip-html', 'text-normalize-unicode', 'text-lowercase', 'text-replace-patterns', 'text-stopwords',
      'text-collapse-whitespace', 'text-length-filter', 'text-remove-duplicates',
    ]));
  });
  it('fit: clean, filter and dedupe in order, with examples in the step reports', () => {
    const r = runRecipe(train.table, train.schema, recipe);
    expect(columnValues(r.table, 'msg')).toEqual(['win a free prize visit <url>', 'are we still on for lunch tomorrow', null]);
    expect(columnValues(r.table, 'label')).toEqual(['spam', 'ham', 'ham']);
    const byId = Object.fromEntries(r.reports.map((x) => [x.id, x]));
    expect(byId.html!.examples).toEqual([
      { before: '<p>WIN a FREE prize!!! Visit https://spam.example/win?id=1&ref=(a)</p>', after: 'WIN a FREE prize!!! Visit https://spam.example/win?id=1&ref=(a)' },
      { before: 'Are we still on for lunch&nbsp;tomorrow?', after: 'Are we still on for lunch tomorrow?' },
      { before: '<b>Win</b> a free prize!!! visit http://spam.example/other', after: 'Win a free prize!!! visit http://spam.example/other' },
    ]);
    expect(byId.nfkc!.examples).toBeUndefined(); // nothing to normalise: no examples, as other ops
    expect(byId.len).toMatchObject({ changed: { rows: 1 }, examples: [{ before: 'ok', after: '' }] });
    expect(byId.dup).toMatchObject({ changed: { rows: 1 }, examples: [{ before: 'win a free prize visit <url>', after: '' }], rowsAfter: 3 });
    expect(JSON.parse(JSON.stringify(r.reports))).toEqual(r.reports);
  });
  it('predict: one new raw row is cleaned the same way; row filters are skipped', () => {
    const fitted = runRecipe(train.table, train.schema, recipe).recipe;
    const row = ctxOf(['msg', 'label'], [['Hi', null]]);
    const p = runRecipe(row.table, row.schema, fitted, { mode: 'predict' });
    expect(columnValues(p.table, 'msg')).toEqual(['hi']); // one word: the length filter would drop it
    expect(p.reports.filter((x) => x.skipped).map((x) => x.id)).toEqual(['len', 'dup']);
    const spam = ctxOf(['msg'], [['FREE &amp; ＦＡＳＴ cash 💰💰 at www.x.io (today)']]);
    const q = runRecipe(spam.table, spam.schema, fitted, { mode: 'predict' });
    expect(columnValues(q.table, 'msg')).toEqual(['free fast cash <emoji> <emoji> at <url> today']);
    const missing = ctxOf(['msg', 'n'], [[null, 1]]);
    expect(columnValues(runRecipe(missing.table, missing.schema, fitted, { mode: 'predict' }).table, 'msg')).toEqual([null]);
  });
});

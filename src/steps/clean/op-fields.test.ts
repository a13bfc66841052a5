import { describe, expect, it } from 'vitest';
import { listOps } from '../../core/clean/registry';
import { ctxOf } from '../../core/clean/test-utils';
import { initialParams, OP_FIELDS } from './op-fields';

describe('op forms', () => {
  it('every registered op has a form', () => {
    for (const op of listOps()) expect(OP_FIELDS[op.type], op.type).toBeDefined();
  });
  it('a new text step is valid once its column is chosen', () => {
    const ctx = ctxOf(['t', 'y'], [['Some text here', 'a'], ['More text', 'b']]);
    for (const op of listOps().filter((o) => o.type.startsWith('text-'))) {
      const p = initialParams(op.type);
      if ('columns' in p) p.columns = ['t'];
      if ('column' in p) p.column = 't';
      expect(op.validate(p, ctx), op.type).toBeNull();
    }
    expect(initialParams('text-replace-patterns')).toMatchObject({ urls: true, emails: true, numbers: false, replaceWith: 'tag' });
    expect(initialParams('text-stopwords')).toMatchObject({ language: 'en', keep: '' });
  });
});

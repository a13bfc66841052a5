import { describe, expect, it } from 'vitest';
import { englishThesaurus, thesaurusFrom } from './thesaurus';

describe('thesaurus', () => {
  it('merges parts of speech, drops the word itself and phrases', () => {
    const t = thesaurusFrom({ quick: { adj: ['quick', 'fast', 'speedy'], adv: ['fast', 'in a hurry'] } });
    expect(t('Quick')).toEqual(['fast', 'speedy']);
    expect(t('unknown')).toEqual([]);
    expect(t('__proto__')).toEqual([]);
  });

  it('loads the English dictionary of the synonyms package', async () => {
    const t = await englishThesaurus();
    expect(t('happy').length).toBeGreaterThan(0);
    expect(t('happy')).not.toContain('happy');
  });
});

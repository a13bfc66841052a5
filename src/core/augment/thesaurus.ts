/**
 * An English thesaurus for EDA synonym replacement, from the `synonyms` package (FinNLP, MIT:
 * ~28,000 words with synonyms grouped by part of speech). Loaded on demand — it is ~0.7 MB and
 * only augmentation needs it. Parts of speech are merged (EDA does not tag words), the word itself
 * and multi-word phrases are dropped.
 */
import type { Thesaurus } from './eda';

type Dictionary = Record<string, Record<string, string[]>>;

export function thesaurusFrom(dictionary: Dictionary): Thesaurus {
  const cache = new Map<string, readonly string[]>();
  return (word) => {
    const w = word.toLowerCase();
    const hit = cache.get(w);
    if (hit) return hit;
    const entry = Object.hasOwn(dictionary, w) ? dictionary[w]! : {};
    const out = [...new Set(Object.values(entry).flat())].filter((s) => s !== w && !/\s/.test(s));
    cache.set(w, out);
    return out;
  };
}

export async function englishThesaurus(): Promise<Thesaurus> {
  const mod = (await import('synonyms/dictionary.js')) as { default: Dictionary };
  return thesaurusFrom(mod.default);
}

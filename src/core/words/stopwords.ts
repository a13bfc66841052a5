/**
 * The stopwords-iso lists (one per language, ISO 639-1 codes), lower-cased with ’ read as ', as
 * words are matched everywhere: the stop-word cleaning step, the text profile and augmentation.
 */
import stopwordLists from 'stopwords-iso';

export const STOPWORD_LANGUAGES: readonly string[] = Object.keys(stopwordLists).sort();

const cache = new Map<string, ReadonlySet<string>>();

/** The stop words of a language, lower-cased; an empty set for an unknown code. */
export function stopWords(language: string): ReadonlySet<string> {
  let set = cache.get(language);
  if (!set) {
    const list = Object.hasOwn(stopwordLists, language) ? stopwordLists[language]! : [];
    set = new Set(list.map((w) => w.toLowerCase().replace(/’/g, "'")));
    cache.set(language, set);
  }
  return set;
}

export const isStopWord = (word: string, set: ReadonlySet<string>): boolean => set.has(word.toLowerCase().replace(/’/g, "'"));

declare module 'synonyms/dictionary.js' {
  const dictionary: Record<string, Record<string, string[]>>;
  export default dictionary;
}

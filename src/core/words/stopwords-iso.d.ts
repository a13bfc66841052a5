/** stopwords-iso ships JSON without types: { [iso639-1 code]: string[] }. */
declare module 'stopwords-iso' {
  const lists: Readonly<Record<string, readonly string[]>>;
  export default lists;
}

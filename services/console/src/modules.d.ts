// Type declarations for the two untyped JavaScript modules the console loads.
declare module 'natural/lib/natural/stemmers/porter_stemmer_ru' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
declare module 'nspell' {
  interface NSpell {
    correct(word: string): boolean;
    suggest(word: string): string[];
  }
  function nspell(dictionary: { aff: Uint8Array; dic?: Uint8Array }): NSpell;
  export default nspell;
}

// Types for the few natural modules imported by path (its main entry prints to stdout, so it is never imported).
declare module 'natural/lib/natural/stemmers/porter_stemmer_ru' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_ru' {
  export default class AggressiveTokenizerRu {
    tokenize(text: string): string[];
  }
}

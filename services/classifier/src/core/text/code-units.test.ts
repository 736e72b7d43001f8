import { describe, expect, it } from 'vitest';
import AggressiveTokenizerRu from 'natural/lib/natural/tokenizers/aggressive_tokenizer_ru';
import { codeUnitSet, countRuns, inSet, runsOf } from './code-units';
import { matchView, tokenize } from './normalize';

// Strings that probe the edges: mixed scripts, ё, digits, old Cyrillic letters that /i folds onto а-я (U+1C80),
// Latin letters that fold onto ASCII only in Unicode mode (ſ, K), emoji (surrogate pairs), lone surrogates, NBSP.
const TRICKY = [
  '', ' ', 'нет воды', '  ям  на  дороге  ', 'ЁЛКА ёлка', 'ул.Мира,д.5', 'дом№5', 'x*уй б л я', 'ᲀᲁᲂ вᲀт',
  'ſtraße Kelvin K', 'дом 🏠 горит😡', 'a\ud800b\udc00c', 'нет\u00a0света\u2009уже', 'пи3дец бл@ть 6лядь', '300го 47ые',
  '«кавычки» „тоже“ (скобки) [и] {это} a+b=c ~^/\\|', 'word-word_word.word', 'İstanbul ΣΟΦΟΣ.Α',
];

describe('code-unit sets', () => {
  it('answer exactly what the regex answers, for every code unit', () => {
    const set = codeUnitSet(/[a-zа-яё0-9]/i);
    for (let c = 0; c < 0x10000; c++) expect(inSet(set, c)).toBe(/[a-zа-яё0-9]/i.test(String.fromCharCode(c)));
  });

  it('refuse a regex with state', () => {
    expect(() => codeUnitSet(/a/g)).toThrow();
  });

  it('find the runs and count them', () => {
    const letters = codeUnitSet(/[а-я]/);
    expect(runsOf('.ab,вв  г!', letters)).toEqual(['вв', 'г']);
    expect(countRuns('.ab,вв  г!', letters)).toBe(2);
    expect(countRuns('', letters)).toBe(0);
  });
});

describe('tokenize', () => {
  it('gives the tokens of natural\'s AggressiveTokenizerRu', () => {
    const natural = new AggressiveTokenizerRu();
    for (const s of TRICKY) expect(tokenize(s)).toEqual(natural.tokenize(s));
  });
});

describe('runsOf', () => {
  it('gives what splitting at runs of the other code units gives, without empty parts', () => {
    const SEP = /[\s,;:!?()«»"“”„<>\[\]{}+=~^/\\|]+/;
    const notSep = codeUnitSet(/[^\s,;:!?()«»"“”„<>\[\]{}+=~^/\\|]/);
    for (const s of TRICKY) expect(runsOf(s, notSep)).toEqual(s.split(SEP).filter(Boolean));
    expect(matchView('б л я').matchTokens).toContain('бля');
  });
});

// locate() and route() lower-case a text once and slice it into words; that gives the words' own lower case
// only because lower-casing is per character, except "İ" (one character becomes two) and "Σ" (final sigma).
describe('lower-casing a whole text', () => {
  it('is per character except for İ and Σ, which the tokenizers check for', () => {
    const exceptions: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const lower = ch.toLowerCase();
      if (lower.length !== ch.length || `Ab${ch}`.toLowerCase() !== `ab${lower}` || `A${ch}'A`.toLowerCase() !== `a${lower}'a`) {
        exceptions.push(ch);
      }
    }
    expect(exceptions).toEqual(['İ', 'Σ']);
  });
});

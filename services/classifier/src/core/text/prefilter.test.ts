import { describe, expect, it } from 'vitest';
import { INSULT_CONTEXT_EXCEPTIONS, INSULT_TOKENS, MASKED_OBSCENE, OBSCENE_TOKENS, REPORTED_SPEECH, THREAT_PHRASES, TRANSLIT_OBSCENE } from '../../../data/abuse-lexicon';
import * as cues from '../../../data/importance-cues';
import { trainingPairs } from '../../../data/topic-training';
import { compilePhrase } from '../steps/detect-abuse';
import { execScreened, mayMatch, regexScreen, requiredLiterals, screened, screenText, testScreened } from './prefilter';
import { lowerRu } from './normalize';
import { seededRandom as rng } from '@cur/shared/seeded-random';


describe('requiredLiterals', () => {
  it('reads literals, small classes, optional parts and alternatives', () => {
    expect(requiredLiterals(/пахнет газом|утечк[аи] газа/u)?.sort()).toEqual(['пахнет газом', 'утечка газа', 'утечки газа']);
    expect(requiredLiterals(/пропал[аио]?\s+газ/u)?.sort()).toEqual(['пропал', 'пропала', 'пропали', 'пропало']);
    expect(requiredLiterals(/(?:^|x)yz/u)?.sort()).toEqual(['xyz', 'yz']);
    expect(requiredLiterals(/ab{2}c/u)).toEqual(['abbc']);
    expect(requiredLiterals(/\d+ лет/u)).toEqual([' лет']);
    expect(requiredLiterals(/(?<![а-я])дом(?![а-я])/u)).toEqual(['дом']);
    expect(requiredLiterals(/x(?<name>y)\k<name>/u)).toEqual(['xy']);
  });

  it('gives nothing when a match may contain no literal, or the regex is not read', () => {
    expect(requiredLiterals(/[а-я]+/u)).toBeNull();
    expect(requiredLiterals(/a|\d/u)).toBeNull();
    expect(requiredLiterals(/(?:abc)?/u)).toBeNull();
    expect(requiredLiterals(/abc/i)).toBeNull(); // case-insensitive
    expect(requiredLiterals(/abc/)).toBeNull(); // legacy syntax
    expect(requiredLiterals(/(a)\1/u)).toEqual(['a']);
    expect(requiredLiterals(/[\ud83d\ude00]x/u)).toEqual(['x']);
  });
});

describe('screens', () => {
  it('skip a regex only when it cannot match, and run it otherwise', () => {
    const screen = regexScreen();
    const gas = screened(screen, /газ(?:ом|а)/u);
    const any = screened(screen, /\d+/u);
    expect(mayMatch(gas, 'пахнет газом')).toBe(true);
    expect(mayMatch(gas, 'нет воды')).toBe(false);
    expect(mayMatch(any, 'нет воды')).toBe(true); // no literal: always run
    expect(execScreened(gas, 'пахнет газом')?.[0]).toBe('газом');
    expect(testScreened(gas, 'газон')).toBe(false); // a literal is present, the regex itself says no
    expect(screenText(screen, 'газ')).toBe(screenText(screen, 'газ')); // remembered for the last text
  });

  // Soundness on the real lexicons: whenever a regex matches, the screen said it may.
  it('never skips a matching lexicon regex', () => {
    const sources: Array<[string, string]> = [
      ...cues.CRITICAL_CUES.map((c) => [c.pattern, 'u'] as [string, string]),
      ...[cues.OUTAGE_RE_SOURCE, cues.FROST_RE_SOURCE, cues.SCALE_RE_SOURCE, cues.DURATION_RE_SOURCE, cues.HIGH_COLLECTIVE,
        cues.HIGH_PREVIOUS, cues.LOW_THANKS, cues.SARCASM, cues.LOW_NEWS, cues.LOW_CHAT, cues.OTHER_REGION, cues.LOCAL_MARKER,
        cues.REQUEST, cues.COMPLAINT, REPORTED_SPEECH].map((p) => [p, 'u'] as [string, string]),
      ...THREAT_PHRASES.map((p) => [p.pattern, 'u'] as [string, string]),
      ...Object.values(INSULT_CONTEXT_EXCEPTIONS).map((p) => [p, 'u'] as [string, string]),
    ];
    const regexes = [
      ...sources.map(([p, f]) => compilePhrase(p, f)),
      ...[...OBSCENE_TOKENS, ...INSULT_TOKENS].map((r) => new RegExp(r.pattern, 'u')),
      new RegExp(TRANSLIT_OBSCENE, 'u'), new RegExp(MASKED_OBSCENE, 'u'),
    ];
    const screen = regexScreen();
    for (const re of regexes) screened(screen, re);
    // Texts: the training posts, pairs of them, and random slices (matches at the edges of a text).
    const rnd = rng(7);
    const base = trainingPairs().map((p) => lowerRu(p.text));
    const texts = [...base];
    for (let i = 0; i < 1500; i++) {
      const a = base[Math.floor(rnd() * base.length)]!;
      const b = base[Math.floor(rnd() * base.length)]!;
      const joined = `${a} ${b}`;
      const from = Math.floor(rnd() * joined.length);
      texts.push(joined, joined.slice(from, from + 1 + Math.floor(rnd() * 80)));
    }
    let matches = 0;
    let skipped = 0;
    for (const text of texts) {
      const may = screenText(screen, text);
      regexes.forEach((re, id) => {
        const matched = re.test(text);
        if (matched) {
          matches++;
          expect(may[id], `${re} on "${text}"`).toBe(1);
        } else if (may[id] === 0) skipped++;
      });
    }
    expect(matches).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan(matches); // and it does skip most regexes that do not match
  });

  // Soundness on random regexes over a small alphabet, so every construct meets every other.
  it('never skips a matching random regex', () => {
    const rnd = rng(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const atom = (depth: number): string => {
      const r = rnd();
      if (depth > 2 || r < 0.45) return pick(['a', 'b', 'c', ' ', 'ab', 'ба', '\\.', '.', '\\s', '\\S', '\\d', '[ab]', '[^a]', '[a-c]', '[а-я]', '\\u0061', '\\x62', '😀']);
      if (r < 0.6) return `(?:${alt(depth + 1)})`;
      if (r < 0.7) return `(${alt(depth + 1)})`;
      if (r < 0.8) return pick(['(?<![a])', '(?![b])', '(?=a)', '(?<=b)', '^', '$', '\\b']) + atom(depth + 1);
      return atom(depth + 1) + pick(['?', '*', '+', '{2}', '{1,2}', '{0,1}', '+?', '{2,}']);
    };
    const seq = (depth: number): string => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => atom(depth)).join('');
    const alt = (depth: number): string => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => seq(depth)).join('|');
    const texts = Array.from({ length: 300 }, () => Array.from({ length: Math.floor(rnd() * 12) }, () => pick(['a', 'b', 'c', ' ', '.', '1', 'б', 'а', '😀'])).join(''));
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      let re: RegExp;
      try {
        re = new RegExp(alt(0), 'u');
      } catch {
        continue; // e.g. a quantified assertion
      }
      const screen = regexScreen();
      const s = screened(screen, re);
      for (const text of texts) {
        if (re.test(text)) {
          checked++;
          expect(mayMatch(s, text), `${re} on "${text}"`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

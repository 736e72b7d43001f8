// Picks the responsible authority and co-executors of a classified post from the routing rules of its region.
import type { AbuseCode, AuthorityCode, Evidence, Importance, LocationCode, TopicCode } from '@cur/shared/contracts/index';
import lipetskRules from '../../rules/lipetsk.json' with { type: 'json' };
import {
  compileRules, findPhrases, indexPhrases, type CompiledRule, type CompiledRules, type Phrase, type PhraseHit, type PhraseIndex, type RouteTarget,
} from './rules';

export interface RouteInput {
  text: string;
  topic: TopicCode;
  location: LocationCode;
  importance: Importance;
  abuse: AbuseCode;
  isSpam: boolean;
}

export interface RouteDecision {
  needsResponse: boolean;
  authorities: AuthorityCode[];
  evidence: Evidence[];
}

/** The words of a post, lower case with ё folded into е, and the sentence each stands in. */
interface Tokens {
  norms: string[];
  sentences: number[];
}

// A word is a run of letters and digits (any script); a run of . ! ? or newlines ends a sentence.
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Per UTF-16 code unit of the basic plane: 0 not yet known, 1 a letter or digit, 2 not. */
const WORD_UNIT = new Uint8Array(0x10000);

function isWordCodePoint(cp: number): boolean {
  if (cp >= 0x10000) return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
  let known = WORD_UNIT[cp]!;
  if (known === 0) {
    known = LETTER_OR_DIGIT.test(String.fromCharCode(cp)) ? 1 : 2;
    WORD_UNIT[cp] = known;
  }
  return known === 1;
}

const isSentenceEnd = (code: number): boolean => code === 46 || code === 33 || code === 63 || code === 10;

const foldWord = (w: string): string => {
  const lower = w.toLowerCase();
  return lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower;
};

/**
 * The text lower-cased and folded as a whole, when slicing it at code points gives exactly foldWord() of every
 * slice: lower-casing is per character except for "İ" (one character becomes two) and the final-sigma rule of "Σ"
 * (depends on the neighbours); null for a text with either.
 */
function foldWhole(text: string): string | null {
  if (text.includes('İ') || text.includes('Σ')) return null;
  const folded = foldWord(text);
  return folded.length === text.length ? folded : null;
}

/** The same words and sentences as scanning with /[\p{L}\p{N}]+|[.!?\n]+/gu, in one pass over the code points. */
function tokenize(text: string): Tokens {
  const folded = foldWhole(text);
  const norms: string[] = [];
  const sentences: number[] = [];
  let sentence = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cp = text.codePointAt(i)!;
    if (isWordCodePoint(cp)) {
      const start = i;
      i += cp > 0xffff ? 2 : 1;
      while (i < n) {
        const next = text.codePointAt(i)!;
        if (!isWordCodePoint(next)) break;
        i += next > 0xffff ? 2 : 1;
      }
      norms.push(folded !== null ? folded.slice(start, i) : foldWord(text.slice(start, i)));
      sentences.push(sentence);
    } else if (isSentenceEnd(cp)) {
      i++;
      while (i < n && isSentenceEnd(text.charCodeAt(i))) i++;
      sentence++;
    } else {
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return { norms, sentences };
}

/** All phrases of a rules file in one index, scanned once per post; ids: addressees, request words, then rules. */
interface RouteIndex {
  phrases: PhraseIndex;
  /** the ids of every rule's phrases, parallel to rule.phrases */
  ruleIds: Map<CompiledRule, number[]>;
  /** by id: the body an addressee phrase names, undefined for other phrases */
  addresseeOf: Array<RouteTarget | undefined>;
  /** by id: the phrase is a request word */
  isRequestWord: boolean[];
}

const routeIndexes = new WeakMap<CompiledRules, RouteIndex>();

function routeIndex(rules: CompiledRules): RouteIndex {
  let ix = routeIndexes.get(rules);
  if (ix) return ix;
  const phrases: Phrase[] = [];
  const addresseeOf: Array<RouteTarget | undefined> = [];
  const isRequestWord: boolean[] = [];
  const add = (phrase: Phrase, addressee: RouteTarget | undefined, requestWord: boolean): number => {
    phrases.push(phrase);
    addresseeOf.push(addressee);
    isRequestWord.push(requestWord);
    return phrases.length - 1;
  };
  for (const a of rules.addressees) for (const p of a.phrases) add(p, a.authority, false);
  for (const p of rules.requests.requestWords) add(p, undefined, true);
  const ruleIds = new Map<CompiledRule, number[]>();
  for (const topic of Object.values(rules.topics)) {
    for (const rule of topic.rules) ruleIds.set(rule, rule.phrases.map((p) => add(p, undefined, false)));
  }
  ix = { phrases: indexPhrases(phrases), ruleIds, addresseeOf, isRequestWord };
  routeIndexes.set(rules, ix);
  return ix;
}

/** The administration of a location: a city's own, otherwise the district's. */
export function municipalAuthority(location: LocationCode, rules: CompiledRules): AuthorityCode {
  if (location === 'unknown') return rules.municipal.unknown;
  return rules.municipal.byLocation[location] ?? rules.municipal.otherwise;
}

const resolve = (target: RouteTarget, location: LocationCode, rules: CompiledRules): AuthorityCode =>
  target === '@municipal' ? municipalAuthority(location, rules) : target;

/** Why no answer is due, or null when one is (the needs_response rule of the labelling guide). */
function noResponseReason(input: RouteInput): string | null {
  if (input.isSpam) return 'no_response:spam';
  if (input.abuse !== 'none') return `no_response:abuse_${input.abuse}`;
  if (input.importance === 'low') return 'no_response:low_importance';
  return null;
}

function firstHit(hits: readonly PhraseHit[], id: number): PhraseHit | undefined {
  for (const hit of hits) if (hit.id === id) return hit;
  return undefined;
}

function endsWithAny(word: string, endings: readonly string[]): boolean {
  for (const e of endings) if (word.endsWith(e)) return true;
  return false;
}

function responsible(input: RouteInput, words: string[], hits: readonly PhraseHit[], ix: RouteIndex, rules: CompiledRules): { authority: AuthorityCode; evidence: Evidence } {
  const topic = rules.topics[input.topic];
  for (const rule of topic.rules) {
    if (rule.locations && !rule.locations.has(input.location)) continue;
    if (rule.notLocations.has(input.location)) continue;
    const matched: string[] = [];
    // Each phrase of the rule with its first match, in the order of the phrases.
    for (const id of ix.ruleIds.get(rule) ?? []) {
      const hit = firstHit(hits, id);
      if (hit) matched.push(words.slice(hit.start, hit.end).join(' '));
    }
    const regexHit = rule.regex?.exec(input.text);
    if (regexHit) matched.push(regexHit[0].trim());
    if (matched.length === 0) continue;
    const authority = resolve(rule.authority, input.location, rules);
    return { authority, evidence: { step: 'route', value: authority, matched, rule: rule.id } };
  }
  const authority = resolve(topic.default, input.location, rules);
  const rule = topic.default === '@municipal' ? `${input.topic}.default:municipal:${input.location}` : `${input.topic}.default`;
  return { authority, evidence: { step: 'route', value: authority, matched: [], rule } };
}

/**
 * Bodies the post asks for something: named, then followed by an imperative ("сделайте") or by an
 * infinitive in a sentence with a request word ("просим ... забрать"). In the order they are named.
 */
function askedBodies(input: RouteInput, tokens: Tokens, hits: readonly PhraseHit[], ix: RouteIndex, rules: CompiledRules): Array<{ authority: AuthorityCode; term: string }> {
  const { norms: words, sentences } = tokens;
  const { imperativeEndings, infinitiveEndings, windowWords } = rules.requests;
  const requestSentences = new Set<number>();
  for (const hit of hits) if (ix.isRequestWord[hit.id]) requestSentences.add(sentences[hit.start]!);
  // Hits come by position, then by addressee and phrase: the order of naming, ties in the order of the file.
  const asked: Array<{ authority: AuthorityCode; term: string }> = [];
  const seen = new Set<AuthorityCode>();
  for (const { id, start, end } of hits) {
    const addressee = ix.addresseeOf[id];
    if (addressee === undefined) continue;
    const sentence = sentences[start];
    let isAsked = false;
    for (let k = end; k < Math.min(words.length, end + windowWords); k++) {
      const w = words[k]!;
      if (sentences[k] !== sentence) break;
      if (w.length > 4 && endsWithAny(w, imperativeEndings)) isAsked = true;
      if (w.length > 3 && requestSentences.has(sentences[k]!) && endsWithAny(w, infinitiveEndings)) isAsked = true;
      if (isAsked) break;
    }
    if (!isAsked) continue;
    const authority = resolve(addressee, input.location, rules);
    if (seen.has(authority)) continue;
    seen.add(authority);
    asked.push({ authority, term: words.slice(start, end).join(' ') });
  }
  return asked;
}

/** Routes a post with compiled rules. Pure. */
export function routeWith(input: RouteInput, rules: CompiledRules): RouteDecision {
  const reason = noResponseReason(input);
  if (reason) {
    return { needsResponse: false, authorities: ['none'], evidence: [{ step: 'route', value: 'none', matched: [], rule: reason }] };
  }
  const tokens = tokenize(input.text);
  const ix = routeIndex(rules);
  const hits = findPhrases(ix.phrases, tokens.norms);
  const main = responsible(input, tokens.norms, hits, ix, rules);
  const evidence: Evidence[] = [main.evidence];
  const authorities: AuthorityCode[] = [main.authority];
  // Two bodies only when the post asks two bodies for two different things; the responsible one stays first.
  const asked = askedBodies(input, tokens, hits, ix, rules);
  if (asked.length >= 2) {
    for (const body of asked) {
      if (authorities.includes(body.authority)) continue;
      authorities.push(body.authority);
      evidence.push({ step: 'route', value: body.authority, matched: [body.term], rule: 'co_executor:asked_directly' });
    }
  }
  return { needsResponse: true, authorities, evidence };
}

const bundled = compileRules(lipetskRules);
// The bundled rules are part of the code: an invalid file is a bug, caught by the tests.
if (!bundled.ok) throw new Error(`bundled routing rules are invalid: ${bundled.error.message}`);
export const lipetskRoutingRules: CompiledRules = bundled.value;

/** Routes a post with the bundled Lipetsk rules. */
export function route(input: RouteInput): RouteDecision {
  return routeWith(input, lipetskRoutingRules);
}

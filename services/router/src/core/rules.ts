// The routing rules file: its zod schema, and the compiled form route() reads (phrases, regexes, per topic).
import { z } from 'zod';
import { AuthorityCode, LocationCode, TopicCode } from '@cur/shared/contracts/index';

/** An authority, or "@municipal": the administration of the post's location. */
export const RouteTarget = z.union([AuthorityCode, z.literal('@municipal')]);
export type RouteTarget = z.infer<typeof RouteTarget>;

const Phrases = z.array(z.string().min(1)).default([]);

export const RouteRule = z.object({
  id: z.string().min(1).describe('stable rule id, shown in the evidence'),
  why: z.string().default('').describe('the convention the rule implements'),
  authority: RouteTarget.describe('who is responsible when the rule matches'),
  any: Phrases.describe('phrases; the rule matches when any of them is in the text'),
  regex: z.string().optional().describe('a case-sensitive regular expression (u flag) that also makes the rule match'),
  locations: z.array(LocationCode).optional().describe('the rule applies only to posts from these locations'),
  notLocations: z.array(LocationCode).optional().describe('the rule never applies to posts from these locations'),
}).strict().superRefine((rule, ctx) => {
  if (rule.any.length === 0 && !rule.regex) ctx.addIssue({ code: 'custom', path: ['any'], message: 'a rule needs phrases or a regex' });
  if (rule.regex) {
    try {
      new RegExp(rule.regex, 'u');
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['regex'], message: `invalid regular expression: ${(error as Error).message}` });
    }
  }
  rule.any.forEach((phrase, i) => {
    const problem = phraseProblem(phrase);
    if (problem) ctx.addIssue({ code: 'custom', path: ['any', i], message: problem });
  });
});
export type RouteRule = z.infer<typeof RouteRule>;

export const TopicRules = z.object({
  default: RouteTarget.describe('the responsible authority when no rule of the topic matches'),
  rules: z.array(RouteRule).default([]).describe('checked in order; the first match wins'),
}).strict();

export const Addressee = z.object({
  authority: RouteTarget.describe('the body these phrases name'),
  any: Phrases.describe('ways a post names or addresses the body'),
}).strict();

export const RoutingRulesFile = z.object({
  about: z.string().describe('what the file is'),
  version: z.literal(1),
  region: z.string().min(1).describe('region profile of the rules'),
  municipal: z.object({
    byLocation: z.partialRecord(LocationCode, AuthorityCode).describe('locations with their own administration (the cities)'),
    otherwise: AuthorityCode.describe('the administration of any other location'),
    unknown: AuthorityCode.describe('the administration used when the location is unknown'),
  }).strict(),
  topics: z.record(TopicCode, TopicRules).describe('one entry per topic code'),
  addressees: z.array(Addressee).default([]).describe('bodies a post can ask directly; two asked bodies make a co-executor'),
  requests: z.object({
    imperativeEndings: z.array(z.string().min(1)).describe('endings of an imperative verb ("почините")'),
    infinitiveEndings: z.array(z.string().min(1)).describe('endings of an infinitive ("починить")'),
    requestWords: Phrases.describe('words that make an infinitive a request ("просим")'),
    windowWords: z.number().int().positive().default(5).describe('how many words after a named body the request verb may stand'),
  }).strict(),
}).strict();
export type RoutingRulesFile = z.infer<typeof RoutingRulesFile>;

// ---------------------------------------------------------------------------------------------------
// Phrases: "управляющ* компани*", "пс(ы|ов)", "глав(а|у) (город*|район*)", "a ... b".

type WordMatcher = { exact: Set<string>; prefixes: string[] };
export type Phrase = { source: string; words: Array<WordMatcher | 'gap'> };

const GAP_WORDS = 3;
const STEM_ENDINGS = /^([^()*]+)\(([^()]*)\)$/;
const fold = (s: string): string => s.toLowerCase().replace(/ё/g, 'е');

function phraseProblem(phrase: string): string | null {
  for (const word of phrase.split(' ').filter(Boolean)) {
    if (word === '...') continue;
    if (/^\(.*\)$/.test(word)) {
      if (word.slice(1, -1).split('|').some((w) => w.length === 0 || /[()]/.test(w))) return `cannot read "${word}" in "${phrase}"`;
      continue;
    }
    if (word.includes('(') && !STEM_ENDINGS.test(word)) return `cannot read "${word}" in "${phrase}"`;
    if (/\*./.test(word)) return `"*" must end the word in "${phrase}"`;
  }
  if (phrase.trim().startsWith('...') || phrase.trim().endsWith('...')) return `"..." must stand between words in "${phrase}"`;
  return null;
}

function compileWord(word: string): WordMatcher {
  const m = new Set<string>();
  const prefixes: string[] = [];
  const addSimple = (w: string) => (w.endsWith('*') ? prefixes.push(w.slice(0, -1)) : m.add(w));
  const stem = STEM_ENDINGS.exec(word);
  if (/^\(.*\)$/.test(word)) word.slice(1, -1).split('|').forEach(addSimple);
  else if (stem) (stem[2] ?? '').split('|').forEach((ending) => m.add((stem[1] ?? '') + ending));
  else addSimple(word);
  return { exact: m, prefixes };
}

export function compilePhrase(source: string): Phrase {
  const words = fold(source).split(' ').filter(Boolean).map((w) => (w === '...' ? 'gap' as const : compileWord(w)));
  return { source, words };
}

function wordMatches(m: WordMatcher, token: string): boolean {
  if (m.exact.has(token)) return true;
  for (const p of m.prefixes) if (token.startsWith(p)) return true;
  return false;
}

/** Matches the words of a phrase from word `w` on, at token `t`: the end of the match, or -1. Gaps try the fewest skipped words first. */
function matchFrom(phrase: Phrase, tokens: readonly string[], w: number, t: number): number {
  if (w === phrase.words.length) return t;
  const word = phrase.words[w];
  if (word === 'gap') {
    for (let skip = 0; skip <= GAP_WORDS; skip++) {
      const end = matchFrom(phrase, tokens, w + 1, t + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  const token = tokens[t];
  if (!word || token === undefined || !wordMatches(word, token)) return -1;
  return matchFrom(phrase, tokens, w + 1, t + 1);
}

/** Where the phrase matches in the tokens: [start, end) of every match. */
export function findPhrase(phrase: Phrase, tokens: readonly string[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let t = 0; t < tokens.length; t++) {
    const end = matchFrom(phrase, tokens, 0, t);
    if (end >= 0) found.push([t, end]);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Many phrases at once: an index from a token to the phrases its first word can start, so a text is scanned once.

export interface PhraseIndex {
  phrases: readonly Phrase[];
  /** token -> ids (positions in `phrases`, ascending) of the phrases that can start at it; bounded */
  starts: Map<string, readonly number[]>;
}

export interface PhraseHit { id: number; start: number; end: number }

const STARTS_CACHE_MAX = 100_000;
const NO_IDS: readonly number[] = [];

export const indexPhrases = (phrases: readonly Phrase[]): PhraseIndex => ({ phrases, starts: new Map() });

/** Ids of the phrases whose first word matches the token (a phrase that starts with a gap, or has no words, can start anywhere). */
function startingAt(index: PhraseIndex, token: string): readonly number[] {
  let ids = index.starts.get(token);
  if (ids === undefined) {
    const found: number[] = [];
    for (let id = 0; id < index.phrases.length; id++) {
      const first = index.phrases[id]!.words[0];
      if (first === undefined || first === 'gap' || wordMatches(first, token)) found.push(id);
    }
    ids = found.length > 0 ? found : NO_IDS;
    if (index.starts.size >= STARTS_CACHE_MAX) index.starts.clear();
    index.starts.set(token, ids);
  }
  return ids;
}

/**
 * Every match of every indexed phrase, ordered by start, then by phrase id: for one phrase, the same matches as
 * findPhrase().
 */
export function findPhrases(index: PhraseIndex, tokens: readonly string[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const ids = startingAt(index, tokens[t]!);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const end = matchFrom(index.phrases[id]!, tokens, 0, t);
      if (end >= 0) hits.push({ id, start: t, end });
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------
// The compiled rules.

export interface CompiledRule {
  id: string;
  authority: RouteTarget;
  phrases: Phrase[];
  regex: RegExp | null;
  locations: Set<LocationCode> | null;
  notLocations: Set<LocationCode>;
}

export interface CompiledRules {
  region: string;
  municipal: RoutingRulesFile['municipal'];
  topics: Record<TopicCode, { default: RouteTarget; rules: CompiledRule[] }>;
  addressees: Array<{ authority: RouteTarget; phrases: Phrase[] }>;
  requests: { imperativeEndings: string[]; infinitiveEndings: string[]; requestWords: Phrase[]; windowWords: number };
}

export type RulesError = { code: 'ROUTING_RULES_INVALID'; retriable: false; message: string };
export type CompileRulesResult = { ok: true; value: CompiledRules } | { ok: false; error: RulesError };

/** Validates a routing rules file (errors name the key) and compiles its phrases and regexes. */
export function compileRules(data: unknown): CompileRulesResult {
  const parsed = RoutingRulesFile.safeParse(data);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'ROUTING_RULES_INVALID', retriable: false, message } };
  }
  const file = parsed.data;
  const topics = {} as CompiledRules['topics'];
  for (const topic of TopicCode.options) {
    const t = file.topics[topic];
    topics[topic] = {
      default: t.default,
      rules: t.rules.map((r) => ({
        id: r.id,
        authority: r.authority,
        phrases: r.any.map(compilePhrase),
        regex: r.regex ? new RegExp(r.regex, 'u') : null,
        locations: r.locations ? new Set(r.locations) : null,
        notLocations: new Set(r.notLocations ?? []),
      })),
    };
  }
  return {
    ok: true,
    value: {
      region: file.region,
      municipal: file.municipal,
      topics,
      addressees: file.addressees.map((a) => ({ authority: a.authority, phrases: a.any.map(compilePhrase) })),
      requests: {
        imperativeEndings: file.requests.imperativeEndings.map(fold),
        infinitiveEndings: file.requests.infinitiveEndings.map(fold),
        requestWords: file.requests.requestWords.map(compilePhrase),
        windowWords: file.requests.windowWords,
      },
    },
  };
}

// Abuse step: obscene (mat, plain or masked), insult (without mat), threat (author's intent to harm), or none.
import type { AbuseCode, Evidence } from '@cur/shared/contracts/index';
import {
  INSULT_CONTEXT_EXCEPTIONS, INSULT_TOKENS, MASKED_OBSCENE, OBSCENE_TOKENS, REPORTED_SPEECH, THREAT_PHRASES,
  TRANSLIT_OBSCENE, type TokenRule,
} from '../../../data/abuse-lexicon';
import type { NormalizedText } from '../text/normalize';
import { mayMatch, regexScreen, screened, testScreened } from '../text/prefilter';

export interface AbuseVerdict {
  abuse: AbuseCode;
  evidence: Evidence;
}

// JavaScript's \b knows only ASCII letters: a \b before a word becomes "no letter before", after a word "no letter after".
// A \b followed by a lookahead ("\b(?!\s+собак)") ends a word.
const W = 'а-яёa-z0-9';
const WORD_START = `(?<![${W}])`;
const WORD_END = `(?![${W}])`;
export const compilePhrase = (source: string, flags = 'u'): RegExp =>
  new RegExp(source.replace(/\\b(\[\^)?(\(\?[!=]|.?)/g, (_m, negClass: string | undefined, next: string) =>
    (!negClass && next.length === 1 && /[(а-яёa-z\\[]/.test(next) ? WORD_START : WORD_END) + (negClass ?? '') + next), flags);

interface CompiledTokenRule { name: string; re: RegExp; unless: RegExp | null }
const compileTokens = (rules: TokenRule[]): CompiledTokenRule[] =>
  rules.map((r) => ({ name: r.name, re: new RegExp(r.pattern, 'u'), unless: r.unless ? new RegExp(r.unless, 'u') : null }));

const OBSCENE = compileTokens(OBSCENE_TOKENS);
const INSULT = compileTokens(INSULT_TOKENS);
const TRANSLIT_RE = new RegExp(TRANSLIT_OBSCENE, 'u');
const MASKED_RE = new RegExp(MASKED_OBSCENE, 'u');
// The phrases run on the whole text are screened with one pass over it (text/prefilter): a regex whose literals
// are absent is not run.
const SCREEN = regexScreen();
const INSULT_EXCEPT = new Map(Object.entries(INSULT_CONTEXT_EXCEPTIONS).map(([k, v]) => [k, screened(SCREEN, compilePhrase(v))]));
const THREATS = THREAT_PHRASES.map((p) => {
  const re = compilePhrase(p.pattern, 'gu');
  return { name: p.name, re, screened: screened(SCREEN, re), innocent: p.innocentObject ? compilePhrase(p.innocentObject) : null };
});
const REPORTED_RE = compilePhrase(REPORTED_SPEECH);
/** The author reporting their own words: "я ему сказал", "мы предупредили". */
const AUTHOR_REPORT_RE = compilePhrase('(?:^|[\\s,:;—-])(?:я|мы)\\s+(?:\\S+\\s+){0,2}?(?:сказал|сказала|сказали|написал|написала|написали|пообещал|пообещала|пообещали|предупредил|предупредила|предупредили|предупреждаю|предупреждаем|обещаю|обещаем)\\b');
const NEGATED_RE = /(?:^|[^а-яa-z])(?:не|никогда не|ни за что не)\s+$/u;

function matchRules(rules: CompiledTokenRule[], token: string): string | null {
  for (const r of rules) {
    if (r.re.test(token) && !(r.unless && r.unless.test(token))) return r.name;
  }
  return null;
}

// Tokens repeat across posts: the verdict of one token is cached (bounded), the context checks run per post.
const TOKEN_CACHE_MAX = 100_000;
const obsceneCache = new Map<string, string | null>();
const insultCache = new Map<string, string | null>();
function matchToken(rules: CompiledTokenRule[], token: string): string | null {
  const cache = rules === OBSCENE ? obsceneCache : insultCache;
  let hit = cache.get(token);
  if (hit === undefined) {
    hit = matchRules(rules, token);
    if (cache.size >= TOKEN_CACHE_MAX) cache.clear();
    cache.set(token, hit);
  }
  return hit;
}

/** True when the position sits inside «…», „…“ or "…" quotes. */
function insideQuotes(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const guillemets = (before.match(/[«„“]/g)?.length ?? 0) - (before.match(/[»”]/g)?.length ?? 0);
  if (guillemets > 0) return true;
  return (before.match(/"/g)?.length ?? 0) % 2 === 1;
}

/** The stretch of the same sentence before a match, at most `maxChars` long. */
function clauseBefore(text: string, at: number, maxChars: number): string {
  const from = Math.max(0, at - maxChars);
  const window = text.slice(from, at);
  const cut = Math.max(window.lastIndexOf('.'), window.lastIndexOf('!'), window.lastIndexOf('?'), window.lastIndexOf('\n'));
  return cut >= 0 ? window.slice(cut + 1) : window;
}

const REPORTED_ALL_RE = compilePhrase(REPORTED_SPEECH, 'gu');

/** The last reporting verb of the clause is the author's own ("я ему сказал: …"), not a victim's account. */
function authorReports(before: string): boolean {
  let last: RegExpExecArray | null = null;
  REPORTED_ALL_RE.lastIndex = 0;
  for (let m = REPORTED_ALL_RE.exec(before); m !== null; m = REPORTED_ALL_RE.exec(before)) {
    last = m;
    if (m[0].length === 0) REPORTED_ALL_RE.lastIndex++;
  }
  if (!last) return false;
  const segment = before.slice(Math.max(0, last.index - 25), before.length);
  const verbAt = last.index - Math.max(0, last.index - 25);
  const own = AUTHOR_REPORT_RE.exec(segment);
  return own !== null && own.index <= verbAt && own.index + own[0].length >= verbAt;
}

export interface ThreatMatch { rule: string; term: string }

/** Threats the author makes; a threat quoted by its victim ("кричит «зарежу»", "сказал что убьёт") is skipped. */
export function findThreat(plain: string): ThreatMatch | null {
  for (const t of THREATS) {
    if (!mayMatch(t.screened, plain)) continue;
    t.re.lastIndex = 0;
    for (let m = t.re.exec(plain); m !== null; m = t.re.exec(plain)) {
      const at = m.index;
      const after = plain.slice(at + m[0].length, at + m[0].length + 40);
      if (t.innocent && t.innocent.test(after)) continue;
      if (NEGATED_RE.test(plain.slice(Math.max(0, at - 20), at))) continue;
      if (insideQuotes(plain, at)) continue;
      const before = clauseBefore(plain, at, 80);
      // "я ему сказал: ещё раз — убью" is the author's own threat, told in reported form.
      if (REPORTED_RE.test(before) && !authorReports(before)) continue;
      return { rule: t.name, term: m[0].trim() };
    }
  }
  return null;
}

/** Mat in any of the token views: folded tokens, masked tokens, transliterated Latin. */
export function findObscene(text: Pick<NormalizedText, 'matchTokens' | 'maskedTokens' | 'translitTokens'>): { rule: string; term: string } | null {
  for (const token of text.matchTokens) {
    const rule = matchToken(OBSCENE, token);
    if (rule) return { rule, term: token };
  }
  for (const token of text.maskedTokens) {
    if (MASKED_RE.test(token)) return { rule: 'masked', term: token };
  }
  for (const token of text.translitTokens) {
    if (TRANSLIT_RE.test(token)) return { rule: 'translit', term: token };
  }
  return null;
}

const QUOTED_SPAN = /[«„“"][^«»„“”"]*[»”"]/gu;
const VICTIM_REPORT_RE = compilePhrase('(?:обозвал|назвал|оскорбил|оскорбля|нахамил|сказал[аи]?|кричал[аи]?|заявил[аи]?|ответил[аи]?)|оскорблени|куда\\s+жаловаться');

/** An insult that appears only inside quotes of a post that reports being insulted ("нам сказали «…, идиоты»"). */
function onlyQuotedByVictim(plain: string, token: string): boolean {
  if (!/[«„“"]/.test(plain) || !VICTIM_REPORT_RE.test(plain)) return false;
  return !plain.replace(QUOTED_SPAN, ' ').includes(token);
}

/** Insults about people, unless the context shows the innocent sense (a pig farm, a circus, a blunt pain). */
export function findInsult(text: Pick<NormalizedText, 'matchTokens' | 'plain'>): { rule: string; term: string } | null {
  for (const token of text.matchTokens) {
    const rule = matchToken(INSULT, token);
    if (!rule) continue;
    const except = INSULT_EXCEPT.get(rule);
    if (except && testScreened(except, text.plain)) continue;
    if (onlyQuotedByVictim(text.plain, token)) continue;
    return { rule, term: token };
  }
  return null;
}

/** Threat first (the gravest), then mat, then insult. */
export function detectAbuse(text: NormalizedText): AbuseVerdict {
  const threat = findThreat(text.plain);
  if (threat) return verdict('threat', threat.rule, threat.term);
  const obscene = findObscene(text);
  if (obscene) return verdict('obscene', obscene.rule, obscene.term);
  const insult = findInsult(text);
  if (insult) return verdict('insult', insult.rule, insult.term);
  return { abuse: 'none', evidence: { step: 'abuse', value: 'none', matched: [], rule: 'no-match' } };
}

function verdict(abuse: AbuseCode, rule: string, term: string): AbuseVerdict {
  return { abuse, evidence: { step: 'abuse', value: abuse, matched: [term], rule, score: 1 } };
}

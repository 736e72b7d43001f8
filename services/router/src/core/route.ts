// Picks the responsible authority and co-executors of a classified post from the routing rules of its region.
import type { AbuseCode, AuthorityCode, Evidence, Importance, LocationCode, TopicCode } from '@cur/shared/contracts/index';
import lipetskRules from '../../rules/lipetsk.json' with { type: 'json' };
import { compileRules, findPhrase, type CompiledRules, type RouteTarget } from './rules';

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

interface Token {
  norm: string;
  sentence: number;
}

const WORD_RE = /[\p{L}\p{N}]+|[.!?\n]+/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0];
    if (/^[.!?\n]+$/.test(w)) {
      sentence++;
      continue;
    }
    tokens.push({ norm: w.toLowerCase().replace(/ё/g, 'е'), sentence });
  }
  return tokens;
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

function responsible(input: RouteInput, tokens: string[], rules: CompiledRules): { authority: AuthorityCode; evidence: Evidence } {
  const topic = rules.topics[input.topic];
  for (const rule of topic.rules) {
    if (rule.locations && !rule.locations.has(input.location)) continue;
    if (rule.notLocations.has(input.location)) continue;
    const matched: string[] = [];
    for (const phrase of rule.phrases) {
      const hit = findPhrase(phrase, tokens)[0];
      if (hit) matched.push(tokens.slice(hit[0], hit[1]).join(' '));
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
 * infinitive in a sentence with a request word ("просим ... забрать").
 */
function askedBodies(input: RouteInput, tokens: Token[], rules: CompiledRules): Array<{ authority: AuthorityCode; term: string }> {
  const words = tokens.map((t) => t.norm);
  const { imperativeEndings, infinitiveEndings, requestWords, windowWords } = rules.requests;
  const requestSentences = new Set<number>();
  for (const phrase of requestWords) for (const [start] of findPhrase(phrase, words)) requestSentences.add(tokens[start]?.sentence ?? -1);
  const asked: Array<{ authority: AuthorityCode; term: string; at: number }> = [];
  for (const addressee of rules.addressees) {
    for (const phrase of addressee.phrases) {
      for (const [start, end] of findPhrase(phrase, words)) {
        const sentence = tokens[start]?.sentence;
        let isAsked = false;
        for (let k = end; k < Math.min(tokens.length, end + windowWords); k++) {
          const t = tokens[k];
          if (!t || t.sentence !== sentence) break;
          if (t.norm.length > 4 && imperativeEndings.some((e) => t.norm.endsWith(e))) isAsked = true;
          if (t.norm.length > 3 && requestSentences.has(t.sentence) && infinitiveEndings.some((e) => t.norm.endsWith(e))) isAsked = true;
          if (isAsked) break;
        }
        if (isAsked) asked.push({ authority: resolve(addressee.authority, input.location, rules), term: words.slice(start, end).join(' '), at: start });
      }
    }
  }
  asked.sort((a, b) => a.at - b.at);
  const seen = new Set<AuthorityCode>();
  return asked.filter((a) => (seen.has(a.authority) ? false : (seen.add(a.authority), true)));
}

/** Routes a post with compiled rules. Pure. */
export function routeWith(input: RouteInput, rules: CompiledRules): RouteDecision {
  const reason = noResponseReason(input);
  if (reason) {
    return { needsResponse: false, authorities: ['none'], evidence: [{ step: 'route', value: 'none', matched: [], rule: reason }] };
  }
  const tokens = tokenize(input.text);
  const main = responsible(input, tokens.map((t) => t.norm), rules);
  const evidence: Evidence[] = [main.evidence];
  const authorities: AuthorityCode[] = [main.authority];
  // Two bodies only when the post asks two bodies for two different things; the responsible one stays first.
  const asked = askedBodies(input, tokens, rules);
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

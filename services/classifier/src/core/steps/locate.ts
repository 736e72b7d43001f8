// Finds the municipality of Lipetsk oblast a post names or implies, from a gazetteer of inflected place names.
import { z } from 'zod';
import { LocationCode, type Evidence } from '@cur/shared/contracts/index';
import gazetteerData from '../../../data/gazetteer-lipetsk.json' with { type: 'json' };

export interface LocateVerdict {
  location: LocationCode;
  evidence: Evidence;
}

// ---------------------------------------------------------------------------------------------------
// The gazetteer file: validated at load, every issue names its key.

export const PlaceKind = z.enum([
  'city', 'town', 'village', 'district', 'adjective', 'demonym', 'neighbourhood', 'landmark', 'street', 'region',
]);
export type PlaceKind = z.infer<typeof PlaceKind>;

const WordList = z.array(z.string().min(1));

export const GazetteerPlace = z.object({
  id: z.string().min(1).describe('stable id of the entry, shown in evidence'),
  name: z.string().min(1).describe('display name in Russian'),
  location: LocationCode.describe('the location code this place maps to ("unknown" for region-wide names)'),
  kind: PlaceKind.describe('what the name denotes; sets its default weight'),
  forms: WordList.min(1).describe('inflected and derived forms in the form syntax of the file'),
  weight: z.number().positive().optional().describe('overrides the weight of the kind'),
  requiresCapital: z.boolean().default(false).describe('the first word must be capitalised (the name is also a common word)'),
  ambiguousAtSentenceStart: z.boolean().default(false).describe('at a sentence start, count it only when punctuation follows ("Грязи, ул. ...")'),
  notBefore: WordList.default([]).describe('words that, right after the name, show it is not the place ("Доброе утро")'),
  notBeforePunct: WordList.default([]).describe('characters that, right after the name, show it is not the place ("Красное&Белое")'),
  notAfter: WordList.default([]).describe('words that, right before the name, show it is not the place'),
  requiresPrev: WordList.default([]).describe('the word before the name must be one of these'),
  blockedByCues: WordList.default([]).describe('phrases anywhere in the text that show another sense (the writer Лев Толстой)'),
  needsStreetContext: WordList.default([]).describe('forms (or "*" for all) counted only next to a street word, a preposition or a house number'),
}).strict();
export type GazetteerPlace = z.infer<typeof GazetteerPlace>;

export const OtherRegion = z.object({
  name: z.string().min(1).describe('a place outside the region'),
  forms: WordList.min(1).describe('forms in the form syntax of the file'),
  requiresCapital: z.boolean().default(true).describe('the first word must be capitalised'),
  notAfter: WordList.default([]).describe('words that, right before the name, show another sense ("реки Воронеж")'),
}).strict();

export const GazetteerFile = z.object({
  about: z.string().describe('what the file is'),
  version: z.literal(1),
  region: z.string().min(1).describe('region profile the gazetteer belongs to'),
  endings: z.record(z.string(), z.array(z.string())).describe('named ending sets used as {name} in forms'),
  places: z.array(GazetteerPlace).min(1),
  otherRegions: z.array(OtherRegion).default([]).describe('names that put a post outside the region'),
  impliedCity: z.array(z.object({
    location: LocationCode,
    forms: WordList.min(1),
  }).strict()).default([]).describe('weak cues of a city when no place is named (a tram runs only in Lipetsk)'),
  streetMarkers: WordList.describe('words that introduce a street name: a place name after them is a street'),
  streetContextBefore: WordList.describe('prepositions and words before a bare street name'),
  settlementMarkers: WordList.describe('words that introduce a settlement (с., пос., г.)'),
  awayPrepositions: WordList.describe('prepositions of origin or passage: the place is less likely the subject'),
  abbreviations: WordList.describe('abbreviations whose dot does not end a sentence'),
}).strict().superRefine((file, ctx) => {
  const check = (forms: string[], path: (string | number)[]) => forms.forEach((form, i) => {
    for (const word of form.split(' ')) {
      const problem = wordProblem(word, file.endings);
      if (problem) ctx.addIssue({ code: 'custom', path: [...path, i], message: `form "${form}": ${problem}` });
    }
  });
  file.places.forEach((place, i) => {
    check(place.forms, ['places', i, 'forms']);
    for (const f of place.needsStreetContext) {
      if (f !== '*' && !place.forms.includes(f)) {
        ctx.addIssue({ code: 'custom', path: ['places', i, 'needsStreetContext'], message: `"${f}" is not one of the forms` });
      }
    }
  });
  file.otherRegions.forEach((r, i) => check(r.forms, ['otherRegions', i, 'forms']));
  file.impliedCity.forEach((r, i) => check(r.forms, ['impliedCity', i, 'forms']));
});
export type GazetteerFile = z.infer<typeof GazetteerFile>;

// ---------------------------------------------------------------------------------------------------
// Word patterns: "ельц(а|у|е|ом)", "липецк{adj}", "отверж*", "#num", "елец".

type WordMatcher =
  | { type: 'set'; values: Set<string> }
  | { type: 'prefix'; stem: string }
  | { type: 'num' };

const WORD_SYNTAX = /^([^(){}*#]*)(?:\(([^()]*)\)|\{([a-zA-Z]+)\}|(\*))?$/;
const MAX_PREFIX_EXTRA = 4;
const NUM_TOKEN = /^\d{1,3}(?:й|ом|ого|го|м|ый|ой)?$/;

const fold = (s: string): string => {
  const lower = s.toLowerCase();
  return lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower;
};

function wordProblem(word: string, endings: Record<string, string[]>): string | null {
  if (word === '#num') return null;
  const m = WORD_SYNTAX.exec(word);
  if (!m) return `cannot read "${word}"`;
  if (m[3] && !endings[m[3]]) return `unknown ending set {${m[3]}}`;
  if (m[4] && (m[1] ?? '').length < 3) return `stem of "${word}" is shorter than 3 letters`;
  return null;
}

function compileWord(word: string, endings: Record<string, string[]>): WordMatcher {
  if (word === '#num') return { type: 'num' };
  const m = WORD_SYNTAX.exec(fold(word));
  if (!m) throw new Error(`unreadable word pattern ${word}`); // validated before: a bug
  const stem = m[1] ?? '';
  if (m[4]) return { type: 'prefix', stem };
  const tails = m[2] !== undefined ? m[2].split('|') : m[3] ? (endings[m[3]] ?? []) : [''];
  return { type: 'set', values: new Set(tails.map((t) => stem + fold(t))) };
}

function wordMatches(matcher: WordMatcher, token: string): boolean {
  switch (matcher.type) {
    case 'set': return matcher.values.has(token);
    case 'prefix': return token.startsWith(matcher.stem) && token.length - matcher.stem.length <= MAX_PREFIX_EXTRA;
    case 'num': return NUM_TOKEN.test(token);
  }
}

const compilePhrase = (form: string, endings: Record<string, string[]>): WordMatcher[] =>
  form.split(' ').filter((w) => w.length > 0).map((w) => compileWord(w, endings));

// ---------------------------------------------------------------------------------------------------
// The compiled gazetteer: an index from the first word of every form to its patterns.

const KIND_WEIGHT: Record<PlaceKind | 'other_region', number> = {
  city: 3, town: 3, village: 3, district: 3.5, adjective: 2.5, neighbourhood: 2.5, landmark: 2,
  street: 1.5, demonym: 1.5, region: 0, other_region: 0,
};
/** A mention at least this strong is a named place (not a street or a demonym). */
const STRONG = 2.5;
const FIRST_MENTION_BONUS = 1;
const AWAY_FACTOR = 0.6;
/** Lipetsk and Yelets are the hubs everyone travels to; another place named beside one is usually the subject. */
const HUB_FACTOR = 0.5;
const HUBS: ReadonlySet<LocationCode> = new Set<LocationCode>(['lipetsk_city', 'yelets_city']);
/** A name followed by "район", "р-н", "округ" names the district outright ("Хлевенского района"). */
const DISTRICT_NAMED = 5;
const DISTRICT_WORDS = new Set(['район', 'района', 'районе', 'районом', 'р', 'рн', 'округ', 'округа', 'округе', 'мо']);
const HUB_ACCUSATIVE = new Set(['липецк', 'елец']);
const DIRECTION_WORDS = new Set(['на', 'в', 'во']);
/** A city adjective right after "с.", "пос.", "д." is the name of a village ("с. Елецкое"), not the city. */
const VILLAGE_MARKERS = new Set(['с', 'село', 'селе', 'села', 'селом', 'п', 'пос', 'поселок', 'поселке', 'поселка', 'д', 'деревня', 'деревне', 'деревни', 'хутор']);

interface Pattern {
  entry: CompiledEntry;
  words: WordMatcher[];
  form: string;
  needsStreetContext: boolean;
}

interface CompiledEntry {
  id: string;
  name: string;
  location: LocationCode;
  kind: PlaceKind | 'other_region';
  weight: number;
  requiresCapital: boolean;
  ambiguousAtSentenceStart: boolean;
  notBefore: WordMatcher[];
  notBeforePunct: string[];
  notAfter: WordMatcher[];
  requiresPrev: WordMatcher[];
  blockedByCues: WordMatcher[][];
}

export interface CompiledGazetteer {
  exact: Map<string, Pattern[]>;
  prefix: Map<string, Pattern[]>;
  numeric: Pattern[];
  implied: Array<{ location: LocationCode; words: WordMatcher[]; form: string }>;
  streetMarkers: WordMatcher[];
  streetContext: WordMatcher[];
  settlementMarkers: WordMatcher[];
  away: WordMatcher[];
  abbreviations: Set<string>;
}

export type GazetteerError = { code: 'GAZETTEER_INVALID'; retriable: false; message: string };
export type CompileResult = { ok: true; value: CompiledGazetteer } | { ok: false; error: GazetteerError };

/** Validates a gazetteer file and builds its index. */
export function compileGazetteer(data: unknown): CompileResult {
  const parsed = GazetteerFile.safeParse(data);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'GAZETTEER_INVALID', retriable: false, message } };
  }
  const file = parsed.data;
  const words = (list: string[]) => list.map((w) => compileWord(w, file.endings));
  const out: CompiledGazetteer = {
    exact: new Map(), prefix: new Map(), numeric: [],
    implied: file.impliedCity.flatMap((c) => c.forms.map((form) => ({ location: c.location, words: compilePhrase(form, file.endings), form }))),
    streetMarkers: words(file.streetMarkers.map((w) => w.replace(/ /g, ''))),
    streetContext: words(file.streetContextBefore),
    settlementMarkers: words(file.settlementMarkers),
    away: words(file.awayPrepositions),
    abbreviations: new Set(file.abbreviations.map(fold)),
  };
  const add = (pattern: Pattern) => {
    const first = pattern.words[0];
    if (!first) return;
    if (first.type === 'num') out.numeric.push(pattern);
    else if (first.type === 'prefix') push(out.prefix, first.stem, pattern);
    else for (const v of first.values) push(out.exact, v, pattern);
  };
  for (const place of file.places) {
    const entry: CompiledEntry = {
      id: place.id, name: place.name, location: place.location, kind: place.kind,
      weight: place.weight ?? KIND_WEIGHT[place.kind],
      requiresCapital: place.requiresCapital, ambiguousAtSentenceStart: place.ambiguousAtSentenceStart,
      notBefore: words(place.notBefore), notBeforePunct: place.notBeforePunct, notAfter: words(place.notAfter),
      requiresPrev: words(place.requiresPrev),
      blockedByCues: place.blockedByCues.map((cue) => compilePhrase(cue, file.endings)),
    };
    const streetAll = place.needsStreetContext.includes('*');
    for (const form of place.forms) {
      add({ entry, words: compilePhrase(form, file.endings), form, needsStreetContext: streetAll || place.needsStreetContext.includes(form) });
    }
  }
  for (const region of file.otherRegions) {
    const entry: CompiledEntry = {
      id: `other:${region.name}`, name: region.name, location: 'unknown', kind: 'other_region', weight: 0,
      requiresCapital: region.requiresCapital, ambiguousAtSentenceStart: false, notBefore: [], notBeforePunct: [],
      notAfter: words(region.notAfter), requiresPrev: [], blockedByCues: [],
    };
    for (const form of region.forms) add({ entry, words: compilePhrase(form, file.endings), form, needsStreetContext: false });
  }
  // Longest forms first, so "Елецкий район" wins over "Елецкий" at the same position.
  for (const list of [...out.exact.values(), ...out.prefix.values(), out.numeric]) list.sort((a, b) => b.words.length - a.words.length);
  return { ok: true, value: out };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------------------------------------------------------------------------------------------------
// Tokens with the facts the guards need: case, sentence start, the punctuation around them.

interface Token {
  norm: string;
  surface: string;
  isCapital: boolean;
  isNum: boolean;
  sentenceStart: boolean;
  /** the text between this token and the next one (or the end) */
  after: string;
}

/** Letters (Latin, Cyrillic) and digits make words; everything else separates them. */
function isWordChar(code: number): boolean {
  return (code >= 0x430 && code <= 0x44f) || (code >= 0x410 && code <= 0x42f) || code === 0x451 || code === 0x401
    || (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)
    || (code > 0x7f && code !== 0xa0 && code < 0x2000 && /\p{L}/u.test(String.fromCharCode(code)));
}

const isSentenceEnd = (code: number): boolean => code === 46 || code === 33 || code === 63 || code === 10 || code === 0x2026;
const isUpper = (code: number): boolean => (code >= 0x410 && code <= 0x42f) || code === 0x401 || (code >= 65 && code <= 90);

/**
 * The text lower-cased and folded as a whole, when slicing it gives exactly fold() of every slice: lower-casing
 * is per character except for "İ" (one character becomes two) and the final-sigma rule of "Σ" (depends on the
 * neighbours); null for a text with either.
 */
function foldWhole(text: string): string | null {
  if (text.includes('İ') || text.includes('Σ')) return null;
  const folded = fold(text);
  return folded.length === text.length ? folded : null;
}

function tokenize(text: string, abbreviations: Set<string>): Token[] {
  const tokens: Token[] = [];
  const folded = foldWhole(text);
  const n = text.length;
  let i = 0;
  let gapStart = 0;
  while (i < n) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(text.charCodeAt(i))) i++;
    const prev = tokens[tokens.length - 1];
    let endsSentence = false;
    let onlyDot = true;
    for (let k = gapStart; k < start; k++) {
      const code = text.charCodeAt(k);
      if (isSentenceEnd(code)) {
        endsSentence = true;
        if (code !== 46) onlyDot = false;
      } else if (code !== 32) onlyDot = false;
    }
    // "ул. Мира": the dot of an abbreviation does not end a sentence.
    if (endsSentence && onlyDot && prev && abbreviations.has(prev.norm)) endsSentence = false;
    if (prev) prev.after = text.slice(gapStart, start);
    const surface = text.slice(start, i);
    const first = surface.charCodeAt(0);
    tokens.push({
      norm: folded !== null ? folded.slice(start, i) : fold(surface),
      surface,
      isCapital: isUpper(first) || (first > 0x7f && !(first >= 0x430 && first <= 0x44f) && surface[0] !== surface[0]!.toLowerCase()),
      isNum: first >= 48 && first <= 57,
      sentenceStart: !prev || endsSentence,
      after: '',
    });
    gapStart = i;
  }
  const last = tokens[tokens.length - 1];
  if (last) last.after = text.slice(gapStart);
  return tokens;
}

function anyMatch(matchers: WordMatcher[], token: Token | undefined): boolean {
  if (token === undefined) return false;
  for (const m of matchers) if (wordMatches(m, token.norm)) return true;
  return false;
}

function phraseAt(words: WordMatcher[], tokens: Token[], i: number): boolean {
  for (let k = 0; k < words.length; k++) {
    const token = tokens[i + k];
    const word = words[k];
    if (!token || !word || !wordMatches(word, token.norm)) return false;
  }
  return true;
}

function phraseAnywhere(words: WordMatcher[], tokens: Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (phraseAt(words, tokens, i)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Matching and scoring.

interface Mention {
  entry: CompiledEntry;
  surface: string;
  index: number;
  score: number;
}

const HEADING_PUNCT = /^\s*[,.:;!?()\-–—]/;
const SENTENCE_END = /[.!?…\n]/;
const NEXT_SHOSSE = new Set(['шоссе']);

function guardsPass(p: Pattern, g: CompiledGazetteer, tokens: Token[], i: number): boolean {
  const e = p.entry;
  const head = tokens[i];
  const last = tokens[i + p.words.length - 1];
  const prev = tokens[i - 1];
  const next = tokens[i + p.words.length];
  if (!head || !last) return false;
  if (e.requiresCapital && !head.isCapital) return false;
  if (e.ambiguousAtSentenceStart && head.sentenceStart && !HEADING_PUNCT.test(last.after) && !anyMatch(g.settlementMarkers, prev)) return false;
  if (anyMatch(e.notBefore, next) && !SENTENCE_END.test(last.after)) return false;
  if (e.notBeforePunct.some((c) => last.after.trimStart().startsWith(c))) return false;
  if (anyMatch(e.notAfter, prev)) return false;
  if (e.requiresPrev.length > 0 && !anyMatch(e.requiresPrev, prev)) return false;
  if (e.kind === 'adjective' && HUBS.has(e.location) && prev !== undefined && VILLAGE_MARKERS.has(prev.norm)) return false;
  if (e.blockedByCues.some((cue) => phraseAnywhere(cue, tokens))) return false;
  if (p.needsStreetContext && !(anyMatch(g.streetMarkers, prev) || anyMatch(g.streetContext, prev) || next?.isNum === true)) return false;
  // A settlement name after "ул." or before "шоссе" names a street, not the settlement.
  if (e.kind !== 'street' && e.kind !== 'region' && e.kind !== 'other_region') {
    if (anyMatch(g.streetMarkers, prev)) return false;
    if (next && NEXT_SHOSSE.has(next.norm)) return false;
  }
  return true;
}

const NO_PATTERNS: Pattern[] = [];
const longestFirst = (a: Pattern, b: Pattern): number => b.words.length - a.words.length;

// The patterns a word can start, cached per gazetteer and word (a word's digits decide isNum, so the word is the key).
const CANDIDATE_CACHE_MAX = 100_000;
const candidateCaches = new WeakMap<CompiledGazetteer, Map<string, Pattern[]>>();

function candidatesAt(g: CompiledGazetteer, token: Token): Pattern[] {
  let cache = candidateCaches.get(g);
  if (!cache) {
    cache = new Map();
    candidateCaches.set(g, cache);
  }
  let found = cache.get(token.norm);
  if (found === undefined) {
    found = findCandidates(g, token);
    if (cache.size >= CANDIDATE_CACHE_MAX) cache.clear();
    cache.set(token.norm, found);
  }
  return found;
}

// Hot path (every new word): plain loops, no closures.
function findCandidates(g: CompiledGazetteer, token: Token): Pattern[] {
  const norm = token.norm;
  let found: Pattern[] | undefined = g.exact.get(norm);
  let merged = false;
  for (let len = Math.max(3, norm.length - MAX_PREFIX_EXTRA); len <= norm.length; len++) {
    const list = g.prefix.get(norm.slice(0, len));
    if (!list) continue;
    if (!found) found = list;
    else {
      found = found.concat(list);
      merged = true;
    }
  }
  if (token.isNum) {
    found = found ? found.concat(g.numeric) : g.numeric;
    merged = true;
  }
  if (!found) return NO_PATTERNS;
  // Merged lists are re-sorted: the longest form at a position must be tried first.
  return merged ? found.sort(longestFirst) : found;
}

function findMentions(g: CompiledGazetteer, tokens: Token[]): Mention[] {
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (!token) break;
    let consumed = 1;
    for (const p of candidatesAt(g, token)) {
      if (!phraseAt(p.words, tokens, i) || !guardsPass(p, g, tokens, i)) continue;
      const kind = p.entry.kind;
      // "рейс на Елец", "еду в Липецк": a hub in the accusative after "на"/"в" is where people travel to.
      const toHub = kind === 'city' && HUBS.has(p.entry.location) && HUB_ACCUSATIVE.has(token.norm) && tokens[i - 1] !== undefined
        && DIRECTION_WORDS.has(tokens[i - 1]!.norm);
      const away = toHub || anyMatch(g.away, tokens[i - 1]);
      const after = tokens[i + p.words.length];
      const districtNamed = kind === 'district'
        || ((kind === 'adjective' || kind === 'town') && !HUBS.has(p.entry.location) && after !== undefined && DISTRICT_WORDS.has(after.norm));
      mentions.push({
        entry: p.entry,
        surface: tokens.slice(i, i + p.words.length).map((t) => t.surface).join(' '),
        index: i,
        score: districtNamed ? DISTRICT_NAMED : p.entry.weight * (away ? AWAY_FACTOR : 1),
      });
      consumed = p.words.length;
      break;
    }
    i += consumed;
  }
  return mentions;
}

/** Locates a post with a compiled gazetteer. Pure; about a microsecond per word. */
export function locateWith(text: string, g: CompiledGazetteer): LocateVerdict {
  const tokens = tokenize(text, g.abbreviations);
  const mentions = findMentions(g, tokens);
  const inRegion: Mention[] = [];
  const outside: Mention[] = [];
  for (const m of mentions) {
    if (m.entry.kind === 'other_region') outside.push(m);
    else if (m.entry.location !== 'unknown') inRegion.push(m);
  }

  const totals = new Map<LocationCode, { score: number; first: number; matched: string[]; best: Mention }>();
  for (const m of inRegion) {
    const t = totals.get(m.entry.location);
    if (t) {
      t.score += m.score;
      t.matched.push(m.surface);
      if (m.score > t.best.score) t.best = m;
    } else {
      totals.set(m.entry.location, { score: m.score, first: m.index, matched: [m.surface], best: m });
    }
  }
  for (const m of inRegion) {
    if (m.score < STRONG) continue;
    const t = totals.get(m.entry.location);
    if (t) t.score += FIRST_MENTION_BONUS;
    break;
  }
  for (const hubLocation of HUBS) {
    const hub = totals.get(hubLocation);
    if (!hub) continue;
    let isOtherNamed = false;
    // A named place counts even when it is only the origin of a trip ("из Доброго на Липецк").
    for (const [loc, t] of totals) if (!HUBS.has(loc) && (t.score >= STRONG || t.best.entry.weight >= STRONG)) isOtherNamed = true;
    if (hubLocation === 'lipetsk_city') {
      // Yelets named beside Lipetsk is a place of its own (a train between Yelets and Lipetsk is about Yelets).
      const yelets = totals.get('yelets_city');
      if (yelets && yelets.score >= STRONG) isOtherNamed = true;
    }
    if (isOtherNamed) hub.score *= HUB_FACTOR;
  }

  let winner: [LocationCode, { score: number; first: number; matched: string[]; best: Mention }] | undefined;
  for (const entry of totals) {
    if (!winner || entry[1].score > winner[1].score || (entry[1].score === winner[1].score && entry[1].first < winner[1].first)) winner = entry;
  }

  // A place outside the region with only a street or a demonym from inside: the post is about the other place.
  if (winner && !(outside.length > 0 && winner[1].score < STRONG)) {
    const [location, t] = winner;
    return {
      location,
      evidence: {
        step: 'location', value: location, score: round(t.score), matched: t.matched,
        rule: `gazetteer:${t.best.entry.kind}:${t.best.entry.id}`,
      },
    };
  }
  if (outside.length > 0) {
    return { location: 'unknown', evidence: { step: 'location', value: 'unknown', matched: outside.map((m) => m.surface), rule: 'other_region' } };
  }
  for (const cue of g.implied) {
    for (let i = 0; i < tokens.length; i++) {
      if (phraseAt(cue.words, tokens, i)) {
        return {
          location: cue.location,
          evidence: { step: 'location', value: cue.location, score: 1, matched: [tokens[i]?.surface ?? cue.form], rule: 'implied_city' },
        };
      }
    }
  }
  return { location: 'unknown', evidence: { step: 'location', value: 'unknown', matched: [], rule: 'no_place_named' } };
}

const round = (x: number): number => Math.round(x * 100) / 100;

const bundled = compileGazetteer(gazetteerData);
// The bundled file is part of the code: an invalid one is a bug, caught by the tests.
if (!bundled.ok) throw new Error(`bundled gazetteer is invalid: ${bundled.error.message}`);
const defaultGazetteer: CompiledGazetteer = bundled.value;

/** Finds the municipality a post names or implies, with the bundled Lipetsk gazetteer. */
export function locate(text: string): LocateVerdict {
  return locateWith(text, defaultGazetteer);
}

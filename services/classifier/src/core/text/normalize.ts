// Text views for classification: plain lower-case words and their stems, and a de-obfuscated view for abuse matching.
import stemmerRu from 'natural/lib/natural/stemmers/porter_stemmer_ru';
import { codeUnitSet, runsOf } from './code-units';

export interface NormalizedText {
  /** lower case, ё→е, links, mentions and emoji removed, whitespace collapsed; punctuation kept */
  plain: string;
  /** words of `plain` (Cyrillic, Latin, digits) */
  words: string[];
  /** Russian Porter stems of `words`, stop words removed */
  stems: string[];
  /** de-obfuscated tokens for abuse matching: look-alikes mapped, repeats collapsed, spaced letters joined */
  matchTokens: string[];
  /** tokens that hid letters behind mask characters, e.g. "х*р", "п***ц" (mask runs shown as "*") */
  maskedTokens: string[];
  /** all-Latin tokens transliterated to Cyrillic ("blyat" → "блят"), checked only against mat roots */
  translitTokens: string[];
}

const URL_RE = /(?:https?:\/\/|www\.)\S+|\b[a-z0-9][a-z0-9-]*\.(?:ru|рф|com|net|org|su|info|me|io|online|site|shop|club|pro|biz)\b(?:\/\S*)?/giu;
const MENTION_RE = /(^|\s)@[a-z0-9_.]{3,}/giu;
const EMOJI_RE = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u200d\ufe0f\u20e3]/gu;
const CYR_RE = /[а-я]/;

/** Lower case with ё folded into е: the one spelling every lexicon in this service uses. */
export function lowerRu(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower;
}

/** Removes links, @mentions and emoji (the post itself keeps them; they only add noise to classification). */
export function stripNoise(text: string): string {
  // Cheap gates first: most posts hold no link, no mention and no emoji.
  let out = text;
  if (MAYBE_URL.test(out)) out = out.replace(URL_RE, ' ');
  if (out.includes('@')) out = out.replace(MENTION_RE, '$1 ');
  if (MAYBE_EMOJI.test(out)) out = out.replace(EMOJI_RE, ' ');
  return out;
}
const MAYBE_URL = /https?:|www\.|[a-z0-9]\.[a-zр]/;
const MAYBE_EMOJI = /[\u2190-\u2bff\u3000-\u303f\ud800-\udfff\ufe0f\u200d\u20e3]/;

// Latin and digit look-alikes of Cyrillic letters, applied inside tokens that already hold Cyrillic letters.
const LOOKALIKE: Record<string, string> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у',
  u: 'и', n: 'п', r: 'г', i: 'и', z: 'з', '3': 'з', '0': 'о', '4': 'ч', '6': 'б', '@': 'а', $: 'с',
};

const TRANSLIT_DIGRAPHS: Array<[RegExp, string]> = [
  [/shch|sch/g, 'щ'], [/zh/g, 'ж'], [/ch/g, 'ч'], [/sh/g, 'ш'], [/kh/g, 'х'], [/ts/g, 'ц'],
  [/ya|ja/g, 'я'], [/yu|ju/g, 'ю'], [/yo|jo/g, 'е'], [/ye/g, 'е'], [/([aeiou])y/g, '$1й'],
];
const TRANSLIT: Record<string, string> = {
  a: 'а', b: 'б', v: 'в', g: 'г', d: 'д', e: 'е', z: 'з', i: 'и', j: 'й', k: 'к', l: 'л', m: 'м', n: 'н',
  o: 'о', p: 'п', r: 'р', s: 'с', t: 'т', u: 'у', f: 'ф', h: 'х', c: 'ц', y: 'ы', w: 'в', x: 'кс', q: 'к',
};

/** Transliterates an all-Latin token the way people write Russian mat in Latin letters. */
export function translit(token: string): string {
  let s = token;
  for (const [re, to] of TRANSLIT_DIGRAPHS) s = s.replace(re, to);
  let out = '';
  for (const ch of s) out += TRANSLIT[ch] ?? ch;
  return out;
}

const ALT_READINGS: ReadonlyArray<readonly [string, string]> = [['@', 'и'], ['@', 'е'], ['@', 'о'], ['@', 'я'], ['3', 'е'], ['1', 'и'], ['1', 'л']];
const MASK_CHARS = /[*#%…]/;
const ORDINAL_SUFFIX = /^\d+[а-я]{1,3}$/; // "300го", "47ые": a number with an ending, not an obfuscated word
const EDGE_PUNCT = /^[.\-_'’`]+|[.\-_'’`]+$/g;

/** Folds one raw token (already lower-cased) into its matching form; null when nothing letter-like is left. */
function foldToken(raw: string): { folded: string[]; masked: string | null; latin: string | null } {
  let t = raw.replace(EDGE_PUNCT, '');
  // Leading masks are decoration ("*важно*"); masks after a letter hide letters.
  t = t.replace(/^[*#%…]+/, '');
  // A mask after a whole word is a footnote or emphasis ("важно*"), not hidden letters.
  if (/^[а-яa-z]{4,}[*#%…]+$/.test(t)) t = t.replace(/[*#%…]+$/, '');
  if (!t) return { folded: [], masked: null, latin: null };
  let masked: string | null = null;
  if (MASK_CHARS.test(t) && CYR_RE.test(t.replace(/[a-z@$0-9]/g, (c) => LOOKALIKE[c] ?? c))) {
    masked = t
      .replace(/[a-z@$0-9]/g, (c) => LOOKALIKE[c] ?? c)
      .replace(/[*#%…]+/g, '*')
      .replace(/(.)\1+/g, '$1');
  }
  const hasCyr = CYR_RE.test(t);
  let latin: string | null = null;
  if (!hasCyr && /^[a-z]{3,}$/.test(t)) latin = translit(t);
  let mapped = t;
  // A final Latin "b" stands for "ь" ("блядb"); elsewhere it reads as "в".
  if (hasCyr && !ORDINAL_SUFFIX.test(t)) mapped = t.replace(/b$/, 'ь').replace(/[a-z@$0-9]/g, (c) => LOOKALIKE[c] ?? c);
  mapped = mapped.replace(/[*#%…]+/g, '');
  // Separators inside a word: "х.у.й", "бл-ять"; hyphenated words are kept as parts too.
  const parts = mapped.split(/[.\-_'’`]+/).filter(Boolean);
  const folded: string[] = [];
  if (parts.length > 1) {
    const joined = parts.join('');
    if (parts.every((p) => p.length === 1) || parts.some((p) => p.length <= 3)) folded.push(joined);
    folded.push(...parts);
  } else if (parts.length === 1) {
    folded.push(parts[0]!);
  }
  // "h" and "u" also stand for the sounds х and у ("hуй", "xuй"): keep that reading too.
  if (hasCyr && /[hu]/.test(t)) {
    const alt = t.replace(/h/g, 'х').replace(/u/g, 'у').replace(/[a-z@$0-9]/g, (c) => LOOKALIKE[c] ?? c).replace(/[*#%….\-_'’`]+/g, '');
    if (!folded.includes(alt)) folded.push(alt);
  }
  // "@", "3" and "1" stand for other letters too ("п@здец", "нах@р", "д3бил", "ид1от"): keep those readings as well.
  if (hasCyr && /[@31]/.test(t) && !ORDINAL_SUFFIX.test(t)) {
    for (const [from, to] of ALT_READINGS) {
      if (!t.includes(from)) continue;
      const alt = t.split(from).join(to).replace(/[a-z@$0-9]/g, (c) => LOOKALIKE[c] ?? c).replace(/[*#%….\-_'’`]+/g, '');
      if (!folded.includes(alt)) folded.push(alt);
    }
  }
  return { folded: folded.map((w) => w.replace(/([^0-9])\1+/g, '$1')), masked, latin };
}

const PLAIN_WORD = /^[а-я]+$/;
const REPEAT = /([а-я])\1/;
const REPEATS = /([а-я])\1+/g;

/** What one raw token adds to the match view. */
interface FoldedRaw { words: readonly string[]; masked: string | null; latin: string | null }

// Raw tokens repeat across posts: their folding is cached (bounded).
const FOLD_CACHE_MAX = 100_000;
const foldCache = new Map<string, FoldedRaw>();

function foldRaw(raw: string): FoldedRaw {
  let f = foldCache.get(raw);
  if (f === undefined) {
    if (PLAIN_WORD.test(raw)) {
      // The common case: a plain Cyrillic word needs only repeated letters collapsed.
      f = { words: [REPEAT.test(raw) ? raw.replace(REPEATS, '$1') : raw], masked: null, latin: null };
    } else {
      const { folded, masked, latin } = foldToken(raw);
      f = { words: folded, masked, latin };
    }
    if (foldCache.size >= FOLD_CACHE_MAX) foldCache.clear();
    foldCache.set(raw, f);
  }
  return f;
}

/** Spaced letters "б л я", "х у й" are one word written apart. */
function flushRun(run: string[], matchTokens: string[]): void {
  if (run.length >= 3) matchTokens.push(run.join(''));
  run.length = 0;
}

/** Characters of the raw tokens of the match view (everything but spaces and separating punctuation). */
const NOT_MATCH_SEPARATOR = codeUnitSet(/[^\s,;:!?()«»"“”„<>\[\]{}+=~^/\\|]/);

/** The de-obfuscated token view used by the abuse detector. */
export function matchView(lower: string): Pick<NormalizedText, 'matchTokens' | 'maskedTokens' | 'translitTokens'> {
  const matchTokens: string[] = [];
  const maskedTokens: string[] = [];
  const translitTokens: string[] = [];
  const run: string[] = [];
  for (const raw of runsOf(lower, NOT_MATCH_SEPARATOR)) {
    const { words, masked, latin } = foldRaw(raw);
    if (masked) maskedTokens.push(masked);
    if (latin) translitTokens.push(latin);
    for (const w of words) {
      // A single Cyrillic letter (plain words are all Cyrillic) may be one of spaced letters.
      if (w.length === 1 && isCyrillicLetter(w.charCodeAt(0))) run.push(w);
      else flushRun(run, matchTokens);
      matchTokens.push(w);
    }
  }
  flushRun(run, matchTokens);
  return { matchTokens, maskedTokens, translitTokens };
}

/** а-я, as /[а-я]/ tests it. */
const isCyrillicLetter = (code: number): boolean => code >= 0x430 && code <= 0x44f;

/** Stop words that carry no topic: pronouns, particles, prepositions, auxiliaries. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня ' +
    'еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там ' +
    'потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже ' +
    'себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее ' +
    'сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас ' +
    'про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой ' +
    'им более всегда конечно всю между это эта эти этих этим вообще просто очень уже наш наши нашем нашей нас вот ' +
    'который которая которые которых это весь вся всё свой свои своих своей свое также ещё пожалуйста здравствуйте').split(/\s+/),
);

const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 200_000;

/** Porter stem of one lower-case word, cached (a post's words repeat across posts). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /[а-я]/.test(word) ? stemmerRu.stem(word) : word;
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** natural's AggressiveTokenizerRu: the runs of /[a-zа-яё0-9]/i (without the u flag: per UTF-16 code unit). */
const TOKEN_CHAR = codeUnitSet(/[a-zа-яё0-9]/i);

/** The words natural's Russian tokenizer finds (the same tokens, one pass); digit-only words are kept. */
export function tokenize(plain: string): string[] {
  return runsOf(plain, TOKEN_CHAR);
}

// The stem of a content word, or null for a one-letter word, a stop word or a bare number; cached.
const contentCache = new Map<string, string | null>();

function contentStem(w: string): string | null {
  let s = contentCache.get(w);
  if (s === undefined) {
    s = w.length < 2 || STOP_WORDS.has(w) || /^\d+$/.test(w) ? null : stem(w);
    if (contentCache.size >= STEM_CACHE_MAX) contentCache.clear();
    contentCache.set(w, s);
  }
  return s;
}

/** Stems of the content words of a text (stop words and bare numbers removed). */
export function stemsOf(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const s = contentStem(w);
    if (s !== null) out.push(s);
  }
  return out;
}

/** All views of a text at once. */
export function normalizeText(text: string): NormalizedText {
  const lower = lowerRu(text);
  const stripped = stripNoise(lower);
  const plain = stripped.replace(/\s+/g, ' ').trim();
  const words = tokenize(plain);
  const stems = stemsOf(words);
  return { plain, words, stems, ...matchView(stripped) };
}

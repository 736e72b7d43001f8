// Topic step: a weighted lexicon of stems and phrases and a multinomial naive Bayes model over stems, combined.
import { TopicCode, type Evidence } from '@cur/shared/contracts/index';
import { TOPIC_LEXICON, type LexiconEntry } from '../../../data/topic-lexicon';
import { trainingPairs } from '../../../data/topic-training';
import { normalizeText, type NormalizedText } from '../text/normalize';

export const TOPICS: readonly TopicCode[] = TopicCode.options;

export interface TopicVerdict {
  topic: TopicCode;
  /** combined score per topic, summing to 1 */
  scores: Record<TopicCode, number>;
  evidence: Evidence;
}

// ---------- lexicon ----------

/** A word beginning (or exact word); a phrase is its first word plus the beginnings of the words after it. */
interface WordEntry {
  topic: TopicCode; weight: number; exact: boolean; term: string; rest: readonly string[];
  /** "topic:term": one term counts once per topic and text */
  key: string;
}

export interface CompiledLexicon {
  /** keyed by the (first) word of the term */
  words: Map<string, WordEntry[]>;
  maxWordLen: number;
}

const MIN_PREFIX = 3;
/** Short words match exactly ("ук", "дк", "цен"), longer ones as beginnings. */
const isExact = (w: string): boolean => w.startsWith('=') || w.length <= MIN_PREFIX;

export function compileLexicon(lexicon: Record<TopicCode, readonly LexiconEntry[]>): CompiledLexicon {
  const words = new Map<string, WordEntry[]>();
  let maxWordLen = 0;
  for (const topic of TOPICS) {
    for (const [raw, weight] of lexicon[topic]) {
      const parts = raw.trim().split(/\s+/);
      const first = parts[0]!;
      const key = first.replace(/^=/, '');
      const list = words.get(key) ?? [];
      list.push({ topic, weight, exact: isExact(first), term: raw.trim(), rest: parts.slice(1), key: `${topic}:${raw.trim()}` });
      words.set(key, list);
      maxWordLen = Math.max(maxWordLen, key.length);
    }
  }
  return { words, maxWordLen };
}

export interface LexiconHits {
  score: Record<TopicCode, number>;
  matched: Record<TopicCode, string[]>;
}

const ZERO = Object.freeze(Object.fromEntries(TOPICS.map((t) => [t, 0])) as Record<TopicCode, number>);
const zeroScores = (): Record<TopicCode, number> => ({ ...ZERO });
const EMPTY_MATCHED = Object.freeze(Object.fromEntries(TOPICS.map((t) => [t, [] as string[]])) as Record<TopicCode, string[]>);

// The entries a word can start (its beginnings and exact matches), cached per lexicon and word.
const ENTRY_CACHE_MAX = 100_000;
const entryCaches = new WeakMap<CompiledLexicon, Map<string, WordEntry[]>>();
const NO_ENTRIES: WordEntry[] = [];
function entryCache(lex: CompiledLexicon): Map<string, WordEntry[]> {
  let cache = entryCaches.get(lex);
  if (!cache) { cache = new Map(); entryCaches.set(lex, cache); }
  return cache;
}

function entriesFor(lex: CompiledLexicon, cache: Map<string, WordEntry[]>, w: string): WordEntry[] {
  let found = cache.get(w);
  if (found === undefined) {
    found = [];
    const maxLen = Math.min(w.length, lex.maxWordLen);
    for (let len = 2; len <= maxLen; len++) {
      const entries = lex.words.get(w.slice(0, len));
      if (!entries) continue;
      for (const e of entries) if (!e.exact || len === w.length) found.push(e);
    }
    if (found.length === 0) found = NO_ENTRIES;
    if (cache.size >= ENTRY_CACHE_MAX) cache.clear();
    cache.set(w, found);
  }
  return found;
}

const partMatches = (part: string, word: string | undefined): boolean =>
  word !== undefined && (part.length <= 2 ? word === part : word.startsWith(part));

/** The words after a phrase's first word (at `i`) begin with the rest of the phrase. */
function restMatches(rest: readonly string[], words: readonly string[], i: number): boolean {
  for (let k = 0; k < rest.length; k++) if (!partMatches(rest[k]!, words[i + 1 + k])) return false;
  return true;
}

export function scoreLexicon(text: Pick<NormalizedText, 'words'>, lex: CompiledLexicon): LexiconHits {
  const score = zeroScores();
  // Lists are created on first use; untouched topics share one frozen empty list.
  const matched = { ...EMPTY_MATCHED };
  const seen = new Set<string>();
  // One word counts once per topic, with its longest matching entry ("дворе" is not also "двор"); a phrase
  // starting at the word outranks a single word.
  const perWord = new Map<TopicCode, WordEntry>();
  const words = text.words;
  const cache = entryCache(lex);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    perWord.clear();
    for (const e of entriesFor(lex, cache, w)) {
      if (e.rest.length > 0 && !restMatches(e.rest, words, i)) continue;
      const prev = perWord.get(e.topic);
      if (!prev || e.rest.length >= prev.rest.length) perWord.set(e.topic, e);
    }
    for (const e of perWord.values()) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      score[e.topic] += e.weight;
      if (matched[e.topic] === EMPTY_MATCHED[e.topic]) matched[e.topic] = [];
      matched[e.topic].push(e.term);
    }
  }
  return { score, matched };
}

// ---------- naive Bayes ----------

export interface TopicModel {
  /** log P(stem | topic) per stem */
  logLikelihood: Map<string, Float64Array>;
  /** log P(unseen stem | topic) */
  logUnseen: Float64Array;
  logPrior: Float64Array;
}

const ALPHA = 0.3;

/** Multinomial naive Bayes over stem unigrams; uniform priors, since training data are balanced by design. */
export function trainTopicModel(pairs: Array<{ topic: TopicCode; text: string }>): TopicModel {
  const k = TOPICS.length;
  const counts = new Map<string, Float64Array>();
  const totals = new Float64Array(k);
  for (const { topic, text } of pairs) {
    const ti = TOPICS.indexOf(topic);
    for (const s of new Set(normalizeText(text).stems)) {
      let c = counts.get(s);
      if (!c) { c = new Float64Array(k); counts.set(s, c); }
      c[ti]! += 1;
      totals[ti]! += 1;
    }
  }
  const v = counts.size;
  const logLikelihood = new Map<string, Float64Array>();
  const logUnseen = new Float64Array(k);
  for (let i = 0; i < k; i++) logUnseen[i] = Math.log(ALPHA / (totals[i]! + ALPHA * v));
  for (const [s, c] of counts) {
    const ll = new Float64Array(k);
    for (let i = 0; i < k; i++) ll[i] = Math.log((c[i]! + ALPHA) / (totals[i]! + ALPHA * v));
    logLikelihood.set(s, ll);
  }
  const logPrior = new Float64Array(k).fill(Math.log(1 / k));
  return { logLikelihood, logUnseen, logPrior };
}

/** Posterior per topic; stems never seen in training are ignored. */
export function predictTopicModel(stems: readonly string[], model: TopicModel): Float64Array {
  const k = TOPICS.length;
  const logp = new Float64Array(model.logPrior);
  // Each stem counts once (a Bernoulli-like presence model, as in training).
  for (let j = 0; j < stems.length; j++) {
    const s = stems[j]!;
    if (stems.indexOf(s) !== j) continue;
    const ll = model.logLikelihood.get(s);
    if (!ll) continue;
    for (let i = 0; i < k; i++) logp[i]! += ll[i]!;
  }
  let max = -Infinity;
  for (let i = 0; i < k; i++) max = Math.max(max, logp[i]!);
  let sum = 0;
  for (let i = 0; i < k; i++) { logp[i] = Math.exp(logp[i]! - max); sum += logp[i]!; }
  for (let i = 0; i < k; i++) logp[i]! /= sum;
  return logp;
}

// ---------- combined ----------

export interface TopicResources {
  lexicon: CompiledLexicon;
  model: TopicModel;
}

let cached: TopicResources | null = null;

/** Compiles the lexicon and trains the model from the data files once per process. */
export function topicResources(): TopicResources {
  if (!cached) cached = { lexicon: compileLexicon(TOPIC_LEXICON), model: trainTopicModel(trainingPairs()) };
  return cached;
}

/** Weight of the lexicon against the model in the combined score. */
const LEXICON_WEIGHT = 0.55;

export function classifyTopic(text: NormalizedText, resources: TopicResources = topicResources()): TopicVerdict {
  const hits = scoreLexicon(text, resources.lexicon);
  const posterior = predictTopicModel(text.stems, resources.model);
  let lexTotal = 0;
  for (const t of TOPICS) lexTotal += hits.score[t];
  const scores = zeroScores();
  let best: TopicCode = 'other';
  let bestScore = -1;
  for (let i = 0; i < TOPICS.length; i++) {
    const t = TOPICS[i]!;
    const lexShare = lexTotal > 0 ? hits.score[t] / lexTotal : 0;
    const s = lexTotal > 0 ? LEXICON_WEIGHT * lexShare + (1 - LEXICON_WEIGHT) * posterior[i]! : posterior[i]!;
    scores[t] = s;
    if (s > bestScore) { bestScore = s; best = t; }
  }
  return {
    topic: best,
    scores,
    evidence: {
      step: 'topic',
      value: best,
      score: Math.round(bestScore * 1000) / 1000,
      matched: hits.matched[best].slice(0, 10),
      rule: lexTotal > 0 ? 'lexicon+bayes' : 'bayes',
    },
  };
}

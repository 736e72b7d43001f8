// A second signal for "critical": a logistic-regression model over word stems, adjacent stem pairs and concept families
// (data/danger-concepts.ts: "fire", "injury", "child", "past", "drill"…), trained at load time on our own sentences
// (data/critical-training.ts): present danger vs alarming-sounding routine, past, staged or figurative posts.
// The families let the model recognise a danger in words no training sentence used ("палёным", "мачете") when a word of
// the same family was seen. Pure: the model is built once from constant data (deterministic: fixed order, no
// randomness); scoring a text is a lookup per feature.
import { CONCEPT_FAMILIES } from '../../../data/danger-concepts';
import { ALARMING_NOT_CRITICAL_SENTENCES, CRITICAL_SENTENCES } from '../../../data/critical-training';
import { normalizeText, stem, stemsOf, tokenize } from '../text/normalize';

export interface CriticalModel {
  /** weight of each feature seen in training (a log-odds contribution) */
  weights: ReadonlyMap<string, number>;
  /** log-odds of a text with no known feature */
  bias: number;
}

/** Stem → concept families it belongs to, and the families that tell of a danger. */
const FAMILY_OF = new Map<string, string[]>();
const DANGER_FAMILIES = new Set<string>();
for (const fam of CONCEPT_FAMILIES) {
  if (fam.danger) DANGER_FAMILIES.add(fam.name);
  for (const w of fam.words.split(/\s+/)) {
    if (!w) continue;
    const s = stem(w.replace(/ё/g, 'е'));
    const list = FAMILY_OF.get(s) ?? [];
    if (!list.includes(fam.name)) list.push(fam.name);
    FAMILY_OF.set(s, list);
  }
}

/** The concept families of a text's content stems, and how many of them are dangers. */
export function conceptsOf(stems: readonly string[]): { families: Set<string>; danger: number } {
  const families = new Set<string>();
  let danger = 0;
  for (const s of stems) {
    const fams = FAMILY_OF.get(s);
    if (!fams) continue;
    for (const f of fams) {
      if (families.has(f)) continue;
      families.add(f);
      if (DANGER_FAMILIES.has(f)) danger++;
    }
  }
  return { families, danger };
}

/** The features of a text from its content stems: the stems, adjacent stem pairs and "#family" per concept family. */
export function featuresOfStems(stems: readonly string[]): Set<string> {
  const out = new Set<string>(stems);
  for (let i = 1; i < stems.length; i++) out.add(`${stems[i - 1]} ${stems[i]}`);
  const { families, danger } = conceptsOf(stems);
  for (const f of families) out.add(`#${f}`);
  // The shape of an emergency in any family: a danger, someone exposed to it, a call for help.
  if (danger > 0) {
    out.add('#danger');
    if (danger > 1) out.add('#danger×2');
    const exposed = families.has('child') || families.has('frail') || families.has('people');
    if (exposed) out.add('#danger&exposed');
    if (families.has('urgent') || families.has('no-help')) out.add('#danger&urgent');
  }
  return out;
}

/** The features of a plain lower-case text (normalizeText().plain). */
export function criticalFeatures(plain: string): Set<string> {
  return featuresOfStems(stemsOf(tokenize(plain)));
}

export interface TrainOptions {
  /** a feature must occur in this many training sentences to get a weight */
  minCount: number;
  /** L2 penalty per epoch on every weight */
  l2: number;
  epochs: number;
  /** AdaGrad base step */
  rate: number;
}

export const defaultTrainOptions: TrainOptions = { minCount: 1, l2: 0.002, epochs: 40, rate: 0.1 };

/** Logistic regression by AdaGrad over the sentences in a fixed interleaved order (deterministic). */
export function trainCriticalModel(positive: readonly string[], negative: readonly string[], options: TrainOptions = defaultTrainOptions): CriticalModel {
  const docs: Array<{ f: string[]; y: number }> = [];
  const n = Math.max(positive.length, negative.length);
  for (let i = 0; i < n; i++) {
    if (i < positive.length) docs.push({ f: [...criticalFeatures(normalizeText(positive[i]!).plain)], y: 1 });
    if (i < negative.length) docs.push({ f: [...criticalFeatures(normalizeText(negative[i]!).plain)], y: 0 });
  }
  const count = new Map<string, number>();
  for (const d of docs) for (const f of d.f) count.set(f, (count.get(f) ?? 0) + 1);
  for (const d of docs) d.f = d.f.filter((f) => (count.get(f) ?? 0) >= options.minCount);
  const w = new Map<string, number>();
  const g2 = new Map<string, number>();
  let bias = 0;
  let biasG2 = 0;
  // Class weights so that both classes pull equally whatever their sizes.
  const posW = docs.length / (2 * Math.max(1, positive.length));
  const negW = docs.length / (2 * Math.max(1, negative.length));
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const d of docs) {
      let z = bias;
      for (const f of d.f) z += w.get(f) ?? 0;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - d.y) * (d.y === 1 ? posW : negW);
      biasG2 += g * g;
      bias -= (options.rate * g) / Math.sqrt(biasG2 + 1e-8);
      for (const f of d.f) {
        const wf = w.get(f) ?? 0;
        const gf = g + options.l2 * wf;
        const acc = (g2.get(f) ?? 0) + gf * gf;
        g2.set(f, acc);
        w.set(f, wf - (options.rate * gf) / Math.sqrt(acc + 1e-8));
      }
    }
  }
  return { weights: w, bias };
}

export const CRITICAL_MODEL: CriticalModel = trainCriticalModel(CRITICAL_SENTENCES, ALARMING_NOT_CRITICAL_SENTENCES);

/** Log-odds of the text being a critical report, from its features; also the strongest features for the evidence. */
export function scoreFeatures(features: Iterable<string>, model: CriticalModel = CRITICAL_MODEL): { logOdds: number; top: string[] } {
  let logOdds = model.bias;
  let b1: [string, number] | null = null;
  let b2: [string, number] | null = null;
  let b3: [string, number] | null = null;
  for (const f of features) {
    const w = model.weights.get(f);
    if (w === undefined) continue;
    logOdds += w;
    if (!b1 || w > b1[1]) { b3 = b2; b2 = b1; b1 = [f, w]; }
    else if (!b2 || w > b2[1]) { b3 = b2; b2 = [f, w]; }
    else if (!b3 || w > b3[1]) b3 = [f, w];
  }
  const top: string[] = [];
  for (const b of [b1, b2, b3]) if (b) top.push(b[0]);
  return { logOdds, top };
}

/** The model laid out for scoring without building feature strings: unigrams, bigrams by first stem, families. */
interface ScoringTables { uni: Map<string, number>; bi: Map<string, Map<string, number>>; other: Map<string, number> }
const TABLES = new WeakMap<CriticalModel, ScoringTables>();

function tablesOf(model: CriticalModel): ScoringTables {
  let t = TABLES.get(model);
  if (!t) {
    t = { uni: new Map(), bi: new Map(), other: new Map() };
    for (const [f, w] of model.weights) {
      if (f.startsWith('#')) t.other.set(f, w);
      else {
        const sp = f.indexOf(' ');
        if (sp < 0) t.uni.set(f, w);
        else {
          const a = f.slice(0, sp);
          let inner = t.bi.get(a);
          if (!inner) t.bi.set(a, (inner = new Map()));
          inner.set(f.slice(sp + 1), w);
        }
      }
    }
    TABLES.set(model, t);
  }
  return t;
}

/**
 * The same log-odds as scoreFeatures(featuresOfStems(stems)), without building the feature strings (the hot path of
 * the importance step), and the number of danger families present (the gate of the model-alone decision).
 * `concepts` may be passed when the caller already has conceptsOf(stems).
 */
export function scoreStems(
  stems: readonly string[], model: CriticalModel = CRITICAL_MODEL, concepts: { families: Set<string>; danger: number } = conceptsOf(stems),
): { logOdds: number; top: string[]; danger: number } {
  const t = tablesOf(model);
  let logOdds = model.bias;
  let b1 = ''; let w1 = -Infinity; let b2 = ''; let w2 = -Infinity; let b3 = ''; let w3 = -Infinity;
  const add = (name: string, w: number) => {
    logOdds += w;
    if (w > w1) { b3 = b2; w3 = w2; b2 = b1; w2 = w1; b1 = name; w1 = w; }
    else if (w > w2) { b3 = b2; w3 = w2; b2 = name; w2 = w; }
    else if (w > w3) { b3 = name; w3 = w; }
  };
  const seen = new Set<string>();
  for (let i = 0; i < stems.length; i++) {
    const s = stems[i]!;
    if (!seen.has(s)) {
      seen.add(s);
      const w = t.uni.get(s);
      if (w !== undefined) add(s, w);
    }
    if (i > 0) {
      const a = stems[i - 1]!;
      const w = t.bi.get(a)?.get(s);
      if (w !== undefined) {
        let repeated = false;
        for (let j = 1; j < i && !repeated; j++) repeated = stems[j] === s && stems[j - 1] === a;
        if (!repeated) add(`${a} ${s}`, w);
      }
    }
  }
  const { families, danger } = concepts;
  const fam = (name: string) => { const w = t.other.get(name); if (w !== undefined) add(name, w); };
  for (const f of families) fam(`#${f}`);
  if (danger > 0) {
    fam('#danger');
    if (danger > 1) fam('#danger×2');
    if (families.has('child') || families.has('frail') || families.has('people')) fam('#danger&exposed');
    if (families.has('urgent') || families.has('no-help')) fam('#danger&urgent');
  }
  const top = [b1, b2, b3].filter((x) => x !== '');
  return { logOdds, top, danger };
}

/** Log-odds of a plain lower-case text (normalizeText().plain) being a critical report. */
export function criticalModelScore(plain: string, model: CriticalModel = CRITICAL_MODEL): { logOdds: number; top: string[] } {
  return scoreFeatures(criticalFeatures(plain), model);
}

export interface CrossValidation { k: number; truePositive: number; falseNegative: number; falsePositive: number; trueNegative: number; recall: number; precision: number }

/**
 * k-fold cross-validation over the training sentences: each fold is judged by `decide` with a model trained on the
 * other folds (fold = index mod k, so the split is fixed). A fair generalisation signal for wordings the model has not seen.
 */
export function crossValidateCritical(
  decide: (text: string, model: CriticalModel) => boolean,
  k = 5,
  positive: readonly string[] = CRITICAL_SENTENCES,
  negative: readonly string[] = ALARMING_NOT_CRITICAL_SENTENCES,
  options: TrainOptions = defaultTrainOptions,
): CrossValidation {
  let tp = 0; let fn = 0; let fp = 0; let tn = 0;
  for (let fold = 0; fold < k; fold++) {
    const model = trainCriticalModel(positive.filter((_, i) => i % k !== fold), negative.filter((_, i) => i % k !== fold), options);
    positive.forEach((t, i) => { if (i % k === fold) { if (decide(t, model)) tp++; else fn++; } });
    negative.forEach((t, i) => { if (i % k === fold) { if (decide(t, model)) fp++; else tn++; } });
  }
  return { k, truePositive: tp, falseNegative: fn, falsePositive: fp, trueNegative: tn, recall: tp / Math.max(1, tp + fn), precision: tp / Math.max(1, tp + fp) };
}

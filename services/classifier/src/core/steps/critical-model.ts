// A second signal for "critical": a naive-Bayes model over word stems (and adjacent stem pairs), trained at load time
// on our own sentences (data/critical-training.ts): present danger vs alarming-sounding routine complaints.
// Pure: the model is built once from constant data; scoring a text is a lookup per stem.
import { ALARMING_NOT_CRITICAL_SENTENCES, CRITICAL_SENTENCES } from '../../../data/critical-training';
import { normalizeText, stemsOf, tokenize } from '../text/normalize';

export interface CriticalModel {
  /** log P(feature | critical) − log P(feature | not critical), for features seen in training */
  weights: ReadonlyMap<string, number>;
}

/** The features of a text: its distinct content stems and adjacent stem pairs. */
export function criticalFeatures(plain: string): Set<string> {
  const stems = stemsOf(tokenize(plain));
  const out = new Set<string>(stems);
  for (let i = 1; i < stems.length; i++) out.add(`${stems[i - 1]} ${stems[i]}`);
  return out;
}

/** Bernoulli-style naive Bayes with add-one smoothing; a feature must occur in two training sentences to count. */
export function trainCriticalModel(positive: readonly string[], negative: readonly string[]): CriticalModel {
  const count = (docs: readonly string[]) => {
    const c = new Map<string, number>();
    for (const d of docs) for (const f of criticalFeatures(normalizeText(d).plain)) c.set(f, (c.get(f) ?? 0) + 1);
    return c;
  };
  const pos = count(positive);
  const neg = count(negative);
  const weights = new Map<string, number>();
  for (const f of new Set([...pos.keys(), ...neg.keys()])) {
    const p = pos.get(f) ?? 0;
    const n = neg.get(f) ?? 0;
    if (p + n < 2) continue;
    weights.set(f, Math.log((p + 1) / (positive.length + 2)) - Math.log((n + 1) / (negative.length + 2)));
  }
  return { weights };
}

export const CRITICAL_MODEL: CriticalModel = trainCriticalModel(CRITICAL_SENTENCES, ALARMING_NOT_CRITICAL_SENTENCES);

/** Summed log-odds of the text being a critical report (0 when nothing known); also the strongest features. */
export function criticalModelScore(plain: string, model: CriticalModel = CRITICAL_MODEL): { logOdds: number; top: string[] } {
  let logOdds = 0;
  const hits: Array<[string, number]> = [];
  for (const f of criticalFeatures(plain)) {
    const w = model.weights.get(f);
    if (w === undefined) continue;
    logOdds += w;
    hits.push([f, w]);
  }
  hits.sort((a, b) => b[1] - a[1]);
  return { logOdds, top: hits.slice(0, 3).map(([f]) => f) };
}

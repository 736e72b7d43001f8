// Spike detection: a topic × place whose count in the current window rises far above its own baseline.
import { formatRu, plural } from './russian-plural';

export interface SpikeSeries {
  topic: string;
  location: string;
  /** Counts of the previous windows, oldest first (missing windows are zeros). */
  baseline: number[];
  /** Count in the current window. */
  current: number;
}

export interface SpikeRuleSet {
  minCount: number;
  minRatio: number;
  maxPValue: number;
}

export type SpikeSeverity = 'warning' | 'critical';

export interface SpikeVerdict {
  topic: string;
  location: string;
  count: number;
  baselineMean: number;
  ratio: number;
  zScore: number;
  pValue: number;
  severity: SpikeSeverity;
}

// A topic that was silent for the whole baseline still has some chance of a post: this floor keeps
// "0 before, 5 now" from scoring an infinite ratio and a zero probability.
const baselineFloor = 0.25;

/** P(X >= k) for X ~ Poisson(lambda), summed in log space so large k stays finite. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // 1 - P(X <= k-1); for large k sum the upper tail directly to avoid cancellation.
  let logTerm = k * Math.log(lambda) - lambda - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 1000; i += 1) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-12) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i += 1) s += Math.log(i);
  return s;
}

/** Scores one series; null when it is not a spike by the rules. */
export function scoreSpike(series: SpikeSeries, rules: SpikeRuleSet): SpikeVerdict | null {
  const n = series.baseline.length;
  const mean = n === 0 ? 0 : series.baseline.reduce((a, b) => a + b, 0) / n;
  const lambda = Math.max(mean, baselineFloor);
  const count = series.current;
  if (count < rules.minCount) return null;
  const ratio = count / lambda;
  if (ratio < rules.minRatio) return null;
  const pValue = poissonUpperTail(count, lambda);
  if (pValue > rules.maxPValue) return null;
  const zScore = (count - lambda) / Math.sqrt(lambda);
  const severity: SpikeSeverity = pValue < rules.maxPValue * 1e-3 && ratio >= rules.minRatio * 2 ? 'critical' : 'warning';
  return { topic: series.topic, location: series.location, count, baselineMean: mean, ratio, zScore, pValue, severity };
}

/** Every spike among the series, strongest first. */
export function detectSpikes(series: readonly SpikeSeries[], rules: SpikeRuleSet): SpikeVerdict[] {
  return series
    .map((s) => scoreSpike(s, rules))
    .filter((v): v is SpikeVerdict => v !== null)
    .sort((a, b) => a.pValue - b.pValue || b.count - a.count);
}

export interface WindowCount {
  topic: string;
  location: string;
  /** 0 = the oldest baseline window, baselineWindows = the current window. */
  window: number;
  count: number;
}

/** Turns sparse per-window counts into dense series (absent windows are zero). */
export function toSeries(counts: readonly WindowCount[], baselineWindows: number): SpikeSeries[] {
  const byKey = new Map<string, SpikeSeries>();
  for (const c of counts) {
    if (c.window < 0 || c.window > baselineWindows) continue;
    const key = `${c.topic}\u0000${c.location}`;
    let s = byKey.get(key);
    if (!s) {
      s = { topic: c.topic, location: c.location, baseline: new Array<number>(baselineWindows).fill(0), current: 0 };
      byKey.set(key, s);
    }
    if (c.window === baselineWindows) s.current += c.count;
    else s.baseline[c.window] = (s.baseline[c.window] ?? 0) + c.count;
  }
  return [...byKey.values()];
}

export interface SpikeNames {
  topic: (code: string) => string;
  location: (code: string) => string;
}

/** A plain-language Russian summary for the head of the region and the curators. */
export function describeSpike(spike: SpikeVerdict, windowMin: number, names: SpikeNames): string {
  const period = windowMin % 60 === 0
    ? (windowMin === 60 ? 'за последний час' : `за последние ${windowMin / 60} ${plural(windowMin / 60, 'час', 'часа', 'часов')}`)
    : `за последние ${windowMin} ${plural(windowMin, 'минуту', 'минуты', 'минут')}`;
  const posts = `${spike.count} ${plural(spike.count, 'сообщение', 'сообщения', 'сообщений')}`;
  const usual = spike.baselineMean < 0.05
    ? 'обычно таких сообщений почти нет'
    : `обычно ${formatRu(spike.baselineMean)} за такой же период, в ${formatRu(spike.ratio)} раза больше нормы`;
  const level = spike.severity === 'critical' ? 'Резкий всплеск' : 'Всплеск';
  return `${level} обращений: «${names.topic(spike.topic)}», ${names.location(spike.location)} — ${posts} ${period} (${usual}).`;
}

/** Deterministic id, so the same spike found twice in one window alerts once. */
export const spikeId = (topic: string, location: string, windowStartIso: string): string =>
  `spike:${topic}:${location}:${windowStartIso}`;

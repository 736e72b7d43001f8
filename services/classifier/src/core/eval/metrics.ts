// Scores predictions against labels the way eval/README.md says, with PASS/FAIL against the project targets.
import { AbuseCode, TopicCode } from '@cur/shared/contracts/index';
import type { AnnotationLabels } from '../annotate';

export interface Pair { id: string; gold: AnnotationLabels; pred: AnnotationLabels }

export interface PrecisionRecall { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }

export interface Target { metric: string; value: number; target: number; pass: boolean }

export interface EvalReport {
  n: number;
  topic: { macroF1: number; perTopic: Record<string, PrecisionRecall & { support: number }> };
  abuse: PrecisionRecall & { confusion: Record<string, Record<string, number>> };
  critical: PrecisionRecall;
  location: { accuracy: number };
  needsResponse: { accuracy: number };
  firstAuthority: { accuracyAll: number; accuracyNeedsResponse: number; nNeedsResponse: number };
  targets: Target[];
  pass: boolean;
}

export function precisionRecall(tp: number, fp: number, fn: number): PrecisionRecall {
  // As scikit-learn with zero_division=0: a class never predicted has precision 0, one never labelled recall 0.
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

function binary(pairs: Pair[], isPositive: (l: AnnotationLabels) => boolean): PrecisionRecall {
  let tp = 0, fp = 0, fn = 0;
  for (const { gold, pred } of pairs) {
    const g = isPositive(gold), p = isPositive(pred);
    if (g && p) tp++;
    else if (p) fp++;
    else if (g) fn++;
  }
  return precisionRecall(tp, fp, fn);
}

const share = (pairs: Pair[], ok: (p: Pair) => boolean): number => (pairs.length ? pairs.filter(ok).length / pairs.length : 0);

export function evaluate(pairs: Pair[]): EvalReport {
  const perTopic: EvalReport['topic']['perTopic'] = {};
  for (const t of TopicCode.options) {
    perTopic[t] = { ...binary(pairs, (l) => l.topic === t), support: pairs.filter((p) => p.gold.topic === t).length };
  }
  // Macro-F1 over the 13 codes, each weighted equally (README "Scoring a classifier").
  const macroF1 = TopicCode.options.reduce((s, t) => s + perTopic[t]!.f1, 0) / TopicCode.options.length;
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of AbuseCode.options) {
    confusion[g] = Object.fromEntries(AbuseCode.options.map((p) => [p, 0]));
  }
  for (const { gold, pred } of pairs) confusion[gold.abuse]![pred.abuse]! += 1;
  const abuse = { ...binary(pairs, (l) => l.abuse !== 'none'), confusion };
  const critical = binary(pairs, (l) => l.importance === 'critical');
  const location = { accuracy: share(pairs, (p) => p.gold.location === p.pred.location) };
  const needsResponse = { accuracy: share(pairs, (p) => p.gold.needs_response === p.pred.needs_response) };
  const nr = pairs.filter((p) => p.gold.needs_response);
  const firstAuthority = {
    accuracyAll: share(pairs, (p) => p.gold.authorities[0] === p.pred.authorities[0]),
    accuracyNeedsResponse: share(nr, (p) => p.gold.authorities[0] === p.pred.authorities[0]),
    nNeedsResponse: nr.length,
  };
  const t = (metric: string, value: number, target: number): Target => ({ metric, value, target, pass: value >= target });
  const targets = [
    t('topic macro-F1', macroF1, 0.85),
    t('abuse precision', abuse.precision, 0.95),
    t('abuse recall', abuse.recall, 0.95),
    t('critical recall', critical.recall, 0.9),
    t('critical precision', critical.precision, 0.7),
    t('location accuracy', location.accuracy, 0.9),
    t('first authority accuracy (all)', firstAuthority.accuracyAll, 0.85),
    t('needs_response accuracy', needsResponse.accuracy, 0.9),
  ];
  return {
    n: pairs.length, topic: { macroF1, perTopic }, abuse, critical, location, needsResponse, firstAuthority, targets,
    pass: targets.every((x) => x.pass),
  };
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(5) + '%';

export function formatReport(r: EvalReport): string {
  const lines: string[] = [];
  lines.push(`records: ${r.n}`, '', `TOPIC macro-F1 ${r.topic.macroF1.toFixed(3)}`);
  lines.push('  topic           support  precision  recall     F1');
  for (const [t, m] of Object.entries(r.topic.perTopic)) {
    lines.push(`  ${t.padEnd(15)} ${String(m.support).padStart(7)}  ${pct(m.precision)}    ${pct(m.recall)}  ${m.f1.toFixed(3)}`);
  }
  lines.push('', `ABUSE != none: precision ${pct(r.abuse.precision)}  recall ${pct(r.abuse.recall)}  (tp ${r.abuse.tp}, fp ${r.abuse.fp}, fn ${r.abuse.fn})`);
  lines.push('  gold \\ pred   ' + AbuseCode.options.map((c) => c.padStart(8)).join(''));
  for (const g of AbuseCode.options) {
    lines.push(`  ${g.padEnd(13)}` + AbuseCode.options.map((p) => String(r.abuse.confusion[g]![p]).padStart(8)).join(''));
  }
  lines.push('', `CRITICAL: precision ${pct(r.critical.precision)}  recall ${pct(r.critical.recall)}  (tp ${r.critical.tp}, fp ${r.critical.fp}, fn ${r.critical.fn})`);
  lines.push(`LOCATION accuracy ${pct(r.location.accuracy)}`);
  lines.push(`NEEDS_RESPONSE accuracy ${pct(r.needsResponse.accuracy)}`);
  lines.push(`FIRST AUTHORITY accuracy: all ${pct(r.firstAuthority.accuracyAll)}; needs_response=true (${r.firstAuthority.nNeedsResponse}) ${pct(r.firstAuthority.accuracyNeedsResponse)}`);
  lines.push('', 'TARGETS');
  for (const x of r.targets) lines.push(`  ${x.pass ? 'PASS' : 'FAIL'}  ${x.metric.padEnd(32)} ${x.value.toFixed(3)}  (target ≥ ${x.target})`);
  lines.push(`OVERALL ${r.pass ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}

// CLI: scores the classifier on a labelled file (or scores given predictions) and prints PASS/FAIL per target.
//   npm run eval -- FILE [--predictions PRED.jsonl] [--json] [--errors]
import { readFileSync } from 'node:fs';
import { defaultClassifierConfig } from '../config';
import { createAnnotator, type AnnotationLabels, type AnnotationLine, type EvalRecord } from '../core/annotate';
import { evaluate, formatReport, type Pair } from '../core/eval/metrics';
import { isEvalRecord, parseJsonLines } from './records';

interface Args { file: string; predictions: string | null; json: boolean; errors: boolean }

function parseArgs(argv: string[]): Args | string {
  const args: Args = { file: '', predictions: null, json: false, errors: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--errors') args.errors = true;
    else if (a === '--predictions') {
      const next = argv[++i];
      if (!next) return '--predictions needs a file';
      args.predictions = next;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (!args.file) args.file = a;
    else return `unexpected argument ${a}`;
  }
  return args.file ? args : 'usage: eval FILE [--predictions PRED.jsonl] [--json] [--errors]';
}

const hasLabels = (r: EvalRecord): r is EvalRecord & { labels: AnnotationLabels } =>
  !!r.labels && typeof r.labels.topic === 'string' && Array.isArray(r.labels.authorities);

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') { process.stderr.write(args + '\n'); return 2; }
  const gold = parseJsonLines(readFileSync(args.file, 'utf8'), isEvalRecord);
  for (const e of gold.errors) process.stderr.write(`${args.file}:${e.line}: ${e.error}\n`);
  const labelled = gold.records.filter(hasLabels);
  if (labelled.length < gold.records.length) process.stderr.write(`${gold.records.length - labelled.length} records without labels are not scored\n`);

  const predictions = new Map<string, AnnotationLine>();
  if (args.predictions) {
    const isLine = (v: unknown): v is AnnotationLine => typeof v === 'object' && v !== null && typeof (v as AnnotationLine).id === 'string';
    const pred = parseJsonLines(readFileSync(args.predictions, 'utf8'), isLine);
    for (const e of pred.errors) process.stderr.write(`${args.predictions}:${e.line}: ${e.error}\n`);
    for (const p of pred.records) predictions.set(p.id, p);
  } else {
    const annotate = createAnnotator(defaultClassifierConfig());
    for (const r of gold.records) predictions.set(r.id, annotate(r));
  }
  const pairs: Pair[] = [];
  const missing: string[] = [];
  for (const r of labelled) {
    const p = predictions.get(r.id);
    if (!p) { missing.push(r.id); continue; }
    pairs.push({ id: r.id, gold: r.labels, pred: p });
  }
  if (missing.length) process.stderr.write(`${missing.length} records have no prediction (scored as missing): ${missing.slice(0, 10).join(', ')}\n`);
  const report = evaluate(pairs);
  if (args.json) process.stdout.write(JSON.stringify({ ...report, missing: missing.length }) + '\n');
  else process.stdout.write(formatReport(report) + '\n');
  if (args.errors) {
    for (const { id, gold: g, pred: p } of pairs) {
      const diffs = (['topic', 'importance', 'abuse', 'location', 'needs_response'] as const)
        .filter((k) => g[k] !== p[k]).map((k) => `${k} ${g[k]}→${p[k]}`);
      if (g.authorities[0] !== p.authorities[0]) diffs.push(`authority ${g.authorities[0]}→${p.authorities[0]}`);
      if (diffs.length) process.stderr.write(`${id}: ${diffs.join('; ')}\n`);
    }
  }
  return 0;
}

process.exitCode = main();

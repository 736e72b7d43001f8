// Measures location accuracy and first-authority accuracy on a labelled set: npx tsx services/router/src/cli/measure-dev.ts <dev.jsonl> [--errors]
import { readFileSync } from 'node:fs';
import { locate } from '@cur/classifier/core/steps/locate';
import { route } from '../core/route';
import type { AbuseCode, AuthorityCode, Importance, LocationCode, TopicCode } from '@cur/shared/contracts/index';

interface Labelled {
  id: string;
  text: string;
  labels: { topic: TopicCode; location: LocationCode; importance: Importance; abuse: AbuseCode; authorities: AuthorityCode[]; needs_response: boolean };
}

const [path, ...flags] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: measure-dev.ts <labelled.jsonl> [--errors]\n');
  process.exit(2);
}
const showErrors = flags.includes('--errors');
const records = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Labelled);

let locOk = 0;
let routeOk = 0;
let routeNeedOk = 0;
let needTotal = 0;
let coOk = 0;
let withLocateOk = 0;
const locErrors: string[] = [];
const routeErrors: string[] = [];
for (const r of records) {
  const verdict = locate(r.text);
  if (verdict.location === r.labels.location) locOk++;
  else locErrors.push(`${r.id} gold=${r.labels.location} got=${verdict.location} [${verdict.evidence.rule}: ${verdict.evidence.matched.join(', ')}] ${r.text.slice(0, 140)}`);
  const decision = route({
    text: r.text, topic: r.labels.topic, location: r.labels.location, importance: r.labels.importance,
    abuse: r.labels.abuse, isSpam: false,
  });
  const good = decision.authorities[0] === r.labels.authorities[0];
  const viaLocate = route({
    text: r.text, topic: r.labels.topic, location: verdict.location, importance: r.labels.importance,
    abuse: r.labels.abuse, isSpam: false,
  });
  if (viaLocate.authorities[0] === r.labels.authorities[0]) withLocateOk++;
  if (good) routeOk++;
  if (decision.authorities.join(',') === r.labels.authorities.join(',')) coOk++;
  if (r.labels.needs_response) {
    needTotal++;
    if (good) routeNeedOk++;
  }
  if (!good || decision.authorities.join(',') !== r.labels.authorities.join(',')) {
    routeErrors.push(`${r.id} ${r.labels.topic}/${r.labels.location} gold=${r.labels.authorities.join(',')} got=${decision.authorities.join(',')} [${decision.evidence.map((e) => e.rule).join(' ')}] ${r.text.slice(0, 120)}`);
  }
}
const pct = (a: number, b: number) => `${a}/${b} = ${(a / b).toFixed(3)}`;
process.stdout.write(`location accuracy: ${pct(locOk, records.length)}\n`);
process.stdout.write(`first authority (gold labels in): ${pct(routeOk, records.length)}; on needs_response: ${pct(routeNeedOk, needTotal)}; full list exact: ${pct(coOk, records.length)}\n`);
process.stdout.write(`first authority (gold topic/importance/abuse, location from locate()): ${pct(withLocateOk, records.length)}\n`);
if (showErrors) process.stdout.write(`\n${locErrors.join('\n')}\n\n${routeErrors.join('\n')}\n`);

// Dumps every decision and every piece of evidence of the annotate core, for byte-for-byte comparison before and
// after an optimisation:
//   npx tsx services/classifier/bench/snapshot.ts [extra.jsonl ...] > /tmp/snap-after.txt && cmp /tmp/snap-before.txt /tmp/snap-after.txt
// Inputs: /work/shared/eval/dev.jsonl, any dev.jsonl-format files named as
// arguments, and 5000 + 2000 synthetic posts. For each post: the full classifyPostDetailed outcome (classification
// with evidence, reject, stems), the topic scores and normalised views, the step verdicts, and route() for every
// topic and a few locations, so the router is checked even for posts the classifier does not route.
import { existsSync, readFileSync } from 'node:fs';
import { TopicCode } from '@cur/shared/contracts/index';
import { route } from '@cur/router/core/route';
import { syntheticPosts } from '../src/bench/annotate-bench';
import { defaultClassifierConfig } from '../src/config';
import { createAnnotator, type EvalRecord } from '../src/core/annotate';
import { classifyPostDetailed } from '../src/core/classify';
import { classifyTopic } from '../src/core/steps/classify-topic';
import { detectAbuse } from '../src/core/steps/detect-abuse';
import { detectSpam } from '../src/core/steps/detect-spam';
import { createMemoryHistory } from '../src/core/steps/find-repeat';
import { locate } from '../src/core/steps/locate';
import { rateImportance } from '../src/core/steps/rate-importance';
import { normalizeText } from '../src/core/text/normalize';

const readJsonl = (p: string): EvalRecord[] =>
  readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as EvalRecord);

const sets: Array<[string, EvalRecord[]]> = [];
for (const p of ['/work/shared/eval/dev.jsonl', ...process.argv.slice(2)]) {
  if (existsSync(p)) sets.push([p, readJsonl(p)]);
}
sets.push(['synthetic', syntheticPosts(5000, 42)]);
sets.push(['synthetic7', syntheticPosts(2000, 7)]);

const out: string[] = [];
const config = defaultClassifierConfig();
for (const [name, records] of sets) {
  const annotate = createAnnotator(config);
  const history = createMemoryHistory(config.repeatWindowDays, config.maxHistoryPerAuthor);
  for (const r of records) {
    out.push(`${name} annotate ${JSON.stringify(annotate(r))}`);
    const authorId = r.author_id ?? '';
    const publishedAt = r.published_at ?? '1970-01-01T00:00:00Z';
    const o = classifyPostDetailed({ uid: r.id, text: r.text, authorId, publishedAt }, { history, config });
    if (authorId) history.add({ uid: r.id, authorId, publishedAtMs: Date.parse(publishedAt), topic: o.classification.topic, stems: o.stems });
    out.push(`${name} outcome ${JSON.stringify(o)}`);
    const text = normalizeText(r.text);
    out.push(`${name} norm ${JSON.stringify(text)}`);
    const abuse = detectAbuse(text);
    const spam = detectSpam(r.text, text.plain);
    const topic = classifyTopic(text);
    const place = locate(r.text);
    out.push(`${name} steps ${JSON.stringify({ abuse, spam, topic, place })}`);
    for (const abuseCode of ['none', abuse.abuse] as const) {
      for (const isRepeat of [false, true]) {
        const imp = rateImportance({ plain: text.plain, abuse: abuseCode, isSpam: false, location: place.location, engagement: 120, engagementBaseline: 10, isRepeat });
        out.push(`${name} importance ${JSON.stringify(imp)}`);
      }
    }
    out.push(`${name} route-low ${JSON.stringify(route({ text: r.text, topic: topic.topic, location: place.location, importance: 'low', abuse: 'none', isSpam: false }))}`);
    for (const t of TopicCode.options) {
      out.push(`${name} route ${JSON.stringify(route({ text: r.text, topic: t, location: place.location, importance: 'normal', abuse: 'none', isSpam: false }))}`);
    }
    for (const location of ['lipetsk_city', 'yelets_city', 'unknown', 'gryazinsky'] as const) {
      out.push(`${name} route@${location} ${JSON.stringify(route({ text: r.text, topic: topic.topic, location, importance: 'high', abuse: 'none', isSpam: false }))}`);
    }
  }
}
process.stdout.write(out.join('\n') + '\n');

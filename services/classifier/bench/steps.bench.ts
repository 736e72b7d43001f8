// CPU microseconds per post of every step of the annotate core, each timed alone over the same synthetic posts:
//   npx tsx services/classifier/bench/steps.bench.ts [posts] [rounds]
import { route } from '@cur/router/core/route';
import { syntheticPosts } from '../src/bench/annotate-bench';
import { classifyTopic } from '../src/core/steps/classify-topic';
import { detectAbuse } from '../src/core/steps/detect-abuse';
import { detectSpam } from '../src/core/steps/detect-spam';
import { locate } from '../src/core/steps/locate';
import { rateImportance } from '../src/core/steps/rate-importance';
import { normalizeText } from '../src/core/text/normalize';

const [postsArg, roundsArg] = process.argv.slice(2).map(Number);
const posts = syntheticPosts(postsArg || 3000, 42).map((p) => p.text);
const rounds = roundsArg || 5;
const texts = posts.map((t) => normalizeText(t));
const places = posts.map((t) => locate(t));
const topics = texts.map((t) => classifyTopic(t));

const steps: Array<[string, (i: number) => unknown]> = [
  ['normalize', (i) => normalizeText(posts[i]!)],
  ['abuse', (i) => detectAbuse(texts[i]!)],
  ['spam', (i) => detectSpam(posts[i]!, texts[i]!.plain)],
  ['topic', (i) => classifyTopic(texts[i]!)],
  ['locate', (i) => locate(posts[i]!)],
  ['importance', (i) => rateImportance({ plain: texts[i]!.plain, abuse: 'none', isSpam: false, location: places[i]!.location })],
  ['route', (i) => route({ text: posts[i]!, topic: topics[i]!.topic, location: places[i]!.location, importance: 'normal', abuse: 'none', isSpam: false })],
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const result: Record<string, number> = {};
for (const [name, fn] of steps) {
  for (let i = 0; i < posts.length; i++) fn(i); // warm-up
  const perPost: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < posts.length; i++) fn(i);
    const cpu = process.cpuUsage(cpu0);
    perPost.push((cpu.user + cpu.system) / posts.length);
  }
  result[name] = Math.round(median(perPost) * 10) / 10;
}
process.stdout.write(`STEPS µs/post ${JSON.stringify(result)}\n`);
